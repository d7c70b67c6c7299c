import { execFileSync } from 'node:child_process';
import { mockServices } from '@backstage/backend-test-utils';
import { ClusterManager, DEFAULT_WATCH_OPTIONS } from '@mlops-portal/plugin-mlops-node';
import { realCluster, kubectl, raw, watchEvents, eventually, type RealCluster } from './realCluster';

/*
 * The portal's watch caches (plugins/mlops-node ClusterManager) and the
 * status API's reads and patches against the real kube-apiserver: discovery,
 * list, watch, bookmarks, 410 after etcd compaction, RBAC 403 and patches.
 */

const NS = 'rc-watch';

function manager(rc: RealCluster, token: string, name = 'real-cluster', watchLivenessMs = DEFAULT_WATCH_OPTIONS.watchLivenessMs) {
  const logger = mockServices.logger.mock();
  const m = new ClusterManager({
    config: {
      clusters: [
        {
          name,
          url: rc.url,
          simulated: false,
          source: 'config' as const,
          authProvider: 'serviceAccount',
          watchable: true,
          auth: { type: 'serviceAccountToken' as const, token },
          caData: rc.caData,
          skipTLSVerify: false,
        },
      ],
      watch: { ...DEFAULT_WATCH_OPTIONS, changeBatchMs: 10, initialBackoffMs: 100, maxBackoffMs: 1000, watchLivenessMs },
      settings: [{ namespace: 'flux-system', name: 'platform-settings' }],
      warnings: [],
    },
    logger,
  });
  return { m, logger };
}

