import type { ObjectStatus, StatusBadge } from '@mlops-portal/plugin-mlops-common';
import type { CachedObject } from '@mlops-portal/plugin-mlops-node';
import { entityNotifyState, overdueSuspensions, rememberedState, transitions } from './entityNotifyState';

function obj(name: string, status: ObjectStatus, opts: { badges?: StatusBadge[]; kind?: string; since?: string; suspendedAt?: string } = {}): CachedObject {
  return {
    cluster: 'sim-a',
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: opts.kind ?? 'HelmRelease',
    namespace: 'orchestration',
    name,
    labels: {},
    object: { metadata: { name, annotations: opts.suspendedAt ? { 'mlops-portal.io/suspended-at': opts.suspendedAt } : {} } },
    summary: {
      cluster: 'sim-a',
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: opts.kind ?? 'HelmRelease',
      namespace: 'orchestration',
      name,
      status: { status, reason: `${status}Reason`, message: `${name} is ${status}`, badges: opts.badges ?? [], since: opts.since },
      flux: true,
      suspended: status === 'Suspended',
      facts: {},
    },
  };
}

const state = (...objects: CachedObject[]) => entityNotifyState(objects);

describe('transitions', () => {
  it.each([
    ['Ready → Failed', [obj('a', 'Ready')], [obj('a', 'Failed', { since: 't1' })], ['failed']],
    ['Progressing → Failed', [obj('a', 'Progressing')], [obj('a', 'Failed')], ['failed']],
    ['Failed → Failed (still failing)', [obj('a', 'Failed')], [obj('a', 'Failed')], []],
    ['Failed → Ready', [obj('a', 'Failed')], [obj('a', 'Ready')], ['recovered']],
    ['Failed → Progressing (not yet recovered)', [obj('a', 'Failed')], [obj('a', 'Progressing')], []],
    ['Progressing → Ready (never failed)', [obj('a', 'Progressing')], [obj('a', 'Ready')], []],
    ['one of two objects fails', [obj('a', 'Ready'), obj('b', 'Ready')], [obj('a', 'Ready'), obj('b', 'Failed')], ['failed']],
    ['drift detected', [obj('a', 'Ready')], [obj('a', 'Ready', { badges: ['drifted'] })], ['drifted']],
    ['drift stays', [obj('a', 'Ready', { badges: ['drifted'] })], [obj('a', 'Ready', { badges: ['drifted'] })], []],
    // A failed Spark run does not fail the entity (rollupStatuses counts it as a failed run).
    ['a job run fails', [obj('a', 'Ready'), obj('run', 'Ready', { kind: 'SparkApplication' })], [obj('a', 'Ready'), obj('run', 'Failed', { kind: 'SparkApplication' })], []],
  ] as const)('%s', (_, before, after, events) => {
    expect(transitions(state(...before), state(...after)).map(e => e.event)).toEqual(events);
  });

  it('names the failing object and stamps the event with cluster data, so replicas agree', () => {
    const [e] = transitions(state(obj('a', 'Ready')), state(obj('a', 'Failed', { since: '2026-11-26T10:00:00Z' })));
    expect(e.culprit).toMatchObject({ name: 'a', reason: 'FailedReason', message: 'a is Failed' });
    expect(e.stamp).toBe('sim-a|HelmRelease|orchestration|a@2026-11-26T10:00:00Z');
  });
});

describe('rememberedState', () => {
  /** Feeds states one after the other, as EntityNotifier does, and collects the events. */
  function run(...states: ReturnType<typeof state>[]) {
    let prev: ReturnType<typeof state> | undefined;
    const events: string[] = [];
    for (const cur of states) {
      if (prev) events.push(...transitions(prev, cur).map(e => e.event));
      prev = rememberedState(prev, cur);
    }
    return events;
  }

  it('tells the recovery of a fix that passes through Progressing (a new spec the controller has not observed yet)', () => {
    expect(run(state(obj('a', 'Ready')), state(obj('a', 'Failed')), state(obj('a', 'Progressing')), state(obj('a', 'Ready')))).toEqual(['failed', 'recovered']);
  });

  it('tells a failure once while it flaps through Progressing and Unknown (retried by the controller)', () => {
    expect(run(state(obj('a', 'Ready')), state(obj('a', 'Failed')), state(obj('a', 'Progressing')), state(obj('a', 'Failed')), state(obj('a', 'Unknown')), state(obj('a', 'Failed')))).toEqual(['failed']);
  });

  it('names the object that failed in the recovery, not the one in between', () => {
    const remembered = rememberedState(state(obj('a', 'Failed', { since: 't1' })), state(obj('a', 'Progressing', { since: 't2' })));
    expect(remembered.status).toBe('Failed');
    expect(transitions(remembered, state(obj('a', 'Ready', { since: 't3' })))[0]).toMatchObject({ event: 'recovered', culprit: { reason: 'FailedReason', since: 't1' } });
  });

  it('keeps what is not about failure as it is now (drift, suspensions), and forgets nothing else', () => {
    const cur = state(obj('a', 'Suspended'));
    expect(rememberedState(state(obj('a', 'Failed')), cur)).toMatchObject({ status: 'Failed', suspended: cur.suspended, drifted: [] });
    expect(rememberedState(state(obj('a', 'Ready')), cur)).toBe(cur);
    expect(rememberedState(undefined, cur)).toBe(cur);
  });
});

describe('overdueSuspensions', () => {
  const hour = 3600_000;
  const now = Date.parse('2026-11-26T12:00:00Z');
  it('counts from the portal\'s suspended-at annotation', () => {
    const s = state(obj('a', 'Suspended', { suspendedAt: '2026-11-26T09:00:00Z' }));
    expect(overdueSuspensions(s, 2 * hour, now, () => now).map(e => e.event)).toEqual(['suspended']);
    expect(overdueSuspensions(s, 4 * hour, now, () => now)).toEqual([]);
  });
  it('counts from when it was first seen suspended without one (or with a malformed one)', () => {
    const s = state(obj('a', 'Suspended', { suspendedAt: 'yesterday-ish' }));
    expect(overdueSuspensions(s, hour, now, () => now - 30 * 60_000)).toEqual([]);
    expect(overdueSuspensions(s, hour, now, () => now - 2 * hour)).toHaveLength(1);
  });
});
