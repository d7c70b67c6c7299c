import { classifyObject } from './classifyObject';
import { extractFacts } from './extractFacts';
import { slimObject } from './slimObject';
import { allFixtures, fixture } from './__testUtils__/loadFixtures';

const fixtures = allFixtures();

describe('slimObject', () => {
  it('has fixtures to check', () => {
    expect(fixtures.length).toBeGreaterThan(80);
  });

  it.each(fixtures.map(f => [f.file, f.name, f.kind, f.obj] as const))(
    '%s %s: classify and facts are the same on the slim object',
    (_file, _name, kind, obj) => {
      const slim = slimObject(kind, obj);
      expect(classifyObject(kind, slim)).toEqual(classifyObject(kind, obj));
      expect(extractFacts(kind, slim)).toEqual(extractFacts(kind, obj));
    },
  );

  it('drops what no view reads: pod templates, values, config, other annotations', () => {
    const deployment = slimObject('Deployment', fixture('workloads.yaml', 'airflow-scheduler'));
    expect(deployment.spec).toEqual({
      replicas: 2,
      selector: { matchLabels: { tier: 'airflow', component: 'scheduler', release: 'airflow' } },
    });
    expect(deployment.metadata?.annotations).toBeUndefined();
    expect(deployment.metadata?.labels?.component).toBe('scheduler');

    const hr = slimObject('HelmRelease', fixture('helmreleases.yaml', 'install-succeeded'));
    expect(hr.spec.values).toBeUndefined();
    expect(hr.metadata?.annotations).toEqual({ 'mlops-portal.io/suspend-reason': '' });
    expect(hr.spec.chart.spec.sourceRef).toEqual({ kind: 'HelmRepository', name: 'strimzi', namespace: 'flux-system' });

    const kafka = slimObject('Kafka', fixture('strimzi.yaml', 'ready'));
    expect(kafka.spec.kafka.config).toBeUndefined();
    expect(kafka.spec.kafka.listeners).toBeUndefined();
  });

  it('keeps the reconcile annotations and inventory ids without the version', () => {
    const k = slimObject('Kustomization', fixture('kustomizations.yaml', 'ready'));
    expect(k.metadata?.annotations).toEqual({ 'reconcile.fluxcd.io/requestedAt': '2026-11-25T10:00:00Z' });
    expect(k.status.inventory.entries[0]).toEqual({ id: 'data-plane_mlops-kafka_kafka.strimzi.io_Kafka' });
    expect(k.status.history).toEqual([
      {
        digest: 'sha256:1f0e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
        firstReconciled: '2026-11-20T09:13:01Z',
        lastReconciled: '2026-11-25T10:00:04Z',
        lastReconciledDuration: '2.1s',
        lastReconciledStatus: 'ReconciliationSucceeded',
        totalReconciliations: 712,
        metadata: { revision: 'main@sha1:8f3c2a1b9d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a' },
      },
    ]);
    expect(k.metadata).toMatchObject({
      name: 'ready',
      namespace: 'flux-system',
      generation: 3,
      uid: '5f3c7a2e-1b9d-4a8e-9c1f-2d3e4f5a6b7c',
      resourceVersion: '184467',
      creationTimestamp: '2026-11-20T09:12:44Z',
    });
  });

  it('keeps HelmRelease history snapshots without test hooks', () => {
    const o = fixture('helmreleases.yaml', 'chart-ref');
    o.status.history[0].testHooks = { 'mlflow-test': { phase: 'Succeeded', lastStarted: '2026-11-24T10:00:41Z' } };
    const slim = slimObject('HelmRelease', o);
    expect(slim.status.history).toHaveLength(2);
    expect(slim.status.history[0]).toEqual({
      appVersion: '3.1.0',
      chartName: 'mlflow',
      chartVersion: '1.4.2',
      ociDigest: 'sha256:c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
      firstDeployed: '2026-11-21T10:00:00Z',
      lastDeployed: '2026-11-24T10:00:00Z',
      name: 'mlflow',
      namespace: 'ml-lifecycle',
      status: 'deployed',
      version: 3,
    });
  });

  it('keeps the pause and Flux Operator annotations', () => {
    expect(slimObject('Kafka', fixture('strimzi.yaml', 'paused')).metadata?.annotations).toEqual({
      'strimzi.io/pause-reconciliation': 'true',
    });
    expect(
      slimObject('Kustomization', fixture('kustomizations.yaml', 'reconcile-disabled-by-operator')).metadata
        ?.annotations,
    ).toEqual({ 'fluxcd.controlplane.io/reconcile': 'disabled' });
  });

  it('is much smaller than the object for a chatty kind', () => {
    const o = fixture('flink.yaml', 'stable');
    expect(JSON.stringify(slimObject('FlinkDeployment', o)).length).toBeLessThan(JSON.stringify(o).length / 2);
  });

  it('does not alias the source metadata', () => {
    const o = fixture('workloads.yaml', 'airflow-scheduler');
    const slim = slimObject('Deployment', o);
    slim.metadata!.labels!.tier = 'changed';
    expect(o.metadata!.labels!.tier).toBe('airflow');
  });

  it('returns an empty object for junk', () => {
    expect(slimObject('Kafka', null as any)).toEqual({});
    expect(slimObject('Kafka', { metadata: 'x', status: 5 } as any)).toEqual({});
  });
});
