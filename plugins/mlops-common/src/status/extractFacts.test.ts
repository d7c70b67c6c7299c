import { extractFacts } from './extractFacts';
import { fixture } from './__testUtils__/loadFixtures';

const facts = (file: string, name: string) => {
  const o = fixture(file, name);
  return extractFacts(String(o.kind), o);
};

describe('extractFacts', () => {
  it('Kafka: versions, cluster id, listeners, pools, warnings', () => {
    expect(facts('strimzi.yaml', 'ready')).toEqual({
      kafkaVersion: '4.1.0',
      kafkaMetadataVersion: '4.1-IV1',
      clusterId: '7Vq2aQ9pT0y1Z3xW5vU8sA',
      listeners: [
        {
          name: 'plain',
          bootstrapServers: 'mlops-kafka-kafka-bootstrap.data-plane.svc:9092',
          addresses: [{ host: 'mlops-kafka-kafka-bootstrap.data-plane.svc', port: 9092 }],
        },
      ],
      kafkaNodePools: ['controller', 'broker'],
      warnings: [],
    });
    expect(facts('strimzi.yaml', 'ready-with-warnings').warnings).toEqual([
      { reason: 'KRaftControllerCount', message: 'The desired number of KRaft controllers (1) is less than the recommended (3)' },
      { reason: 'KafkaMinInsyncReplicas', message: 'The property min.insync.replicas is not set' },
    ]);
  });

  it('KafkaNodePool and KafkaTopic', () => {
    expect(facts('strimzi.yaml', 'broker')).toEqual({
      cluster: 'mlops-kafka',
      replicas: 3,
      nodeIds: [3, 4, 5],
      roles: ['broker'],
      warnings: [],
    });
    expect(facts('strimzi.yaml', 'raw-events')).toEqual({
      cluster: 'mlops-kafka',
      topicName: 'raw.events',
      partitions: 12,
      replicas: 3,
      warnings: [],
    });
  });

  it('Tenant', () => {
    expect(facts('tenants.yaml', 'initialized-green')).toEqual({
      currentState: 'Initialized',
      healthStatus: 'green',
      availableReplicas: 4,
      pools: [{ ssName: 'mlops-minio-pool-0', state: 'PoolInitialized' }],
      drivesOnline: 8,
      drivesOffline: 0,
      drivesHealing: 0,
      writeQuorum: 5,
      usage: { capacity: 429496729600, rawCapacity: 858993459200, usage: 1073741824, rawUsage: 2147483648 },
      provisionedBuckets: true,
    });
  });

  it('SparkApplication and ScheduledSparkApplication', () => {
    expect(facts('spark.yaml', 'running')).toEqual({
      state: 'RUNNING',
      sparkApplicationId: 'spark-5c0a3e2f6b7d4c1e9a8b7c6d5e4f3a2b',
      executionAttempts: 1,
      submissionAttempts: 1,
      lastSubmissionAttemptTime: '2026-11-25T09:00:03Z',
      driverInfo: {
        podName: 'features-daily-driver',
        webUIAddress: '10.96.12.34:4040',
        webUIPort: 4040,
        webUIServiceName: 'features-daily-ui-svc',
      },
      executorState: { 'features-daily-3f2a1b9c-exec-1': 'RUNNING', 'features-daily-3f2a1b9c-exec-2': 'PENDING' },
    });
    expect(facts('spark.yaml', 'failed').errorMessage).toBe('driver container failed with ExitCode: 1, Reason: Error');
    expect(facts('spark.yaml', 'scheduled')).toEqual({
      schedule: '0 2 * * *',
      suspend: false,
      scheduleState: 'Scheduled',
      lastRun: '2026-11-25T02:00:00Z',
      nextRun: '2026-11-26T02:00:00Z',
      lastRunName: 'features-daily-1764036000',
      pastSuccessfulRunNames: ['features-daily-1763949600', 'features-daily-1763863200'],
      pastFailedRunNames: ['features-daily-1764036000'],
    });
  });

  it('Flink: parsed error message, states', () => {
    expect(facts('flink.yaml', 'failed')).toEqual({
      lifecycleState: 'FAILED',
      jobState: 'FAILED',
      jobManagerDeploymentStatus: 'ERROR',
      reconciliationState: 'DEPLOYED',
      error: 'org.apache.flink.client.deployment.ClusterDeploymentException: Could not create Kubernetes cluster "failed".',
    });
    expect(facts('flink.yaml', 'stable')).toMatchObject({ jobName: 'fraud-scoring', jobState: 'RUNNING', running: 'True' });
    expect(facts('flink.yaml', 'failed').running).toBeUndefined();
  });

  it('Prometheus and Alertmanager replicas', () => {
    expect(facts('prometheus.yaml', 'degraded')).toEqual({
      replicas: 2,
      availableReplicas: 1,
      unavailableReplicas: 1,
      updatedReplicas: 2,
    });
  });

  it('Prometheus shard statuses', () => {
    expect(facts('prometheus.yaml', 'available').shardStatuses).toEqual([
      { shardID: '0', replicas: 2, availableReplicas: 2, unavailableReplicas: 0, updatedReplicas: 2 },
    ]);
  });

  it('Deployment: replica counts and the chart labels only', () => {
    expect(facts('workloads.yaml', 'airflow-scheduler')).toEqual({
      replicas: 2,
      readyReplicas: 2,
      updatedReplicas: 2,
      availableReplicas: 2,
      labels: { tier: 'airflow', component: 'scheduler', release: 'airflow' },
    });
    expect(facts('workloads.yaml', 'rolling').labels).toEqual({
      'app.kubernetes.io/name': 'mlflow',
      'app.kubernetes.io/instance': 'mlflow',
      'app.kubernetes.io/component': 'tracking',
      'app.kubernetes.io/part-of': 'mlflow',
    });
  });

  it('HelmRelease with a chart template', () => {
    expect(facts('helmreleases.yaml', 'install-succeeded')).toEqual({
      suspend: false,
      chart: 'strimzi-kafka-operator',
      chartVersion: '0.49.0',
      appVersion: '0.49.0',
      lastAttemptedReleaseAction: 'install',
      lastAttemptedRevision: '0.49.0',
      sourceRef: { kind: 'HelmRepository', name: 'strimzi', namespace: 'flux-system' },
      dependsOn: [{ name: 'cert-manager', namespace: 'platform-operators' }],
    });
    expect(facts('helmreleases.yaml', 'upgrade-retrying')).toMatchObject({
      failures: 2,
      upgradeFailures: 2,
      lastAttemptedReleaseAction: 'upgrade',
    });
    expect(facts('helmreleases.yaml', 'suspended').suspend).toBe(true);
  });

  it('HelmRelease with chartRef', () => {
    expect(facts('helmreleases.yaml', 'chart-ref')).toMatchObject({
      chart: 'mlflow',
      chartVersion: '1.4.2',
      appVersion: '3.1.0',
      sourceRef: { kind: 'OCIRepository', name: 'mlflow', namespace: 'flux-system' },
      chartRef: true,
    });
  });

  it('Kustomization', () => {
    expect(facts('kustomizations.yaml', 'ready')).toEqual({
      suspend: false,
      path: './platform/data-plane',
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      dependsOn: [{ name: 'platform-operators' }],
      lastAppliedRevision: 'main@sha1:8f3c2a1b9d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a',
      lastAttemptedRevision: 'main@sha1:8f3c2a1b9d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a',
      inventoryCount: 3,
    });
    expect(facts('kustomizations.yaml', 'reconcile-disabled-by-operator').suspend).toBe(true);
  });

  it('sources: url, type, artifact', () => {
    expect(facts('sources.yaml', 'flux-system')).toEqual({
      suspend: false,
      url: 'ssh://git@github.com/example/mlops-platform',
      artifact: {
        revision: 'main@sha1:8f3c2a1b9d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a',
        digest: 'sha256:0d5e9d0b1c2a3f4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e',
        lastUpdateTime: '2026-11-25T10:00:01Z',
        size: 98234,
      },
    });
    expect(facts('sources.yaml', 'bitnami-oci')).toEqual({
      suspend: false,
      url: 'oci://registry-1.docker.io/bitnamicharts',
      type: 'oci',
    });
    expect(facts('sources.yaml', 'models')).toMatchObject({ url: 'minio.data-plane.svc:9000', type: 'generic' });
  });

  it('returns {} for kinds without a card and for junk', () => {
    expect(extractFacts('ConfigMap', { data: {} } as any)).toEqual({});
    expect(extractFacts('Kafka', null as any)).toEqual({});
    expect(extractFacts('Kafka', { status: { listeners: 'x', kafkaNodePools: [null, 1] } } as any)).toEqual({
      listeners: [],
      kafkaNodePools: [],
      warnings: [],
    });
  });
});
