import { mockServices } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import { findTypeByKind, startKubeSim, type KubeSim } from '@mlops-portal/kube-sim';
import { findWatchedKind, type WatchedKind } from '@mlops-portal/plugin-mlops-common';
import {
  DEFAULT_WATCH_OPTIONS,
  type ClusterDefinition,
  type WatchOptions,
} from '../config/readClusterConfig';
import { ClusterManager } from './ClusterManager';
import type { DelayFn } from './ClusterWatcher';
import { eventually } from '../__testUtils__/eventually';

/*
 * The cluster faults of issue 12, against the simulator's fault injection:
 * a hung API server, a 410 Gone storm, and recovery (lastError, sockets).
 * No timing assertions: timeouts are set short so that the behaviour shows
 * quickly, and request bounds are counts per backoff step.
 */

const KINDS: WatchedKind[] = ['Kustomization', 'HelmRelease'].map(k => findWatchedKind(k)!);
const KS = findTypeByKind('kustomize.toolkit.fluxcd.io/v1', 'Kustomization')!;
const SETTINGS = [{ namespace: 'flux-system', name: 'platform-settings' }];

function definition(sim: KubeSim): ClusterDefinition {
  const c = sim.clusters[0];
  return {
    name: c.name,
    url: c.url,
    simulated: true,
    source: 'config',
    authProvider: 'serviceAccount',
    watchable: true,
    auth: { type: 'serviceAccountToken', token: c.token },
    caData: c.caData,
    skipTLSVerify: false,
  };
}

function startManager(
  sim: KubeSim,
  watch: Partial<WatchOptions>,
  extra: { delay?: DelayFn; random?: () => number } = {},
): ClusterManager {
  const manager = new ClusterManager({
    config: {
      clusters: [definition(sim)],
      watch: {
        ...DEFAULT_WATCH_OPTIONS,
        initialBackoffMs: 20,
        maxBackoffMs: 100,
        changeBatchMs: 10,
        ...watch,
      },
      settings: SETTINGS,
      warnings: [],
    },
    logger: mockServices.logger.mock(),
    kinds: KINDS,
    ...extra,
  });
  manager.start();
  return manager;
}

describe('a hung API server', () => {
  let sim: KubeSim;
  let manager: ClusterManager;

  beforeEach(async () => {
    sim = await startKubeSim({ scenario: 'healthy', stepMs: 0, reconcileDelayMs: 10, bookmarkIntervalMs: 100 });
  });

  afterEach(async () => {
    manager?.stop();
    await sim.stop();
  });

  it('is shown as silent (never connected), every call times out naming the cluster and object, and it recovers without leaking sockets', async () => {
    const name = sim.clusters[0].name;
    const server = sim.clusters[0].server;
    manager = startManager(sim, { requestTimeoutMs: 400, watchLivenessMs: 600 });
    await eventually(() => expect(manager.getClusterState(name)?.connection).toBe('connected'), 20000);
    // The watches are open (two kinds and the settings ConfigMap): the hang
    // silences them, so the liveness rule has to notice.
    await eventually(() => expect(server.watchCount()).toBe(3), 20000);
    const ks = manager.listObjects({ cluster: name, kind: 'Kustomization' })[0];
    const ref = { cluster: name, kind: 'Kustomization', namespace: ks.namespace, name: ks.name };

    sim.admin.setFaults({ unreachable: 'hang' });
    await new Promise(r => setTimeout(r, 50));
    const hungAt = new Date().toISOString();
    // Meanwhile the object changes on the cluster; the portal must catch up afterwards.
    sim.clusters[0].store.update(KS, ks.namespace!, ks.name, o => ({
      ...o,
      metadata: { ...o.metadata, labels: { ...o.metadata.labels, 'changed-during-hang': 'yes' } },
    }));

    await eventually(() => expect(manager.getClusterState(name)?.connection).toBe('silent'), 20000);
    const silent = manager.getClusterState(name)!;
    // Since when: the last time the cluster spoke, so no later than the hang
    // (not when the silence was noticed).
    expect(silent.since <= hungAt).toBe(true);
    expect(silent.lastError).toMatch(/no answer within|no event or bookmark/);
    expect(silent.kinds.filter(k => k.state === 'silent').length).toBeGreaterThan(0);
    // The cached data is still served (stale, and said so), not dropped.
    expect(manager.getObject(ref)).toBeDefined();

    // Calls on demand time out, naming the cluster and the object.
    await expect(manager.mergePatch(ref, { metadata: { annotations: { a: 'b' } } })).rejects.toThrow(ServiceUnavailableError);
    await expect(manager.mergePatch(ref, { metadata: { annotations: { a: 'b' } } })).rejects.toThrow(
      new RegExp(`cluster '${name}'.*Kustomization ${ks.namespace}/${ks.name}.*no answer within 400 ms`),
    );
    await expect(manager.getEvents(ref)).rejects.toThrow(
      new RegExp(`cluster '${name}'.*events of Kustomization ${ks.namespace}/${ks.name}.*no answer within 400 ms`),
    );
    const waited = await manager.waitFor(ref, o => o.labels['changed-during-hang'] === 'yes', 300);
    expect(waited.matched).toBe(false);

    sim.admin.resetFaults();
    await eventually(() => expect(manager.getClusterState(name)?.connection).toBe('connected'), 20000);
    // Data is correct again: the change made during the hang arrived.
    await eventually(() => expect(manager.getObject(ref)?.labels['changed-during-hang']).toBe('yes'), 20000);
    // The error is cleared on reconnect, and kept with its time as the recent one.
    const back = manager.getClusterState(name)!;
    expect(back.lastError).toBeUndefined();
    expect(back.recentError).toEqual({ message: expect.stringMatching(/no answer within|no event or bookmark/), at: expect.any(String) });
    // No socket left behind: the simulator's open connections come back to
    // one per watch (two kinds and the settings ConfigMap).
    await eventually(() => {
      expect(server.watchCount()).toBe(3);
      expect(server.connectionCount()).toBe(server.watchCount());
    }, 20000, 50);
  }, 60000);
});

