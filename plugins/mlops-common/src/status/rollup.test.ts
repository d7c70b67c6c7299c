import { addCounts, emptyCounts, isJobRun, rollupGroups, rollupStatuses, worstStatus } from './rollup';
import { classifyObject } from './classifyObject';
import { fixture } from './__testUtils__/loadFixtures';
import { STATUS_SEVERITY } from './types';
import type { ObjectStatus, StatusResult } from './types';

const s = (status: ObjectStatus, reason = 'r'): StatusResult => ({ status, reason, message: '', badges: [] });

describe('worstStatus', () => {
  it.each<[ObjectStatus[], ObjectStatus]>([
    [[], 'Ready'],
    [['Ready', 'Ready'], 'Ready'],
    [['Ready', 'Progressing'], 'Progressing'],
    [['Ready', 'Suspended'], 'Suspended'],
    // Suspended is a deliberate, known state: it never hides work in flight…
    [['Progressing', 'Suspended'], 'Progressing'],
    [['Suspended', 'Unknown'], 'Unknown'],
    [['Progressing', 'Unknown'], 'Unknown'],
    // …and nothing hides a failure (kstatus' aggregator order above Suspended).
    [['Suspended', 'Failed'], 'Failed'],
    [['Unknown', 'Failed', 'Ready'], 'Failed'],
  ])('%j → %s', (statuses, worst) => {
    expect(worstStatus(statuses)).toBe(worst);
  });
});

describe('rollupStatuses', () => {
  it('is the worst status with counts', () => {
    const r = rollupStatuses([s('Ready'), s('Ready'), s('Progressing'), s('Failed')]);
    expect(r).toEqual({
      status: 'Failed',
      counts: { ...emptyCounts(), Ready: 2, Progressing: 1, Failed: 1 },
      failedRuns: 0,
      delegated: 0,
    });
  });

  it('counts a failed Spark run without failing the roll-up', () => {
    const failedRun = classifyObject('SparkApplication', fixture('spark.yaml', 'failed'));
    const r = rollupStatuses([
      { kind: 'HelmRelease', status: s('Ready') },
      { kind: 'ScheduledSparkApplication', status: s('Ready') },
      { kind: 'SparkApplication', status: failedRun },
    ]);
    expect(r.status).toBe('Ready');
    expect(r.failedRuns).toBe(1);
    expect(r.counts.Failed).toBe(0);
  });

  it('still fails on a failed ScheduledSparkApplication (the schedule itself is broken)', () => {
    const r = rollupStatuses([
      { kind: 'ScheduledSparkApplication', status: classifyObject('ScheduledSparkApplication', fixture('spark.yaml', 'failed-validation')) },
    ]);
    expect([r.status, r.failedRuns]).toEqual(['Failed', 0]);
  });

  it('lets a running job make the roll-up Progressing', () => {
    const running = classifyObject('SparkApplication', fixture('spark.yaml', 'running'));
    expect(rollupStatuses([{ kind: 'SparkApplication', status: running }]).status).toBe('Progressing');
  });

  it('leaves KafkaNodePools to their Kafka', () => {
    const pool = classifyObject('KafkaNodePool', fixture('strimzi.yaml', 'broker'));
    const kafka = classifyObject('Kafka', fixture('strimzi.yaml', 'ready'));
    const r = rollupStatuses([
      { kind: 'Kafka', status: kafka },
      { kind: 'KafkaNodePool', status: pool },
    ]);
    expect(r).toMatchObject({ status: 'Ready', delegated: 1 });
    expect(r.counts.Unknown).toBe(0);
  });

  it('counts a scaling node pool as Progressing', () => {
    const pool = classifyObject('KafkaNodePool', fixture('strimzi.yaml', 'scaling'));
    expect(rollupStatuses([{ kind: 'KafkaNodePool', status: pool }]).status).toBe('Progressing');
  });
});

describe('rollupGroups', () => {
  it('is the worst group with counts of groups and summed failed runs', () => {
    expect(
      rollupGroups([
        { status: 'Ready', failedRuns: 2 },
        { status: 'Suspended' },
        { status: 'Ready', failedRuns: 1 },
      ]),
    ).toEqual({ status: 'Suspended', counts: { ...emptyCounts(), Ready: 2, Suspended: 1 }, failedRuns: 3 });
  });
});

describe('a failure is never hidden (issue 15)', () => {
  it('one suspended HelmRelease does not hide a failing, retrying one', () => {
    const suspended = classifyObject('HelmRelease', fixture('helmreleases.yaml', 'suspended'));
    const retrying = classifyObject('HelmRelease', fixture('corpus/helm-controller.yaml', 'hr-upgrade-failed-after-spec-change'));
    const r = rollupStatuses([
      { kind: 'HelmRelease', status: suspended },
      { kind: 'HelmRelease', status: retrying },
    ]);
    expect(r.status).toBe('Failed');
    expect(r.counts).toEqual({ ...emptyCounts(), Suspended: 1, Failed: 1 });
  });

  it('a layer with a suspended entity and a failing one is Failed; the platform too', () => {
    const layer = rollupGroups([{ status: 'Suspended' }, { status: 'Failed' }, { status: 'Ready' }]);
    expect(layer.status).toBe('Failed');
    expect(rollupGroups([{ status: 'Ready' }, layer, { status: 'Suspended' }]).status).toBe('Failed');
  });

  it('orders every status: Failed > Unknown > Progressing > Suspended > Ready', () => {
    const order = (Object.keys(STATUS_SEVERITY) as ObjectStatus[]).sort(
      (a, b) => STATUS_SEVERITY[b] - STATUS_SEVERITY[a],
    );
    expect(order).toEqual(['Failed', 'Unknown', 'Progressing', 'Suspended', 'Ready']);
  });
});

describe('helpers', () => {
  it('isJobRun is true for Spark runs only', () => {
    expect(isJobRun('SparkApplication')).toBe(true);
    expect(isJobRun('ScheduledSparkApplication')).toBe(false);
    expect(isJobRun('FlinkDeployment')).toBe(false);
    expect(isJobRun('FlinkSessionJob')).toBe(false);
  });
  it('addCounts adds per status', () => {
    expect(addCounts({ ...emptyCounts(), Ready: 1 }, { ...emptyCounts(), Ready: 2, Failed: 1 })).toEqual({
      ...emptyCounts(),
      Ready: 3,
      Failed: 1,
    });
  });
});
