import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { mlopsClustersServiceRef } from '@mlops-portal/plugin-mlops-node';
import { resolve } from 'path';
import request from 'supertest';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleMlopsEntityProvider from './index';
import { testConfig } from './__testUtils__/testConfig';
import { createLocalRepoLinks } from './mapping/repoLinks';
import { ingestRepository } from './provider/ingest';
import { readLocalRepository } from './reader/readRepository';

// The real catalog backend (SQLite in memory) with this module: what the
// local portal runs, minus the frontend. Shows that the emitted entities pass
// the catalog's processing and come out with the relations the catalog graph
// and the Group pages use.
jest.setTimeout(60_000);

const GITOPS = resolve(__dirname, '../../../gitops');

describe('the catalog with this module, ingesting gitops/', () => {
  it('serves the layers, components and resources with owners and relations', async () => {
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleMlopsEntityProvider,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              processingInterval: { seconds: 1 },
              providers: {
                mlops: {
                  local: {
                    path: GITOPS,
                    // No initialDelay: the mock scheduler runs it at start-up.
                    schedule: {
                      frequency: { minutes: 60 },
                      timeout: { minutes: 1 },
                    },
                  },
                },
              },
            },
          },
        }),
        createServiceFactory({
          service: mlopsClustersServiceRef,
          deps: {},
          factory: () =>
            ({ getClusterStates: () => [], listObjects: () => [] } as any),
        }),
      ],
    });
    try {
      const get = async (ref: string): Promise<Entity | undefined> => {
        const res = await request(backend.server)
          .get(`/api/catalog/entities/by-name/${ref}`)
          .set('Authorization', mockCredentials.user.header());
        return res.status === 200 ? res.body : undefined;
      };
      // The catalog processes entities asynchronously; wait for the stitched
      // result (relations present) rather than for a fixed time.
      let airflow: Entity | undefined;
      for (let i = 0; i < 100; i++) {
        airflow = await get('component/default/airflow');
        if (airflow?.relations?.length) break;
        await new Promise(r => setTimeout(r, 300));
      }
      const relations = (e?: Entity) =>
        (e?.relations ?? []).map(r => `${r.type} ${r.targetRef}`).sort();
      expect(relations(airflow)).toEqual(
        expect.arrayContaining([
          'dependsOn resource:default/airflow-postgresql',
          'ownedBy group:default/data-team',
          'partOf system:default/orchestration',
        ]),
      );
      let system: Entity | undefined;
      for (let i = 0; i < 100; i++) {
        system = await get('system/default/orchestration');
        if (
          relations(system).some(r =>
            r.startsWith('hasPart component:default/airflow'),
          )
        )
          break;
        await new Promise(r => setTimeout(r, 300));
      }
      expect(relations(system)).toEqual(
        expect.arrayContaining([
          'hasPart component:default/airflow',
          'partOf domain:default/mlops-platform',
          'ownedBy group:default/data-team',
        ]),
      );

      // Every emitted entity made it through processing (an entity that fails
      // validation never becomes visible).
      const files = await readLocalRepository(GITOPS);
      const expected = ingestRepository(
        files,
        testConfig({ id: 'local' }),
        createLocalRepoLinks(GITOPS),
      )
        .entities.map(
          e =>
            `${e.kind.toLocaleLowerCase('en-US')}:default/${e.metadata.name}`,
        )
        .sort();
      let visible: string[] = [];
      for (let i = 0; i < 100; i++) {
        const res = await request(backend.server)
          .get(
            '/api/catalog/entities?filter=metadata.annotations.backstage.io/managed-by-location=mlops-provider:local&fields=kind,metadata.name',
          )
          .set('Authorization', mockCredentials.user.header());
        visible = (res.body as Entity[])
          .map(
            e =>
              `${e.kind.toLocaleLowerCase('en-US')}:default/${e.metadata.name}`,
          )
          .sort();
        if (visible.length >= expected.length) break;
        await new Promise(r => setTimeout(r, 300));
      }
      expect(visible).toEqual(expected);
    } finally {
      await backend.stop();
    }
  });
});