describe('a 410 Gone storm', () => {
  let sim: KubeSim;
  let manager: ClusterManager;

  beforeEach(async () => {
    sim = await startKubeSim({ scenario: 'healthy', stepMs: 0, reconcileDelayMs: 10 });
  });

  afterEach(async () => {
    manager?.stop();
    await sim.stop();
  });

  it('relists with exponential backoff and jitter, so requests stay bounded per backoff step', async () => {
    const name = sim.clusters[0].name;
    const server = sim.clusters[0].server;
    // A hand-driven clock for relist backoffs (400 ms and up with these
    // settings): each waits until the test releases it. Short error backoffs
    // (a slow first connect on a loaded machine) pass after a moment;
    // rediscovery's long sleep waits for the stop.
    const sleeps: Array<{ ms: number; release: () => void }> = [];
    const delay: DelayFn = (ms, signal) =>
      new Promise<void>(resolve => {
        const done = () => resolve();
        signal.addEventListener('abort', done, { once: true });
        if (ms < 400) setTimeout(done, ms);
        else if (ms < 60_000) sleeps.push({ ms, release: done });
      });
    manager = startManager(
      sim,
      { relistInitialBackoffMs: 800, relistMaxBackoffMs: 6400 },
      { delay, random: () => 0.5 },
    );
    await eventually(() => expect(server.watchCount()).toBe(KINDS.length + SETTINGS.length), 20000);
    // Let the watches outlive the "closed at once" rule, so dropping them is a normal end.
    await new Promise(r => setTimeout(r, 1100));

    // Every watch from a resourceVersion gets 410 Gone, and the open ones are dropped.
    sim.admin.setFaults({ forceGone: true, dropWatchesNow: true });
    const loops = KINDS.length + SETTINGS.length;
    const rounds: number[][] = [];
    for (let round = 0; round < 5; round++) {
      // Every list+watch loop is asleep in its backoff…
      await eventually(() => expect(sleeps.length).toBe(loops), 10000);
      const requests = server.requestCount();
      // …and stays so: no request goes out while they sleep.
      await new Promise(r => setTimeout(r, 200));
      expect(server.requestCount()).toBe(requests);
      const batch = sleeps.splice(0);
      rounds.push(batch.map(s => s.ms));
      batch.forEach(s => s.release());
      // One step is at most one relist and one watch per loop.
      await eventually(() => expect(sleeps.length).toBe(loops), 10000);
      expect(server.requestCount() - requests).toBeLessThanOrEqual(2 * loops);
    }
    // Exponential with full jitter (random = 0.5 → the middle of [initial/2, cap]),
    // capped at relistMaxBackoffMs, the same for every loop.
    const expected = [800, 1600, 3200, 6400, 6400].map(cap => Math.round(400 + 0.5 * (cap - 400)));
    expect(rounds).toEqual(expected.map(ms => Array(loops).fill(ms)));
    expect(manager.getClusterState(name)?.connection).not.toBe('connected');

    // The storm ends: the next relist succeeds and the cluster is connected again.
    sim.admin.resetFaults();
    sleeps.splice(0).forEach(s => s.release());
    await eventually(() => expect(manager.getClusterState(name)?.connection).toBe('connected'), 20000);
  }, 60000);
});

describe('recovery after an outage', () => {
  let sim: KubeSim;
  let manager: ClusterManager;

  beforeEach(async () => {
    sim = await startKubeSim({ scenario: 'healthy', stepMs: 0, reconcileDelayMs: 10, bookmarkIntervalMs: 100 });
  });

  afterEach(async () => {
    manager?.stop();
    await sim.stop();
  });

  it('does not wait out each kind\'s backoff: once the cluster answers, every failed kind retries at once', async () => {
    const name = sim.clusters[0].name;
    // Backoff sleeps that end only when aborted: by the stop, or by the
    // cluster answering again. Without that wake-up nothing would recover.
    const sleeping: number[] = [];
    const delay: DelayFn = (ms, signal) =>
      new Promise<void>(resolve => {
        sleeping.push(ms);
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    manager = startManager(sim, { initialBackoffMs: 300_000, maxBackoffMs: 600_000, requestTimeoutMs: 1000 }, { delay });
    await eventually(() => expect(manager.getClusterState(name)?.connection).toBe('connected'), 20000);
    await eventually(() => expect(sim.clusters[0].server.watchCount()).toBe(3), 20000);
    const before = sleeping.length;
    sim.admin.setFaults({ unreachable: 'close' });
    await eventually(() => expect(manager.getClusterState(name)?.connection).toBe('unreachable'), 20000);
    // Every loop is now asleep in a backoff of 150 s or more.
    await eventually(() => expect(sleeping.slice(before).filter(ms => ms >= 150_000).length).toBe(3), 20000);
    sim.admin.resetFaults();
    await eventually(() => expect(manager.getClusterState(name)?.connection).toBe('connected'), 30000);
    await eventually(() => expect(sim.clusters[0].server.watchCount()).toBe(3), 30000);
  }, 90000);
});