describe('watch caches against the real API server', () => {
  let rc: RealCluster;
  let portal: ReturnType<typeof manager>;

  beforeAll(async () => {
    rc = realCluster();
    kubectl(rc, ['create', 'namespace', NS, '--dry-run=client', '-o', 'yaml']);
    kubectl(rc, ['apply', '-f', '-'], `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${NS}\n`);
    portal = manager(rc, rc.portalToken);
    portal.m.start();
    await eventually(() => {
      const s = portal.m.getClusterStates()[0];
      if (s.connection !== 'connected') throw new Error(`not connected: ${s.connection} ${s.lastError ?? ''}`);
    }, 90_000);
  }, 120_000);

  afterAll(() => {
    portal?.m.stop();
    if (rc) kubectl(rc, ['delete', 'namespace', NS, '--wait=false', '--ignore-not-found']);
  });

  it('discovers the served version of every Flux kind and reports absent CRDs as not installed', () => {
    const kinds = new Map(portal.m.getClusterStates()[0].kinds.map(k => [k.kind, k]));
    for (const [kind, version] of [
      ['GitRepository', 'source.toolkit.fluxcd.io/v1'],
      ['HelmRepository', 'source.toolkit.fluxcd.io/v1'],
      ['Kustomization', 'kustomize.toolkit.fluxcd.io/v1'],
      ['HelmRelease', 'helm.toolkit.fluxcd.io/v2'],
      ['Deployment', 'apps/v1'],
      ['Kafka', 'kafka.strimzi.io/v1beta2'],
    ]) {
      expect([kind, kinds.get(kind)?.apiVersion, kinds.get(kind)?.state]).toEqual([kind, version, 'watching']);
    }
    // Served by no CRD on this cluster (the Strimzi stand-in CRDs have only v1beta2;
    // OCIRepository and Bucket are served: source-controller's CRDs are real).
    expect(kinds.get('OCIRepository')?.state).toBe('watching');
  });

  it('lists what Flux applied from gitops/ and classifies it from the real controllers\' status', async () => {
    await eventually(() => {
      const repo = portal.m.getObject({ cluster: 'real-cluster', kind: 'GitRepository', namespace: 'flux-system', name: 'mlops-infrastructure' });
      expect(repo?.summary.status.status).toBe('Ready');
      expect(repo?.summary.status.revision).toMatch(/^main@sha1:[0-9a-f]{40}$/);
      const root = portal.m.getObject({ cluster: 'real-cluster', kind: 'Kustomization', namespace: 'flux-system', name: 'mlops-platform' });
      expect(root?.summary.status.status).toBe('Ready');
    }, 60_000);
    // The layer Kustomizations the root one applied are in the cache.
    const layers = portal.m.listObjects({ kind: 'Kustomization' }).map(o => o.name).sort();
    expect(layers).toEqual(expect.arrayContaining(['base', 'platform-operators', 'data-storage', 'observability']));
  });

  it('follows changes through the watch (ADDED, MODIFIED to Ready, DELETED)', async () => {
    kubectl(rc, ['create', 'deployment', 'watched', '-n', NS, '--image=example.invalid/app:1', '--replicas=2']);
    const ref = { cluster: 'real-cluster', kind: 'Deployment', namespace: NS, name: 'watched' };
    // kwok's fake node runs the pods: the Deployment turns Ready through real controllers.
    await eventually(() => expect(portal.m.getObject(ref)?.summary.status.status).toBe('Ready'), 60_000);
    kubectl(rc, ['scale', 'deployment', 'watched', '-n', NS, '--replicas=0']);
    await eventually(() => expect(portal.m.getObject(ref)?.summary.status.message ?? '').toMatch(/zero/i), 30_000);
    kubectl(rc, ['delete', 'deployment', 'watched', '-n', NS]);
    await eventually(() => expect(portal.m.getObject(ref)).toBeUndefined(), 30_000);
  });

  it('gets BOOKMARK events from the real server on a quiet watch', async () => {
    // Start from a ConfigMap's own resourceVersion: a list's is etcd's global
    // revision, which the ConfigMap watch cache may not have reached (the
    // watch would wait, then fail with "Too large resource version").
    const rv = JSON.parse(kubectl(rc, ['create', 'configmap', 'bm', '-n', NS, '--from-literal=a=1', '-o', 'json'])).metadata.resourceVersion;
    // The watch cache sends a bookmark shortly before the watch's timeout, once
    // its resourceVersion has moved on. With etcd 3.4 (no progress notify) it
    // moves only when some ConfigMap changes: change one elsewhere.
    setTimeout(() => kubectl(rc, ['create', 'configmap', `bm-${Date.now()}`, '-n', 'default']), 1000);
    const events = await watchEvents(
      rc,
      rc.adminToken,
      `/api/v1/namespaces/${NS}/configmaps?watch=1&allowWatchBookmarks=true&resourceVersion=${rv}&timeoutSeconds=15`,
      evs => evs.some(e => e.type === 'BOOKMARK'),
      20_000,
    );
    expect(events.map(e => e.type)).toEqual(['BOOKMARK']);
    expect(events[0].object).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1' });
    expect(Number(events[0].object.metadata.resourceVersion)).toBeGreaterThan(Number(rv));
  }, 30_000);

  it('keeps quiet kinds connected: the real server sends no bookmark for a kind nobody changes, and that is not a fault', async () => {
    // With a 2 s liveness rule most kinds of this tier (Kafka, Tenant, OCIRepository, …)
    // hear nothing for several periods. Each second silent watch is checked by a list;
    // as nothing changed, the cluster stays connected (it used to turn `silent`).
    const quick = manager(rc, rc.portalToken, 'real-cluster-quiet', 2000);
    quick.m.start();
    try {
      await eventually(() => expect(quick.m.getClusterStates()[0].connection).toBe('connected'), 90_000);
      const seen = new Set<string>();
      const until = Date.now() + 12_000;
      while (Date.now() < until) {
        seen.add(quick.m.getClusterStates()[0].connection);
        await new Promise(r => setTimeout(r, 100));
      }
      // Quiet watches did happen (the liveness rule ended them) ...
      // (logged by the cluster's watcher, through its child logger)
      const debug = (quick.logger.child as jest.Mock).mock.results.flatMap(r =>
        (r.value.debug as jest.Mock).mock.calls.map(c => String(c[0])),
      );
      expect(debug.some(m => /watch silent for 2000 ms, reconnecting/.test(m))).toBe(true);
      // ... and none of them made the cluster or a kind silent.
      expect([...seen]).toEqual(['connected']);
      expect(quick.m.getClusterStates()[0].kinds.filter(k => k.state === 'silent')).toEqual([]);
    } finally {
      quick.m.stop();
    }
  }, 150_000);

  it('refuses sendInitialEvents watches: etcd 3.4.23 (Debian) has no reliable progress notify', async () => {
    // A limit of this tier, not of real clusters with etcd >= 3.4.31 / 3.5.13:
    // the API server turns RequestWatchProgress off and answers watch-list requests with 500.
    const events = await watchEvents(rc, rc.adminToken, `/api/v1/namespaces/${NS}/configmaps?watch=1&allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan`, evs => evs.length > 0);
    expect(events[0]).toMatchObject({ type: 'ERROR', object: { code: 500, message: expect.stringContaining('RequestWatchProgress') } });
  });

  it('answers 410 Expired after etcd compaction and an API server restart, and the cache relists', async () => {
    kubectl(rc, ['create', 'configmap', 'old', '-n', NS, '--from-literal=v=0']);
    const before = JSON.parse(kubectl(rc, ['get', 'configmap', 'old', '-n', NS, '-o', 'json'])).metadata.resourceVersion;
    for (let i = 1; i <= 3; i++) kubectl(rc, ['patch', 'configmap', 'old', '-n', NS, '--type', 'merge', '-p', `{"data":{"v":"${i}"}}`]);
    // The portal's cache holds a Deployment it will have to relist.
    kubectl(rc, ['create', 'deployment', 'relisted', '-n', NS, '--image=example.invalid/app:1']);
    const ref = { cluster: 'real-cluster', kind: 'Deployment', namespace: NS, name: 'relisted' };
    await eventually(() => expect(portal.m.getObject(ref)).toBeDefined(), 30_000);
    // Compact etcd at its current revision, then restart the API server: its
    // watch cache starts again from now, so older resourceVersions are gone.
    const status = JSON.parse(execFileSync('etcdctl', ['--endpoints', rc.etcd, 'endpoint', 'status', '-w', 'json'], { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' } }));
    execFileSync('etcdctl', ['--endpoints', rc.etcd, 'compaction', String(status[0].Status.header.revision)], { env: { ...process.env, ETCDCTL_API: '3' } });
    rc.script('restart-apiserver');

    const list = await raw(rc, rc.adminToken, 'GET', `/api/v1/namespaces/${NS}/configmaps?resourceVersion=${before}&resourceVersionMatch=Exact`);
    expect([list.code, list.json?.reason]).toEqual([410, 'Expired']);
    const events = await watchEvents(rc, rc.adminToken, `/api/v1/namespaces/${NS}/configmaps?watch=1&resourceVersion=${before}`, evs => evs.length > 0);
    expect(events[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', reason: 'Expired', code: 410 } });

    // A change made while the cache was cut off shows up: the watcher resumed
    // (or relisted after its 410) against the restarted server.
    kubectl(rc, ['label', 'deployment', 'relisted', '-n', NS, 'after-restart=yes']);
    await eventually(() => expect(portal.m.getObject(ref)?.object.metadata?.labels?.['after-restart']).toBe('yes'), 60_000);
    expect(portal.m.getClusterStates()[0].connection).toBe('connected');
  }, 120_000);

  it('degrades only the kinds a restricted service account may not read (403), and refuses its patches', async () => {
    const restricted = manager(rc, rc.restrictedToken, 'restricted');
    restricted.m.start();
    try {
      await eventually(() => {
        const kinds = new Map(restricted.m.getClusterStates()[0].kinds.map(k => [k.kind, k.state]));
        expect(kinds.get('Kustomization')).toBe('watching');
        expect(kinds.get('GitRepository')).toBe('watching');
        expect(kinds.get('HelmRelease')).toBe('forbidden');
        expect(kinds.get('Deployment')).toBe('forbidden');
      }, 60_000);
      const state = restricted.m.getClusterStates()[0];
      expect(state.lastError ?? '').toMatch(/forbidden/i);
      expect(restricted.m.getObject({ cluster: 'restricted', kind: 'Kustomization', namespace: 'flux-system', name: 'mlops-platform' })).toBeDefined();
      await expect(
        restricted.m.mergePatch({ cluster: 'restricted', kind: 'Kustomization', namespace: 'flux-system', name: 'base' }, { metadata: { annotations: { 'mlops-portal.io/test': 'x' } } }),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
    } finally {
      restricted.m.stop();
    }
  }, 90_000);

  it('patches through the real API: a merge patch with the portal\'s identity lands and is watched back', async () => {
    const token = new Date().toISOString();
    const patched = await portal.m.mergePatch(
      { cluster: 'real-cluster', kind: 'Kustomization', namespace: 'flux-system', name: 'observability' },
      { metadata: { annotations: { 'mlops-portal.io/test-mark': token } } },
    );
    expect(patched.object.metadata?.annotations?.['mlops-portal.io/test-mark']).toBe(token);
    await eventually(() =>
      expect(portal.m.getObject({ cluster: 'real-cluster', kind: 'Kustomization', namespace: 'flux-system', name: 'observability' })?.object.metadata?.annotations?.['mlops-portal.io/test-mark']).toBe(token),
    );
    // Not a custom resource: strategic merge is the built-in kinds' default; a
    // JSON merge patch on a Flux object with a wrong type is rejected as 415.
    const bad = await raw(rc, rc.portalToken, 'PATCH', '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/observability', { metadata: {} }, 'application/strategic-merge-patch+json');
    expect([bad.code, bad.json?.reason]).toEqual([415, 'UnsupportedMediaType']);
  });
});
