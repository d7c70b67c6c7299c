import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { startKubeSim, type KubeSim } from '@mlops-portal/kube-sim';
import { resolve } from 'path';
import { catalogModuleMlopsEntityProvider } from '../module';

// The drift view end to end: the module in a test backend, the real cluster
// watch caches of plugin-mlops-node, and the Kubernetes simulator serving
// gitops/ plus one HelmRelease that someone applied by hand.
jest.setTimeout(60_000);

const GITOPS = resolve(__dirname, '../../../../gitops');

describe('drift view against kube-sim', () => {
  let sim: KubeSim;
  afterAll(async () => {
    await sim?.stop();
  });

  it('emits the hand-applied HelmRelease as unmanaged, and nothing that is in Git', async () => {
    sim = await startKubeSim({
      gitopsDir: GITOPS,
      clusters: ['sim-a'],
      stepMs: 0,
      reconcileDelayMs: 20,
    });
    const cluster = sim.clusters[0];
    cluster.store.create({
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'hotfix', namespace: 'orchestration' },
      spec: {
        interval: '5m',
        chart: {
          spec: {
            chart: 'hotfix',
            sourceRef: { kind: 'HelmRepository', name: 'bitnami' },
          },
        },
      },
    });

    const providers: EntityProvider[] = [];
    const backend = await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          {
            addEntityProvider: (...p: any[]) => providers.push(...p.flat()),
            addProcessor: () => {},
          },
        ],
      ],
      features: [
        catalogModuleMlopsEntityProvider,
        mockServices.scheduler.mock().factory,
        // The provider asks the catalog what it holds before its first run.
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: cluster.name,
                      url: cluster.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: cluster.token,
                      ...(cluster.caData ? { caData: cluster.caData } : {}),
                    },
                  ],
                },
              ],
            },
            mlops: {
              watch: {
                initialBackoffMs: 20,
                maxBackoffMs: 200,
                changeBatchMs: 20,
              },
            },
            catalog: {
              providers: {
                mlops: {
                  local: {
                    path: GITOPS,
                    repoUrl: 'https://github.com/mlops-portal/mlops-platform/tree/main/gitops',
                    defaultOwner: 'group:default/platform-team',
                    drift: { enabled: true },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    try {
      const mutations: EntityProviderMutation[] = [];
      await providers[0].connect({
        applyMutation: async m => {
          mutations.push(m);
        },
        refresh: async () => {},
      });
      const provider = providers[0] as any;
      let drift: Entity[] = [];
      // The caches fill asynchronously; a kind counts only once it is in sync.
      for (let i = 0; i < 200 && drift.length === 0; i++) {
        await provider.run();
        drift = mutations
          .flatMap(m => (m.type === 'full' ? m.entities : m.added))
          .map(d => d.entity)
          .filter(
            e =>
              e.metadata.annotations?.['mlops-portal.io/drift'] === 'unmanaged',
          );
        if (drift.length === 0) await new Promise(r => setTimeout(r, 100));
      }
      // More runs, once every Flux kind has had time to sync: still only the
      // hand-applied object (everything from gitops/ is in Git).
      for (let i = 0; i < 10; i++) {
        await new Promise(r => setTimeout(r, 100));
        await provider.run();
      }
      drift = mutations
        .flatMap(m => (m.type === 'full' ? m.entities : m.added))
        .map(d => d.entity)
        .filter(
          e =>
            e.metadata.annotations?.['mlops-portal.io/drift'] === 'unmanaged',
        );
      expect(drift.map(e => e.metadata.name)).toEqual([
        'unmanaged-sim-a-helmrelease-orchestration-hotfix',
      ]);
      expect(drift[0].metadata.title).toBe(
        'HelmRelease orchestration/hotfix on sim-a (unmanaged: not in Git)',
      );
      expect(drift[0].metadata.annotations?.['mlops-portal.io/clusters']).toBe(
        'sim-a',
      );
    } finally {
      await backend.stop();
    }
  });
});
