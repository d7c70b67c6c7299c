import { stringify } from 'yaml';
import { classifyObject } from '@mlops-portal/plugin-mlops-common';
import { realCluster, kubectl, eventually, type RealCluster } from './realCluster';

/*
 * The stand-in operator (kube-sim's status logic writing through the real
 * API's /status subresource) on the real API server: every operator kind gets
 * the status its real operator would write, with the real generation, and the
 * portal's rules classify it.
 */

const NS = 'rc-operators';

const OBJECTS = [
  { apiVersion: 'kafka.strimzi.io/v1beta2', kind: 'KafkaNodePool', metadata: { name: 'brokers', labels: { 'strimzi.io/cluster': 'events' } }, spec: { replicas: 3, roles: ['broker', 'controller'], storage: { type: 'ephemeral' } } },
  { apiVersion: 'kafka.strimzi.io/v1beta2', kind: 'Kafka', metadata: { name: 'events', annotations: { 'strimzi.io/node-pools': 'enabled', 'strimzi.io/kraft': 'enabled' } }, spec: { kafka: { version: '4.0.0', listeners: [{ name: 'plain', port: 9092, type: 'internal', tls: false }] } } },
  { apiVersion: 'kafka.strimzi.io/v1beta2', kind: 'KafkaTopic', metadata: { name: 'clicks', labels: { 'strimzi.io/cluster': 'events' } }, spec: { partitions: 3, replicas: 3 } },
  { apiVersion: 'minio.min.io/v2', kind: 'Tenant', metadata: { name: 'lake' }, spec: { pools: [{ name: 'pool-0', servers: 4, volumesPerServer: 2 }] } },
  { apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkDeployment', metadata: { name: 'enrich' }, spec: { flinkVersion: 'v1_20', job: { jarURI: 'local:///opt/job.jar', parallelism: 2 } } },
  { apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', metadata: { name: 'k8s' }, spec: { replicas: 2 } },
  { apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'SparkApplication', metadata: { name: 'features' }, spec: { type: 'Python', mode: 'cluster', sparkVersion: '3.5.5' } },
];

describe('the stand-in operator on the real API server', () => {
  let rc: RealCluster;

  const get = (kind: string, name: string) => JSON.parse(kubectl(rc, ['get', `${kind}.${OBJECTS.find(o => o.kind === kind)!.apiVersion.split('/')[0]}`, name, '-n', NS, '-o', 'json']));

  beforeAll(() => {
    rc = realCluster();
    kubectl(rc, ['delete', 'namespace', NS, '--ignore-not-found', '--wait=true', '--timeout=90s']);
    kubectl(rc, ['create', 'namespace', NS]);
    kubectl(rc, ['apply', '-n', NS, '-f', '-'], OBJECTS.map(o => stringify(o)).join('---\n'));
  }, 120_000);

  afterAll(() => {
    if (rc) kubectl(rc, ['delete', 'namespace', NS, '--ignore-not-found', '--wait=false']);
  });

  it.each([
    ['Kafka', 'events', 'Ready'],
    // A node pool has no Ready of its own (status-semantics.md): its health is its Kafka's.
    ['KafkaNodePool', 'brokers', 'Unknown'],
    ['KafkaTopic', 'clicks', 'Ready'],
    ['Tenant', 'lake', 'Ready'],
    ['FlinkDeployment', 'enrich', 'Ready'],
    ['Prometheus', 'k8s', 'Ready'],
    ['SparkApplication', 'features', 'Ready'],
  ])('%s %s gets its status through /status and classifies as %s', async (kind, name, expected) => {
    await eventually(() => {
      const o = get(kind, name);
      expect(o.status).toBeDefined();
      expect(classifyObject(kind, o).status).toBe(expected);
    }, 90_000, 500);
  }, 100_000);

  it('follows a spec change: the status describes the new generation', async () => {
    kubectl(rc, ['patch', 'prometheus.monitoring.coreos.com', 'k8s', '-n', NS, '--type', 'merge', '-p', '{"spec":{"replicas":3}}']);
    await eventually(() => {
      const o = get('Prometheus', 'k8s');
      expect(o.metadata.generation).toBe(2);
      expect([o.status.observedGeneration, o.status.replicas]).toEqual([2, 3]);
    }, 60_000);
  });

  it('a Kafka paused by annotation is Suspended', async () => {
    kubectl(rc, ['annotate', 'kafka.kafka.strimzi.io', 'events', '-n', NS, 'strimzi.io/pause-reconciliation=true']);
    await eventually(() => expect(classifyObject('Kafka', get('Kafka', 'events')).status).toBe('Suspended'), 60_000);
  });
});
