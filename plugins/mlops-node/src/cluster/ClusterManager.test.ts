import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { findWatchedKind, type WatchedKind } from '@mlops-portal/plugin-mlops-common';
import {
  DEFAULT_WATCH_OPTIONS,
  type ClusterDefinition,
} from '../config/readClusterConfig';
import { ClusterManager } from './ClusterManager';
import type { ClusterChange } from './ClusterWatcher';
import {
  startFakeApiServer,
  type FakeApiServer,
  type FakeResource,
} from './__testUtils__/fakeApiServer';
import kustomization from './__fixtures__/kustomization-ready.json';
import helmRelease from './__fixtures__/helmrelease-failed.json';
import events from './__fixtures__/events.json';
import { eventually } from '../__testUtils__/eventually';

const KS_V1: FakeResource = { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', plural: 'kustomizations', kind: 'Kustomization' };
const KS_V1BETA2: FakeResource = { ...KS_V1, version: 'v1beta2' };
const HR: FakeResource = { group: 'helm.toolkit.fluxcd.io', version: 'v2', plural: 'helmreleases', kind: 'HelmRelease' };
const KINDS: WatchedKind[] = ['Kustomization', 'HelmRelease', 'Kafka'].map(k => findWatchedKind(k)!);


function cluster(name: string, url: string): ClusterDefinition {
  return {
    name,
    url,
    simulated: true,
    source: 'config',
    authProvider: 'serviceAccount',
    watchable: true,
    auth: { type: 'serviceAccountToken', token: `secret-token-${name}` },
    skipTLSVerify: false,
  };
}

describe('ClusterManager', () => {
  let api: FakeApiServer;
  let manager: ClusterManager;
  const logger = mockServices.logger.mock();
  const batches: ClusterChange[][] = [];

  beforeEach(async () => {
    batches.length = 0;
    api = await startFakeApiServer([KS_V1BETA2, KS_V1, HR], events);
    api.put(KS_V1, kustomization);
    api.put(HR, helmRelease);
  });

  afterEach(async () => {
    manager?.stop();
    await api.stop();
  });

  function start(clusters: ClusterDefinition[]) {
    manager = new ClusterManager({
      config: {
        clusters,
        watch: { ...DEFAULT_WATCH_OPTIONS, initialBackoffMs: 5, maxBackoffMs: 20, changeBatchMs: 10, listPageSize: 1 },
        settings: [],
        warnings: [],
      },
      logger,
      kinds: KINDS,
    });
    manager.subscribe(b => batches.push(b));
    manager.start();
  }

  it('discovers the newest served version, lists, classifies and reports a missing CRD', async () => {
    start([cluster('a', api.url)]);
    await eventually(() => expect(manager.getClusterState('a')?.connection).toBe('connected'));
    const state = manager.getClusterState('a')!;
    expect(state.kinds).toEqual([
      { kind: 'Kustomization', apiVersion: 'kustomize.toolkit.fluxcd.io/v1', state: 'watching', message: undefined, count: 1 },
      { kind: 'HelmRelease', apiVersion: 'helm.toolkit.fluxcd.io/v2', state: 'watching', message: undefined, count: 1 },
      expect.objectContaining({ kind: 'Kafka', state: 'not-installed', count: 0 }),
    ]);
    const hr = manager.getObject({ cluster: 'a', kind: 'HelmRelease', namespace: 'platform-operators', name: 'strimzi-operator' })!;
    expect(hr.summary.status.status).toBe('Failed');
    expect(hr.summary.status.reason).toBe('RetriesExceeded');
    const ks = manager.getObject({ cluster: 'a', kind: 'Kustomization', namespace: 'flux-system', name: 'data-plane' })!;
    expect(ks.summary.status.status).toBe('Ready');
    // Only the slimmed object is kept.
    expect(JSON.stringify(ks.object)).not.toContain('managedFields');
    expect(JSON.stringify(ks.object)).not.toContain('last-applied-configuration');
    expect(manager.listObjects({ labelSelector: 'app.kubernetes.io/part-of in (strimzi)' }).map(o => o.name)).toEqual(['strimzi-operator']);
  });

  it('starts watching a CRD installed after start-up (rediscovery) and drops one that is removed', async () => {
    const resources = [KS_V1];
    const later = await startFakeApiServer(resources);
    try {
      manager = new ClusterManager({
        config: {
          clusters: [cluster('a', later.url)],
          watch: { ...DEFAULT_WATCH_OPTIONS, initialBackoffMs: 5, maxBackoffMs: 20, changeBatchMs: 10, rediscoverySeconds: 0.05 },
          settings: [],
          warnings: [],
        },
        logger,
        kinds: KINDS,
      });
      manager.start();
      await eventually(() => expect(manager.getClusterState('a')?.connection).toBe('connected'));
      expect(manager.getClusterState('a')!.kinds.find(k => k.kind === 'HelmRelease')!.state).toBe('not-installed');
      resources.push(HR);
      later.put(HR, helmRelease);
      await eventually(() =>
        expect(manager.getObject({ cluster: 'a', kind: 'HelmRelease', namespace: 'platform-operators', name: 'strimzi-operator' })).toBeDefined(),
      );
      expect(manager.getClusterState('a')!.kinds.find(k => k.kind === 'HelmRelease')!.state).toBe('watching');
      // And the CRD goes away again: not installed, its objects dropped.
      resources.splice(resources.indexOf(HR), 1);
      later.dropWatches();
      await eventually(() =>
        expect(manager.getClusterState('a')!.kinds.find(k => k.kind === 'HelmRelease')!.state).toBe('not-installed'),
      );
      expect(manager.listObjects({ cluster: 'a', kind: 'HelmRelease' })).toEqual([]);
      // The dropped watches reconnect: a removed CRD leaves the cluster connected.
      await eventually(() => expect(manager.getClusterState('a')!.connection).toBe('connected'));
    } finally {
      manager.stop();
      await later.stop();
    }
  });

  it('applies watch events and batches change notifications', async () => {
    start([cluster('a', api.url)]);
    await eventually(() => expect(manager.getClusterState('a')?.connection).toBe('connected'));
    api.put(KS_V1, { ...kustomization, spec: { ...kustomization.spec, suspend: true } });
    api.put(KS_V1, { ...kustomization, metadata: { ...kustomization.metadata, name: 'orchestration' } });
    await eventually(() =>
      expect(manager.getObject({ cluster: 'a', kind: 'Kustomization', namespace: 'flux-system', name: 'orchestration' })).toBeDefined(),
    );
    expect(manager.getObject({ cluster: 'a', kind: 'Kustomization', namespace: 'flux-system', name: 'data-plane' })!.summary.status.status).toBe('Suspended');
    await eventually(() =>
      expect(batches.flat().flatMap(c => c.objects.map(o => o.key))).toEqual(
        expect.arrayContaining(['flux-system/data-plane', 'flux-system/orchestration']),
      ),
    );
  });

  it('reconnects after a dropped watch and relists after 410 Gone, catching up', async () => {
    start([cluster('a', api.url)]);
    await eventually(() => expect(manager.getClusterState('a')?.connection).toBe('connected'));
    const listsBefore = api.requests.filter(r => r === 'GET /apis/kustomize.toolkit.fluxcd.io/v1/kustomizations').length;
    // The server forgets old resourceVersions and drops every watch; meanwhile things change.
    api.expireResourceVersions();
    api.remove(KS_V1, 'flux-system', 'data-plane');
    api.put(KS_V1, { ...kustomization, metadata: { ...kustomization.metadata, name: 'processing' } });
    api.dropWatches();
    await eventually(() => {
      const names = manager.listObjects({ cluster: 'a', kind: 'Kustomization' }).map(o => o.name);
      expect(names).toEqual(['processing']);
    });
    const listsAfter = api.requests.filter(r => r === 'GET /apis/kustomize.toolkit.fluxcd.io/v1/kustomizations').length;
    expect(listsAfter).toBeGreaterThan(listsBefore);
    await eventually(() => expect(manager.getClusterState('a')?.connection).toBe('connected'));
  });

  it('keeps a healthy and an unreachable cluster side by side, without leaking tokens', async () => {
    const down = await startFakeApiServer([KS_V1]);
    const downUrl = down.url;
    await down.stop();
    start([cluster('up', api.url), cluster('down', downUrl)]);
    await eventually(() => {
      expect(manager.getClusterState('up')?.connection).toBe('connected');
      expect(manager.getClusterState('down')?.connection).toBe('unreachable');
    });
    const states = manager.getClusterStates();
    expect(states.find(s => s.name === 'down')!.lastError).toMatch(/discovery/);
    expect(JSON.stringify(states)).not.toContain('secret-token');
    expect(JSON.stringify(logger.warn.mock.calls) + JSON.stringify(logger.info.mock.calls)).not.toContain('secret-token');
    expect(manager.listObjects({ cluster: 'up' }).length).toBe(2);
  });

  it('marks a cluster degraded when it starts failing and recovers', async () => {
    start([cluster('a', api.url)]);
    await eventually(() => expect(manager.getClusterState('a')?.connection).toBe('connected'));
    api.failWith(503);
    api.expireResourceVersions();
    await eventually(() => expect(manager.getClusterState('a')?.connection).toBe('degraded'));
    expect(manager.getClusterState('a')!.lastError).toMatch(/injected failure/);
    api.failWith(undefined);
    await eventually(() => expect(manager.getClusterState('a')?.connection).toBe('connected'));
    // Reconnected: no current error; the last one is kept apart, with its time.
    const state = manager.getClusterState('a')!;
    expect(state.lastError).toBeUndefined();
    expect(state.recentError).toEqual({ message: expect.stringMatching(/injected failure/), at: expect.any(String) });
  });

  /** One cluster whose watches are ended by a 150 ms liveness rule. */
  function startWithLiveness150() {
    manager = new ClusterManager({
      config: {
        clusters: [cluster('a', api.url)],
        watch: { ...DEFAULT_WATCH_OPTIONS, initialBackoffMs: 5, maxBackoffMs: 20, changeBatchMs: 10, watchLivenessMs: 150 },
        settings: [],
        warnings: [],
      },
      logger,
      kinds: KINDS,
    });
    manager.start();
  }

  it('marks a cluster silent when its watches answer but then hear nothing, and connected once events flow again', async () => {
    startWithLiveness150();
    await eventually(() => expect(manager.getClusterState('a')?.connection).toBe('connected'));
    // A stuck watch cache: watches are accepted, then nothing arrives, on every
    // reconnect, while both kinds change on the server (one object more, one changed).
    api.muteWatches(true);
    api.put(KS_V1, { ...kustomization, metadata: { ...kustomization.metadata, name: 'during-silence' } });
    api.put(HR, { ...helmRelease, metadata: { ...helmRelease.metadata, labels: { changed: 'during-silence' } } });
    await eventually(() => expect(manager.getClusterState('a')?.connection).toBe('silent'));
    // Each kind is checked by its own list, so the second may follow the first by a moment.
    await eventually(() =>
      expect(manager.getClusterState('a')!.kinds.filter(k => k.state === 'silent').map(k => k.kind).sort()).toEqual([
        'HelmRelease',
        'Kustomization',
      ]),
    );
    const state = manager.getClusterState('a')!;
    expect(state.lastError).toMatch(/no event or bookmark for 150 ms, while /);
    // The liveness rule reconnected (more watch requests than the two first ones).
    expect(api.requests.filter(r => r.endsWith(' watch')).length).toBeGreaterThan(2);
    api.muteWatches(false);
    api.put(KS_V1, { ...kustomization, metadata: { ...kustomization.metadata, name: 'after-silence' } });
    await eventually(() => expect(manager.getClusterState('a')?.connection).toBe('connected'));
    expect(manager.getObject({ cluster: 'a', kind: 'Kustomization', namespace: 'flux-system', name: 'after-silence' })).toBeDefined();
  });

  it('keeps a quiet cluster connected: watches that hear nothing while nothing changes are checked by a list, not called silent', async () => {
    // A real API server sends a kind's bookmarks only as far as etcd reports
    // progress: a kind nobody changes can go without any for minutes.
    startWithLiveness150();
    await eventually(() => expect(manager.getClusterState('a')?.connection).toBe('connected'));
    const seen = new Set<string>();
    const sample = setInterval(() => seen.add(manager.getClusterState('a')!.connection), 20);
    const listsBefore = api.requests.filter(r => r === 'GET /apis/kustomize.toolkit.fluxcd.io/v1/kustomizations').length;
    api.muteWatches(true);
    try {
      // Several liveness periods pass, each second silent watch is checked by a list.
      await eventually(() =>
        expect(api.requests.filter(r => r === 'GET /apis/kustomize.toolkit.fluxcd.io/v1/kustomizations').length).toBeGreaterThanOrEqual(listsBefore + 3),
      );
    } finally {
      clearInterval(sample);
    }
    expect([...seen]).toEqual(['connected']);
    const state = manager.getClusterState('a')!;
    expect(state.kinds.filter(k => k.state !== 'watching' && k.state !== 'not-installed')).toEqual([]);
    expect(state.lastError).toBeUndefined();
    // The same stuck watches once the kind changes: silent.
    api.put(KS_V1, { ...kustomization, metadata: { ...kustomization.metadata, name: 'during-silence' } });
    await eventually(() => expect(manager.getClusterState('a')?.connection).toBe('silent'));
    expect(manager.getClusterState('a')!.lastError).toMatch(/while the server holds 2 kustomizations and the watch 1/);
  });

  it('merge-patches with the merge-patch content type and maps 404 to NotFoundError', async () => {
    start([cluster('a', api.url)]);
    await eventually(() => expect(manager.getClusterState('a')?.connection).toBe('connected'));
    const ref = { cluster: 'a', kind: 'Kustomization', namespace: 'flux-system', name: 'data-plane' };
    const patched = await manager.mergePatch(ref, { spec: { suspend: true } });
    expect(patched.summary.suspended).toBe(true);
    const seen = await manager.waitFor(ref, o => o.summary.suspended, 5000);
    expect(seen.matched).toBe(true);
    await expect(
      manager.mergePatch({ ...ref, name: 'nope' }, { spec: { suspend: true } }),
    ).rejects.toThrow(NotFoundError);
    await expect(manager.mergePatch({ ...ref, name: 'nope' }, {})).rejects.toThrow(
      /Kustomization flux-system\/nope on cluster 'a'/,
    );
  });

  it('fetches events newest first and caches them briefly', async () => {
    start([cluster('a', api.url)]);
    await eventually(() => expect(manager.getClusterState('a')?.connection).toBe('connected'));
    const ref = { cluster: 'a', kind: 'HelmRelease', namespace: 'platform-operators', name: 'strimzi-operator' };
    const first = await manager.getEvents(ref);
    expect(first.map(e => e.reason)).toEqual(['UpgradeFailed', 'InstallSucceeded']);
    expect(first[0]).toMatchObject({ type: 'Warning', count: 4, source: 'helm-controller' });
    const calls = api.requests.filter(r => r.includes('/events')).length;
    await manager.getEvents(ref);
    expect(api.requests.filter(r => r.includes('/events')).length).toBe(calls);
  });
});
