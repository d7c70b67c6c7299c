import { classifyObject } from './classifyObject';
import { fixture } from './__testUtils__/loadFixtures';
import type { KubeObject, ObjectStatus, StatusBadge } from './types';

type Row = [
  file: string,
  name: string,
  status: ObjectStatus,
  reason: string,
  badges: StatusBadge[],
  extra?: { revision?: string; since?: string; message?: RegExp },
];

function expectStatus(file: string, name: string, expected: Omit<Row, 0 | 1>) {
  const o = fixture(file, name);
  const r = classifyObject(String(o.kind), o);
  const [status, reason, badges, extra] = expected as unknown as [
    ObjectStatus,
    string,
    StatusBadge[],
    Row[5],
  ];
  expect({ status: r.status, reason: r.reason }).toEqual({ status, reason });
  expect([...r.badges].sort()).toEqual([...badges].sort());
  if (extra?.revision !== undefined) expect(r.revision).toBe(extra.revision);
  if (extra?.since !== undefined) expect(r.since).toBe(extra.since);
  if (extra?.message) expect(r.message).toMatch(extra.message);
}

describe('Flux rules (status-semantics.md, order 1-7)', () => {
  const rows: Row[] = [
    ['kustomizations.yaml', 'ready', 'Ready', 'ReconciliationSucceeded', [], {
      revision: 'main@sha1:8f3c2a1b9d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a',
      since: '2026-11-25T10:00:04Z',
    }],
    // 1. suspended wins over a failing, stale status
    ['kustomizations.yaml', 'suspended-was-failing', 'Suspended', 'Suspended', ['last-known'], {
      message: /Last known Ready: False \(BuildFailed\)/,
      since: '2026-11-24T08:00:00Z',
      revision: 'main@sha1:1111111111111111111111111111111111111111',
    }],
    ['kustomizations.yaml', 'reconcile-disabled-by-operator', 'Suspended', 'ReconcileDisabled', ['last-known'], {
      message: /fluxcd\.controlplane\.io\/reconcile/,
    }],
    // 2. stale generation, status-level and per-condition
    ['kustomizations.yaml', 'stale-generation', 'Progressing', 'StaleGeneration', ['stale'], {
      message: /generation 4.*generation 5/,
    }],
    ['kustomizations.yaml', 'stale-ready-condition', 'Progressing', 'StaleGeneration', ['stale'], {
      message: /Ready describes generation 6/,
    }],
    ['kustomizations.yaml', 'ready-condition-generation-zero', 'Ready', 'ReconciliationSucceeded', []],
    // 3. Stalled
    ['kustomizations.yaml', 'stalled', 'Failed', 'ArtifactFailed', [], {
      revision: 'main@sha1:5555555555555555555555555555555555555555',
      message: /path not found/,
    }],
    // 4. Reconciling / Ready Unknown
    ['kustomizations.yaml', 'reconciling', 'Progressing', 'Progressing', [], { message: /Running health checks/ }],
    ['kustomizations.yaml', 'ready-unknown-only', 'Progressing', 'Progressing', [], { message: /in progress/ }],
    // 5. DependencyNotReady vs other Ready False
    ['kustomizations.yaml', 'dependency-not-ready', 'Progressing', 'DependencyNotReady', [], { message: /platform-operators/ }],
    ['kustomizations.yaml', 'health-check-failed', 'Failed', 'HealthCheckFailed', [], {
      revision: 'main@sha1:8888888888888888888888888888888888888888',
    }],
    // 7. no Ready
    ['kustomizations.yaml', 'no-status', 'Unknown', 'NoReadyCondition', []],
    ['kustomizations.yaml', 'malformed-timestamps', 'Ready', 'ReconciliationSucceeded', [], { since: 'yesterday-ish' }],

    ['helmreleases.yaml', 'install-succeeded', 'Ready', 'InstallSucceeded', [], { revision: '0.49.0' }],
    ['helmreleases.yaml', 'chart-ref', 'Ready', 'UpgradeSucceeded', [], { revision: '1.4.2' }],
    // Failing and retrying is a failure (flux get READY False; Flux Operator reporter: Failed).
    ['helmreleases.yaml', 'upgrade-retrying', 'Failed', 'UpgradeFailed', ['retrying'], {
      message: /context deadline exceeded/,
      revision: '1.18.0',
    }],
    ['helmreleases.yaml', 'retries-exceeded', 'Failed', 'RetriesExceeded', [], { revision: '1.18.0' }],
    ['helmreleases.yaml', 'install-failed', 'Failed', 'InstallFailed', [], { revision: '16.2.1' }],
    ['helmreleases.yaml', 'drifted', 'Ready', 'UpgradeSucceeded', ['drifted']],
    ['helmreleases.yaml', 'no-drift', 'Ready', 'UpgradeSucceeded', [], { revision: '79.1.0' }],
    // Ready's own observedGeneration decides first, for HelmRelease too (flux2 cmd/flux/readiness.go).
    ['helmreleases.yaml', 'condition-generation-ignored', 'Progressing', 'StaleGeneration', ['stale'], {
      message: /Ready describes generation 3/,
    }],
    ['helmreleases.yaml', 'stale-generation', 'Progressing', 'StaleGeneration', ['stale']],
    ['helmreleases.yaml', 'suspended', 'Suspended', 'Suspended', ['last-known'], { since: '2026-11-25T09:15:00Z' }],
    ['helmreleases.yaml', 'v2beta1-last-applied', 'Ready', 'ReconciliationSucceeded', [], { revision: '18.1.5' }],

    ['sources.yaml', 'flux-system', 'Ready', 'Succeeded', [], {
      revision: 'main@sha1:8f3c2a1b9d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a',
    }],
    ['sources.yaml', 'not-verified', 'Ready', 'Succeeded', ['not-verified']],
    ['sources.yaml', 'fetch-failed', 'Failed', 'GitOperationFailed', [], { message: /authentication required/ }],
    ['sources.yaml', 'bitnami-oci', 'Ready', 'Static', []],
    ['sources.yaml', 'oci-suspended', 'Suspended', 'Suspended', ['last-known']],
    ['sources.yaml', 'https-no-status', 'Unknown', 'NoReadyCondition', []],
    ['sources.yaml', 'strimzi', 'Ready', 'Succeeded', [], {
      revision: 'sha256:2222222222222222222222222222222222222222222222222222222222222222',
    }],
    ['sources.yaml', 'mlflow', 'Ready', 'Succeeded', [], {
      revision: '1.4.2@sha256:c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
    }],
    ['sources.yaml', 'orchestration-airflow', 'Ready', 'ChartPullSucceeded', [], { revision: '1.18.0' }],
    ['sources.yaml', 'models', 'Progressing', 'Progressing', []],
  ];
  it.each(rows)('%s %s → %s (%s)', (file, name, ...expected) => expectStatus(file, name, expected as any));

  it('uses the HelmRelease history, not lastAttemptedRevision, while they differ', () => {
    const o = fixture('helmreleases.yaml', 'chart-ref');
    expect(o.status.lastAttemptedRevision).not.toBe('1.4.2');
    expect(classifyObject('HelmRelease', o).revision).toBe('1.4.2');
  });

  it('falls back to lastAttemptedRevision when a HelmRelease has no history', () => {
    const o = fixture('helmreleases.yaml', 'retries-exceeded');
    expect(o.status.history).toBeUndefined();
    expect(classifyObject('HelmRelease', o).revision).toBe('1.18.0');
  });

  it('shows ProgressingWithRetry without Ready False as plain progress', () => {
    const o = fixture('helmreleases.yaml', 'upgrade-retrying');
    o.status.conditions[0].status = 'Unknown';
    const r = classifyObject('HelmRelease', o);
    expect(r.status).toBe('Progressing');
    expect(r.reason).toBe('ProgressingWithRetry');
    expect(r.badges).not.toContain('retrying');
  });

  it('treats Flux Operator kinds by their API group', () => {
    const o: KubeObject = {
      apiVersion: 'fluxcd.controlplane.io/v1',
      kind: 'ResourceSet',
      metadata: { name: 'apps', generation: 1, annotations: { 'fluxcd.controlplane.io/reconcile': 'disabled' } },
      status: { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded' }] },
    };
    expect(classifyObject('ResourceSet', o).status).toBe('Suspended');
  });
});

describe('issue 15: objects as the real controllers write them', () => {
  const corpus = (file: string, name: string) => fixture(`corpus/${file}`, name);

  it.each([
    ['kustomize-controller.yaml', 'ks-build-failed-after-spec-change', 'BuildFailed'],
    ['helm-controller.yaml', 'hr-upgrade-failed-after-spec-change', 'UpgradeFailed'],
  ])('%s %s: a spec change that keeps failing is Failed with the failing reason, not stale', (file, name, reason) => {
    const o = corpus(file, name);
    // The controllers keep status.observedGeneration at the last good generation.
    expect(o.status.observedGeneration).toBeLessThan(o.metadata!.generation!);
    const r = classifyObject(String(o.kind), o);
    expect([r.status, r.reason, r.badges]).toEqual(['Failed', reason, ['retrying']]);
    expect(r.badges).not.toContain('stale');
  });

  it('a HelmRelease that fails and retries is Failed with a retrying badge, also while the retry runs', () => {
    for (const name of ['hr-upgrade-failed-after-spec-change', 'hr-rolling-back', 'hr-rolled-back-will-retry']) {
      const r = classifyObject('HelmRelease', corpus('helm-controller.yaml', name));
      expect([name, r.status, r.badges]).toEqual([name, 'Failed', ['retrying']]);
    }
    // Out of retries: Failed without the badge.
    const stalled = classifyObject('HelmRelease', corpus('helm-controller.yaml', 'hr-retries-exceeded'));
    expect([stalled.status, stalled.reason, stalled.badges]).toEqual(['Failed', 'RetriesExceeded', []]);
  });

  it('a Ready condition of an older generation is stale even when status.observedGeneration is not', () => {
    const r = classifyObject('Kustomization', corpus('kustomize-controller.yaml', 'ks-failure-of-older-spec'));
    expect([r.status, r.reason]).toEqual(['Progressing', 'StaleGeneration']);
  });

  it.each([
    ['flink-stable-jm-missing-unrecoverable', 'JobManagerMissing', []],
    ['flink-stable-jm-missing', 'JobManagerMissing', ['retrying']],
    ['flink-stable-jm-error', 'JobManagerError', []],
    ['flink-validation-error', 'ValidationException', []],
  ])('FlinkDeployment %s (lifecycleState STABLE) is Failed (%s)', (name, reason, badges) => {
    const o = corpus('flink-operator.yaml', name);
    expect(o.status.lifecycleState).toBe('STABLE');
    const r = classifyObject('FlinkDeployment', o);
    expect([r.status, r.reason, r.badges]).toEqual(['Failed', reason, badges]);
    expect(r.message).not.toMatch(/^\{|throwableList/);
  });

  it('picks rules by API group and kind: kinds of other groups get the generic rules', () => {
    const spark = corpus('other-groups.yaml', 'sparkapp-other-group');
    // Read with the Spark operator's rules, applicationState FAILED would say Failed.
    expect(classifyObject('SparkApplication', spark)).toMatchObject({ status: 'Progressing', reason: 'Provisioning' });
    expect(classifyObject('Tenant', corpus('other-groups.yaml', 'tenant-other-group'))).toMatchObject({ status: 'Ready' });
    expect(classifyObject('Deployment', corpus('other-groups.yaml', 'deployment-other-group'))).toMatchObject({
      status: 'Failed',
      reason: 'InvalidSpec',
    });
    // The apiVersion given by the caller counts as much as the object's own.
    const bare = { ...spark };
    delete bare.apiVersion;
    expect(classifyObject('SparkApplication', bare, 'example.com/v1').reason).toBe('Provisioning');
    expect(classifyObject('SparkApplication', bare, 'sparkoperator.k8s.io/v1beta2').reason).toBe('FAILED');
  });

  it('generic kinds honour the kstatus conditions: Reconciling → Progressing, Stalled → Failed', () => {
    expect(classifyObject('Cache', corpus('kstatus-generic.yaml', 'generic-reconciling-over-ready'))).toMatchObject({
      status: 'Progressing',
      reason: 'Resizing',
    });
    expect(classifyObject('Database', corpus('kstatus-generic.yaml', 'generic-stalled'))).toMatchObject({
      status: 'Failed',
      reason: 'QuotaExceeded',
      message: 'storage quota exceeded: requested 2Ti, limit 1Ti',
    });
  });
});

describe('Strimzi rules', () => {
  const rows: Row[] = [
    ['strimzi.yaml', 'ready', 'Ready', 'Ready', [], { since: '2026-11-25T08:00:12.532012345Z' }],
    ['strimzi.yaml', 'ready-with-warnings', 'Ready', 'Ready', ['warnings'], { message: /KRaft controllers.*min\.insync/ }],
    ['strimzi.yaml', 'creating', 'Progressing', 'Creating', []],
    ['strimzi.yaml', 'not-ready-timeout', 'Failed', 'TimeoutException', [], { message: /Exceeded timeout/ }],
    ['strimzi.yaml', 'paused', 'Suspended', 'ReconciliationPaused', ['last-known']],
    ['strimzi.yaml', 'stale-generation', 'Progressing', 'StaleGeneration', ['stale']],
    ['strimzi.yaml', 'broker', 'Unknown', 'SeeParentKafka', [], { message: /mlops-kafka/ }],
    ['strimzi.yaml', 'controller-with-warning', 'Unknown', 'SeeParentKafka', ['warnings'], { message: /ephemeral/ }],
    ['strimzi.yaml', 'scaling', 'Progressing', 'StaleGeneration', ['stale']],
    ['strimzi.yaml', 'raw-events', 'Ready', 'Ready', []],
    ['strimzi.yaml', 'replication-factor-change', 'Failed', 'NotSupported', [], { message: /Replication factor/ }],
    ['strimzi.yaml', 'unmanaged', 'Suspended', 'Unmanaged', ['unmanaged']],
    ['strimzi.yaml', 'topic-paused', 'Suspended', 'ReconciliationPaused', ['last-known']],
  ];
  it.each(rows)('%s %s → %s (%s)', (file, name, ...expected) => expectStatus(file, name, expected as any));

  it('treats the pause annotation as paused before the operator writes the condition', () => {
    const o = fixture('strimzi.yaml', 'ready');
    o.metadata!.annotations = { 'strimzi.io/pause-reconciliation': 'true' };
    expect(classifyObject('Kafka', o).status).toBe('Suspended');
  });
});

describe('MinIO Tenant rules', () => {
  const rows: Row[] = [
    ['tenants.yaml', 'initialized-green', 'Ready', 'Initialized', []],
    ['tenants.yaml', 'initialized-no-health-yet', 'Ready', 'Initialized', []],
    ['tenants.yaml', 'yellow-reduced', 'Ready', 'HealthYellow', ['degraded'], { message: /Reduced Availability/ }],
    ['tenants.yaml', 'yellow-healing', 'Progressing', 'Healing', ['healing', 'degraded']],
    ['tenants.yaml', 'red', 'Failed', 'HealthRed', [], { message: /Service Unavailable/ }],
    ['tenants.yaml', 'provisioning', 'Progressing', 'Provisioning', []],
    ['tenants.yaml', 'waiting', 'Progressing', 'Provisioning', [], { message: /Waiting for Pods/ }],
    ['tenants.yaml', 'updating', 'Progressing', 'Provisioning', []],
    ['tenants.yaml', 'restarting', 'Progressing', 'Provisioning', []],
    ['tenants.yaml', 'another-tenant', 'Failed', 'TenantError', [], { message: /Another MinIO Tenant/ }],
    ['tenants.yaml', 'credentials', 'Failed', 'TenantError', [], { message: /credentials/ }],
    ['tenants.yaml', 'new', 'Unknown', 'NoState', []],
  ];
  it.each(rows)('%s %s → %s (%s)', (file, name, ...expected) => expectStatus(file, name, expected as any));
});

describe('Spark rules', () => {
  const states: Array<[string, ObjectStatus, StatusBadge[]]> = [
    ['', 'Progressing', []],
    ['SUBMITTED', 'Progressing', []],
    ['RUNNING', 'Progressing', []],
    ['PENDING_RERUN', 'Progressing', []],
    ['INVALIDATING', 'Progressing', []],
    ['SUCCEEDING', 'Progressing', []],
    ['FAILING', 'Progressing', []],
    ['RESUMING', 'Progressing', []],
    ['SUSPENDING', 'Progressing', []],
    ['COMPLETED', 'Ready', ['terminal']],
    ['FAILED', 'Failed', ['terminal']],
    ['SUBMISSION_FAILED', 'Failed', ['terminal']],
    ['SUSPENDED', 'Suspended', []],
    ['UNKNOWN', 'Unknown', []],
    ['SOMETHING_NEW', 'Unknown', []],
  ];
  it.each(states)('applicationState %p → %s', (state, status, badges) => {
    const o = fixture('spark.yaml', 'running');
    o.status.applicationState.state = state;
    const r = classifyObject('SparkApplication', o);
    expect(r.status).toBe(status);
    expect(r.badges).toEqual(badges);
  });

  const rows: Row[] = [
    ['spark.yaml', 'running', 'Progressing', 'RUNNING', [], { since: '2026-11-25T09:00:03Z' }],
    ['spark.yaml', 'completed', 'Ready', 'COMPLETED', ['terminal'], { since: '2026-11-25T02:14:55Z' }],
    ['spark.yaml', 'failed', 'Failed', 'FAILED', ['terminal'], { message: /ExitCode: 1/ }],
    ['spark.yaml', 'submission-failed', 'Failed', 'SUBMISSION_FAILED', ['terminal'], { message: /exceeded quota/ }],
    ['spark.yaml', 'new', 'Progressing', 'NEW', []],
    ['spark.yaml', 'scheduled', 'Ready', 'Scheduled', [], { message: /2026-11-26T02:00:00Z/ }],
    ['spark.yaml', 'failed-validation', 'Failed', 'FailedValidation', [], { message: /failed to parse schedule/ }],
    ['spark.yaml', 'validating', 'Progressing', 'Validating', []],
    ['spark.yaml', 'new-schedule', 'Progressing', 'New', []],
    ['spark.yaml', 'suspended-schedule', 'Suspended', 'Suspended', ['last-known']],
  ];
  it.each(rows)('%s %s → %s (%s)', (file, name, ...expected) => expectStatus(file, name, expected as any));
});

describe('Flink rules', () => {
  const lifecycle: Array<[string, ObjectStatus, string]> = [
    ['STABLE', 'Ready', 'STABLE'],
    ['DEPLOYED', 'Ready', 'DEPLOYED'],
    ['CREATED', 'Progressing', 'CREATED'],
    ['UPGRADING', 'Progressing', 'UPGRADING'],
    ['ROLLING_BACK', 'Progressing', 'ROLLING_BACK'],
    ['DELETING', 'Progressing', 'DELETING'],
    ['SUSPENDED', 'Suspended', 'SUSPENDED'],
    ['FAILED', 'Failed', 'FAILED'],
    ['ROLLED_BACK', 'Failed', 'RolledBack'],
    ['DELETED', 'Unknown', 'Deleted'],
  ];
  it.each(lifecycle)('FlinkDeployment lifecycleState %s → %s', (state, status, reason) => {
    const o = fixture('flink.yaml', 'stable');
    o.status.lifecycleState = state;
    const r = classifyObject('FlinkDeployment', o);
    expect([r.status, r.reason]).toEqual([status, reason]);
  });
  it.each(lifecycle)('FlinkSessionJob lifecycleState %s → %s', (state, status, reason) => {
    const o = fixture('flink.yaml', 'session-job');
    o.status.lifecycleState = state;
    const r = classifyObject('FlinkSessionJob', o);
    expect([r.status, r.reason]).toEqual([status, reason]);
  });

  const rows: Row[] = [
    ['flink.yaml', 'stable', 'Ready', 'STABLE', [], { message: /job RUNNING, JobManager READY/, since: '2026-11-25T06:00:12Z' }],
    // The parsed message, never the raw JSON.
    ['flink.yaml', 'failed', 'Failed', 'FAILED', [], { message: /^org\.apache\.flink\.client\.deployment\.ClusterDeploymentException: Could not create/ }],
    ['flink.yaml', 'rolled-back', 'Failed', 'RolledBack', [], { message: /^rolled back.*JobManager did not become ready/ }],
    ['flink.yaml', 'suspended', 'Suspended', 'SUSPENDED', []],
    ['flink.yaml', 'old-operator-plain-error', 'Progressing', 'UPGRADING', [], { message: /^Job could not be submitted/ }],
    ['flink.yaml', 'session-job', 'Ready', 'STABLE', []],
    ['flink.yaml', 'session-job-no-status', 'Unknown', 'NoLifecycleState', []],
  ];
  it.each(rows)('%s %s → %s (%s)', (file, name, ...expected) => expectStatus(file, name, expected as any));

  it('never shows raw JSON for a failed deployment', () => {
    const r = classifyObject('FlinkDeployment', fixture('flink.yaml', 'failed'));
    expect(r.message).not.toMatch(/stackTrace|^\{/);
  });
});

describe('Prometheus operator rules', () => {
  const rows: Row[] = [
    ['prometheus.yaml', 'available', 'Ready', 'Available', []],
    ['prometheus.yaml', 'degraded', 'Ready', 'SomePodsNotReady', ['degraded']],
    ['prometheus.yaml', 'no-pod-ready', 'Failed', 'NoPodReady', [], { message: /Insufficient memory/ }],
    ['prometheus.yaml', 'not-reconciled', 'Failed', 'ReconciliationFailed', [], { message: /remote-write-auth/ }],
    ['prometheus.yaml', 'paused', 'Suspended', 'Paused', ['last-known']],
    ['prometheus.yaml', 'stale-condition-generation', 'Progressing', 'StaleGeneration', ['stale']],
    ['prometheus.yaml', 'alertmanager', 'Ready', 'Available', []],
    ['prometheus.yaml', 'statefulset-not-found', 'Failed', 'StatefulSetNotFound', []],
    ['prometheus.yaml', 'reconcile-unknown', 'Progressing', 'Unknown', []],
  ];
  it.each(rows)('%s %s → %s (%s)', (file, name, ...expected) => expectStatus(file, name, expected as any));
});

describe('Workload rules', () => {
  const rows: Row[] = [
    ['workloads.yaml', 'airflow-scheduler', 'Ready', 'Available', [], { message: /2\/2/ }],
    ['workloads.yaml', 'rolling', 'Progressing', 'ReplicaSetUpdated', [], { message: /old replicas/ }],
    ['workloads.yaml', 'deadline-exceeded', 'Failed', 'ProgressDeadlineExceeded', [], { message: /timed out/ }],
    ['workloads.yaml', 'paused', 'Suspended', 'Paused', []],
    ['workloads.yaml', 'stale', 'Progressing', 'StaleGeneration', ['stale']],
    ['workloads.yaml', 'airflow-postgresql', 'Ready', 'Ready', []],
    ['workloads.yaml', 'on-delete-revisions-match', 'Ready', 'Ready', []],
    ['workloads.yaml', 'pods-not-ready', 'Progressing', 'PodsNotReady', [], { message: /1\/3/ }],
  ];
  it.each(rows)('%s %s → %s (%s)', (file, name, ...expected) => expectStatus(file, name, expected as any));

  it.each([
    ['Deployment', 'scaled-to-zero'],
    ['StatefulSet', 'sts-scaled-to-zero'],
  ])('%s %s is Ready with a scaled-to-zero badge', (kind, name) => {
    const o = fixture('workloads.yaml', name);
    expect(o.kind).toBe(kind);
    const r = classifyObject(kind, o);
    expect([r.status, r.reason, r.badges]).toEqual(['Ready', 'ScaledToZero', ['scaled-to-zero']]);
  });

  it('a StatefulSet is Progressing until its rollout finished, though all pods are ready', () => {
    const r = classifyObject('StatefulSet', fixture('workloads.yaml', 'sts-rolling'));
    expect([r.status, r.reason]).toEqual(['Progressing', 'RollingUpdate']);
  });
});

describe('classifyObject robustness', () => {
  const junk: Array<[string, unknown]> = [
    ['null', null],
    ['a string', 'Kustomization'],
    ['empty object', {}],
    ['status is a string', { metadata: { generation: 1 }, status: 'Ready' }],
    ['conditions is an object', { status: { conditions: { Ready: 'True' } } }],
    ['conditions with nulls', { status: { conditions: [null, 1, { type: 'Ready' }] } }],
    ['metadata is a number', { metadata: 3, spec: null, status: null }],
  ];
  const kinds = ['Kustomization', 'HelmRelease', 'HelmRepository', 'Kafka', 'KafkaTopic', 'KafkaNodePool', 'Tenant',
    'SparkApplication', 'ScheduledSparkApplication', 'FlinkDeployment', 'FlinkSessionJob', 'Prometheus',
    'Alertmanager', 'Deployment', 'StatefulSet', 'SomethingElse'];
  it.each(kinds)('%s never throws on malformed objects', kind => {
    for (const [, o] of junk) {
      const r = classifyObject(kind, o as KubeObject);
      expect(['Ready', 'Progressing', 'Failed', 'Suspended', 'Unknown']).toContain(r.status);
      expect(typeof r.reason).toBe('string');
      expect(Array.isArray(r.badges)).toBe(true);
    }
  });

  it('unknown kinds use the generic Ready rule', () => {
    const ok = classifyObject('Certificate', {
      apiVersion: 'cert-manager.io/v1',
      metadata: { generation: 2 },
      status: { conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', observedGeneration: 2 }] },
    });
    expect(ok.status).toBe('Ready');
    const bad = classifyObject('Certificate', {
      status: { conditions: [{ type: 'Ready', status: 'False', reason: 'Failed', message: 'issuer not found' }] },
    });
    expect([bad.status, bad.message]).toEqual(['Failed', 'issuer not found']);
    expect(classifyObject('ConfigMap', { data: {} } as KubeObject).status).toBe('Unknown');
  });
});
