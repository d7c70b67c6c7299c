import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { startKubeSim, type KubeSim } from '@mlops-portal/kube-sim';
import type { DriftSummary, HelmReleaseDiff, MlopsStatusSignal } from '@mlops-portal/plugin-mlops-common';
import request from 'supertest';
import { eventually } from '../../__testUtils__/eventually';
import { minioOperatorComponent, platformOperatorsLayer } from '../../__testUtils__/platformEntities';
import { simClusters, startMlopsTestBackend } from '../../__testUtils__/startMlopsTestBackend';

/*
 * Drift events pushed live, through the real plugin against kube-sim: the
 * backend watches core/v1 Events of HelmReleases, and a drift event recorded
 * by (simulated) helm-controller becomes a status signal for the entity that
 * owns the HelmRelease, with the counts current when the browser refetches.
 */

const entities: Entity[] = [minioOperatorComponent, platformOperatorsLayer];

/** A token that may read the Flux objects but not Events. */
const NO_EVENTS_TOKEN = 'sim-no-events-token';

describe('drift events pushed live', () => {
  let sim: KubeSim;
  let server: any;
  let stopBackend: () => Promise<void>;
  const signals: MlopsStatusSignal[] = [];
  const alex = mockCredentials.user.header('user:default/alex');

  beforeAll(async () => {
    sim = await startKubeSim({
      scenario: 'degraded',
      clusters: ['sim-a'],
      reconcileDelayMs: 20,
      stepMs: 0,
      tokens: [
        {
          token: NO_EVENTS_TOKEN,
          user: 'system:serviceaccount:flux-system:no-events',
          rules: [{ verbs: ['get', 'list', 'watch'], resources: ['helmreleases.helm.toolkit.fluxcd.io'], namespaces: ['*'] }],
        },
      ],
    });
    sim.admin.settle();
    const [a] = simClusters(sim);
    const backend = await startMlopsTestBackend({
      // The same simulated cluster twice: once with a token that may not read Events.
      clusters: [a, { ...a, name: 'sim-no-events', serviceAccountToken: NO_EVENTS_TOKEN }],
      mlops: { watch: { changeBatchMs: 20, initialBackoffMs: 50, maxBackoffMs: 200 }, trace: { watchPods: false }, notifications: { enabled: false } },
      entities,
      publish: async ({ message }) => {
        signals.push(message as unknown as MlopsStatusSignal);
      },
    });
    server = backend.server;
    stopBackend = backend.stop;
    await eventually(async () => {
      const res = await request(server).get('/api/mlops/drift/summary?cluster=sim-a').set('Authorization', alex);
      // A readiness wait in beforeAll: throw, since expect belongs in tests.
      if (res.status !== 200 || !res.body.layers.some((l: any) => l.systemRef === 'system:default/platform-operators')) {
        throw new Error(`not ready: ${res.status}`);
      }
      const hr = await request(server).get('/api/mlops/diff/helmreleases/sim-a/platform-operators/minio-operator').set('Authorization', alex);
      if (hr.status !== 200) throw new Error(`not ready: ${hr.status}`);
    });
  }, 90_000);

  afterAll(async () => {
    await stopBackend?.();
    await sim?.stop();
  });

  const layer = async () => {
    const res = await request(server).get('/api/mlops/drift/summary?cluster=sim-a').set('Authorization', alex);
    expect(res.status).toBe(200);
    const l = (res.body as DriftSummary).layers.find(x => x.systemRef === 'system:default/platform-operators')!;
    return { corrected: l.corrected ?? 0, correctionFailed: l.correctionFailed ?? 0 };
  };
  const diff = async () => {
    const res = await request(server).get('/api/mlops/diff/helmreleases/sim-a/platform-operators/minio-operator').set('Authorization', alex);
    expect(res.status).toBe(200);
    return res.body as HelmReleaseDiff;
  };
  const driftSignals = () => signals.filter(s => s.entityRefs.includes('component:default/minio-operator') && s.clusters.includes('sim-a'));

  it('signals a new drift event to the owning entity, and the next read counts it', async () => {
    const before = await layer();
    const beforeDiff = await diff();
    expect(beforeDiff.drift.corrected ?? 0).toBe(before.corrected);
    const seen = driftSignals().length;

    sim.clusters[0].controller.helmDrift({ namespace: 'platform-operators', name: 'minio-operator', outcome: 'corrected' });
    await eventually(() => {
      if (driftSignals().length <= seen) throw new Error('no drift signal yet');
    });
    // Read right after the signal, as a browser does: already counted.
    expect((await layer()).corrected).toBe(before.corrected + 1);
    const d = await diff();
    expect(d.drift.corrected).toBe(before.corrected + 1);
    expect(d.drift.events).toContainEqual(expect.objectContaining({ reason: 'DriftCorrected' }));
  });

  it('signals a repeated drift event (its count goes up)', async () => {
    sim.clusters[0].controller.helmDrift({ namespace: 'platform-operators', name: 'minio-operator', outcome: 'failed' });
    await eventually(async () => expect((await layer()).correctionFailed).toBe(1));
    const seen = driftSignals().length;
    // helm-controller records the same failure again: one Event, count 2.
    sim.clusters[0].controller.helmDrift({ namespace: 'platform-operators', name: 'minio-operator', outcome: 'failed' });
    await eventually(() => {
      if (driftSignals().length <= seen) throw new Error('no drift signal yet');
    });
    expect((await layer()).correctionFailed).toBe(2);
    expect((await diff()).drift.correctionFailed).toBe(2);
  });

  it('keeps noticing drift events after its watch is dropped', async () => {
    const before = (await layer()).corrected;
    expect(sim.admin.dropWatches()).toBeGreaterThan(0);
    const seen = driftSignals().length;
    sim.clusters[0].controller.helmDrift({ namespace: 'platform-operators', name: 'minio-operator', outcome: 'corrected' });
    await eventually(() => {
      if (driftSignals().length <= seen) throw new Error('no drift signal yet');
    });
    expect((await layer()).corrected).toBe(before + 1);
  });

  it('relists after 410 Gone and reports the drift events recorded meanwhile', async () => {
    const before = (await layer()).corrected;
    const seen = driftSignals().length;
    // Every watch is closed, and any resumed from a resourceVersion is answered 410 Gone.
    sim.admin.setFaults({ dropWatchesNow: true, forceGone: true }, 'sim-a');
    try {
      sim.clusters[0].controller.helmDrift({ namespace: 'platform-operators', name: 'minio-operator', outcome: 'corrected', objects: ['Deployment/platform-operators/minio-operator-console'] });
      // Only a list can have seen it: the watch cannot resume.
      await eventually(() => {
        if (driftSignals().length <= seen) throw new Error('no drift signal yet');
      });
      expect((await layer()).corrected).toBe(before + 1);
    } finally {
      sim.admin.resetFaults('sim-a');
    }
  });

  it('degrades a cluster whose events cannot be read to one note', async () => {
    const res = await request(server).get('/api/mlops/drift/summary').set('Authorization', alex);
    expect(res.status).toBe(200);
    const body = res.body as DriftSummary;
    expect(body.notes).toEqual([expect.stringMatching(/^drift events of cluster 'sim-no-events' could not be read: .*forbidden/i)]);
    // sim-a's events are still counted.
    expect(body.layers.find(l => l.systemRef === 'system:default/platform-operators')!.corrected).toBeGreaterThan(0);
  });
});
