import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import type { Entity } from '@backstage/catalog-model';
import { startKubeSim, type KubeSim } from '@mlops-portal/kube-sim';
import request from 'supertest';
import { eventually } from './__testUtils__/eventually';
import { simClusters, startMlopsTestBackend } from './__testUtils__/startMlopsTestBackend';

/*
 * Issue 12: a hung cluster as the plugin's users see it — /clusters, the
 * overview, an entity's objects and the MCP action say "silent" with since
 * when (never "connected"), and a reconcile answers 503 naming the cluster
 * and the object instead of hanging.
 */

const USER = 'user:default/admin';
const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'strimzi-operator',
      annotations: { 'mlops-portal.io/objects': 'HelmRelease:platform-operators/strimzi-operator' },
    },
    spec: { type: 'platform-operator', owner: 'group:default/platform-team', system: 'platform-operators', lifecycle: 'production' },
  },
];

describe('a hung cluster, through the plugin', () => {
  let sim: KubeSim;
  let server: any;
  let stopBackend: () => Promise<void>;
  const actionsRegistry = actionsRegistryServiceMock();

  beforeAll(async () => {
    sim = await startKubeSim({ scenario: 'healthy', clusters: ['sim-a'], stepMs: 0, reconcileDelayMs: 20, bookmarkIntervalMs: 100 });
    const backend = await startMlopsTestBackend({
      clusters: simClusters(sim),
      mlops: {
        watch: { initialBackoffMs: 20, maxBackoffMs: 200, changeBatchMs: 20, requestTimeoutMs: 500, watchLivenessMs: 800 },
        actions: { reconcileWaitMs: 2000 },
      },
      entities,
      actionsRegistry,
    });
    server = backend.server;
    stopBackend = backend.stop;
    await eventually(async () => {
      const res = await request(server).get('/api/mlops/clusters');
      if (res.body.clusters[0].connection !== 'connected') throw new Error('not connected yet');
    }, 30_000);
    await eventually(async () => {
      const res = await request(server).get('/api/mlops/entities/component/default/strimzi-operator/objects').set('authorization', mockCredentials.user.header(USER));
      if (res.body.objects?.length !== 1) throw new Error('entity index not loaded yet');
    }, 30_000);
  }, 60000);

  afterAll(async () => {
    await stopBackend?.();
    await sim?.stop();
  });

  it('says silent with since when everywhere, and a reconcile fails fast naming the cluster and object', async () => {
    sim.admin.setFaults({ unreachable: 'hang' });
    const clusters = await eventually(async () => {
      const res = await request(server).get('/api/mlops/clusters');
      expect(res.body.clusters[0].connection).toBe('silent');
      return res.body.clusters;
    }, 30_000);
    expect(clusters[0].since).toEqual(expect.any(String));
    const overview = await request(server).get('/api/mlops/overview').set('authorization', mockCredentials.user.header(USER));
    expect(overview.status).toBe(200);
    expect(overview.body.clusters[0]).toMatchObject({ name: 'sim-a', connection: 'silent', since: clusters[0].since });
    const objects = await request(server).get('/api/mlops/entities/component/default/strimzi-operator/objects').set('authorization', mockCredentials.user.header(USER));
    expect(objects.body.objects.length).toBe(1);
    expect(objects.body.errors).toEqual([{ cluster: 'sim-a', message: expect.stringMatching(/^cluster is silent since .*: statuses are as of then/) }]);
    const mcp = await actionsRegistry.invoke({ id: 'test:get-platform-overview', input: {}, credentials: mockCredentials.user(USER) });
    expect((mcp.output as any).clusters).toEqual([
      { name: 'sim-a', connection: 'silent', since: clusters[0].since, lastError: expect.any(String) },
    ]);
    const reconcile = await request(server)
      .post('/api/mlops/objects/sim-a/HelmRelease/platform-operators/strimzi-operator/reconcile')
      .set('authorization', mockCredentials.user.header(USER))
      .send({});
    expect(reconcile.status).toBe(503);
    expect(reconcile.body.error.message).toMatch(/cluster 'sim-a'.*HelmRelease platform-operators\/strimzi-operator.*no answer within 500 ms/);
    const events = await request(server)
      .get('/api/mlops/objects/sim-a/HelmRelease/platform-operators/strimzi-operator/events')
      .set('authorization', mockCredentials.user.header(USER));
    expect(events.status).toBe(503);
    expect(events.body.error.message).toMatch(/cluster 'sim-a'.*events of HelmRelease platform-operators\/strimzi-operator/);

    sim.admin.resetFaults();
    await eventually(async () => {
      const res = await request(server).get('/api/mlops/clusters');
      expect(res.body.clusters[0].connection).toBe('connected');
      expect(res.body.clusters[0].lastError).toBeUndefined();
      expect(res.body.clusters[0].recentError).toEqual({ message: expect.any(String), at: expect.any(String) });
    }, 30_000);
  }, 60000);
});
