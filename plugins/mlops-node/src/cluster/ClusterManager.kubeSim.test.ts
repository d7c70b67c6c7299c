import { mockServices } from '@backstage/backend-test-utils';
import { startKubeSim, type KubeSim } from '@mlops-portal/kube-sim';
import { WATCHED_KINDS } from '@mlops-portal/plugin-mlops-common';
import { DEFAULT_WATCH_OPTIONS } from '../config/readClusterConfig';
import { ClusterManager } from './ClusterManager';
import { eventually } from '../__testUtils__/eventually';

/*
 * The watch caches against the simulator: after every scenario settles, each
 * watched object on each cluster classifies as the scenario says it should.
 */


describe.each([
  ['healthy', {}],
  ['degraded', {}],
  ['fleet', { clusters: 2, objectsPerCluster: 200 }],
])('scenario %s', (scenario, extra) => {
  let sim: KubeSim;
  let manager: ClusterManager;

  beforeAll(async () => {
    sim = await startKubeSim({ scenario, stepMs: 0, reconcileDelayMs: 10, ...extra });
    sim.admin.settle();
    manager = new ClusterManager({
      config: {
        clusters: sim.clusters.map(c => ({
          name: c.name,
          url: c.url,
          simulated: true,
          source: 'config' as const,
          authProvider: 'serviceAccount',
          watchable: true,
          auth: { type: 'serviceAccountToken' as const, token: c.readOnlyToken },
          caData: c.caData,
          skipTLSVerify: false,
        })),
        // Short retries: on a loaded CI machine the first discovery can fail,
        // and the default backoff (up to 30 s) would outlast the wait below.
        watch: { ...DEFAULT_WATCH_OPTIONS, changeBatchMs: 10, initialBackoffMs: 100, maxBackoffMs: 1000 },
        settings: [{ namespace: 'flux-system', name: 'platform-settings' }],
        warnings: [],
      },
      logger: mockServices.logger.mock(),
    });
    manager.start();
    await eventually(() => {
      const states = manager.getClusterStates().map(s => s.connection);
      if (states.some(s => s !== 'connected')) throw new Error(`not connected yet: ${states}`);
    }, 50000, 50);
  }, 60000);

  afterAll(async () => {
    manager?.stop();
    await sim?.stop();
  });

  it('classifies every watched object as the scenario expects', () => {
    const expected = sim.expectations(WATCHED_KINDS.map(k => k.kind));
    expect(expected.length).toBeGreaterThan(20);
    const got = expected.map(e => {
      const o = manager.getObject({ cluster: e.cluster, kind: e.kind, namespace: e.namespace || undefined, name: e.name });
      return `${e.cluster} ${e.kind} ${e.namespace}/${e.name}: ${o?.summary.status.status ?? 'missing'}`;
    });
    expect(got).toEqual(expected.map(e => `${e.cluster} ${e.kind} ${e.namespace}/${e.name}: ${e.settled}`));
  });

  it('reads the platform settings ConfigMap on every cluster', async () => {
    await eventually(() =>
      expect(manager.getSettings().map(s => [s.cluster, s.name, s.values.ENVIRONMENT])).toEqual(
        sim.clusters.map(c => [c.name, 'platform-settings', expect.any(String)]),
      ),
      20000,
      50,
    );
  });
});
