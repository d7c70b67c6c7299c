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
import { ConfigReader } from '@backstage/config';
import { readFileSync } from 'fs';
import { load } from 'js-yaml';
import catalogModuleMlopsEntityProvider from './index';
import { readProviderConfigs } from './config/readProviderConfigs';
import { createLocalRepoLinks } from './mapping/repoLinks';
import { ingestRepository } from './provider/ingest';
import { readLocalRepository } from './reader/readRepository';

// The real catalog backend (SQLite in memory) with this module: what the
// local portal runs, minus the frontend. Shows that the emitted entities pass
// the catalog's processing and come out with the relations the catalog graph
// and the Group pages use.
jest.setTimeout(60_000);

const GITOPS = resolve(__dirname, '../../../gitops');

/** The local provider exactly as the portal's app-config.yaml sets it up. */
function appConfigProvider(): Record<string, any> {
  const appConfig = load(readFileSync(resolve(__dirname, '../../../app-config.yaml'), 'utf8')) as any;
  return {
    ...appConfig.catalog.providers.mlops.local,
    path: GITOPS,
    // No initialDelay: the mock scheduler runs it at start-up.
    schedule: { frequency: { minutes: 60 }, timeout: { minutes: 1 } },
  };
}

async function startCatalog(mlops: Record<string, any>) {
  return startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleMlopsEntityProvider,
      mockServices.rootConfig.factory({
        data: { catalog: { processingInterval: { seconds: 1 }, providers: { mlops } } },
      }),
      createServiceFactory({
        service: mlopsClustersServiceRef,
        deps: {},
        factory: () =>
          ({ getClusterStates: () => [], listObjects: () => [] } as any),
      }),
    ],
  });
}

/** What the providers' pure pipeline emits for these configs, as refs. */
async function expectedRefs(mlops: Record<string, any>): Promise<string[]> {
  const out: string[] = [];
  for (const c of readProviderConfigs(new ConfigReader({ catalog: { providers: { mlops } } }))) {
    if (c.source.type !== 'local') throw new Error('local providers only');
    const files = await readLocalRepository(c.source.path);
    const result = ingestRepository(files, c, createLocalRepoLinks(c.source.path, c.repoUrl, c.branch));
    out.push(
      ...result.entities.map(
        e => `${e.kind.toLocaleLowerCase('en-US')}:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`,
      ),
    );
  }
  return out.sort();
}

/** The entities the catalog serves from providers whose id starts with a prefix. */
async function visibleRefs(server: any, wanted: number): Promise<string[]> {
  let visible: string[] = [];
  for (let i = 0; i < 150; i++) {
    const res = await request(server)
      .get('/api/catalog/entities?fields=kind,metadata.namespace,metadata.name,metadata.annotations')
      .set('Authorization', mockCredentials.user.header());
    visible = (res.body as Entity[])
      .filter(e =>
        e.metadata.annotations?.['backstage.io/managed-by-location']?.startsWith('mlops-provider:'),
      )
      .map(e => `${e.kind.toLocaleLowerCase('en-US')}:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`)
      .sort();
    if (visible.length >= wanted) break;
    await new Promise(r => setTimeout(r, 300));
  }
  return visible;
}

describe('the catalog with this module, ingesting gitops/', () => {
  it('serves the layers, components and resources with owners and relations', async () => {
    const backend = await startCatalog({ local: appConfigProvider() });
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
      const expected = await expectedRefs({ local: appConfigProvider() });
      expect(await visibleRefs(backend.server, expected.length)).toEqual(expected);
    } finally {
      await backend.stop();
    }
  });
});

describe('several providers in one catalog (issue 15)', () => {
  const LAYOUTS = resolve(__dirname, '__fixtures__/layouts');
  // Two clusters' entry folders of one repository and a second repository:
  // the same names (podinfo, flux-system, apps, ...) on every side.
  const mlops = {
    production: { path: `${LAYOUTS}/monorepo`, paths: ['clusters/production'], defaultOwner: 'group:default/platform-team' },
    staging: { path: `${LAYOUTS}/monorepo`, paths: ['clusters/staging'], defaultOwner: 'group:default/platform-team' },
    fleet: { path: `${LAYOUTS}/multi-tenant`, paths: ['clusters/production'], defaultOwner: 'group:default/platform-team' },
  };

  it('serves every entity of every provider: no name collides', async () => {
    const backend = await startCatalog(
      Object.fromEntries(
        Object.entries(mlops).map(([id, c]) => [
          id,
          { ...c, schedule: { frequency: { minutes: 60 }, timeout: { minutes: 1 } } },
        ]),
      ),
    );
    try {
      const expected = await expectedRefs(mlops);
      // The same object names on every side…
      for (const ns of ['production', 'staging', 'fleet']) {
        expect(expected).toContain(`resource:${ns}/flux-system-gitrepository`);
      }
      expect(expected).toEqual(expect.arrayContaining(['component:production/podinfo', 'component:staging/podinfo']));
      // …and the catalog accepted all of them (a conflicting entity ref is
      // rejected by the catalog and would be missing here).
      expect(await visibleRefs(backend.server, expected.length)).toEqual(expected);
    } finally {
      await backend.stop();
    }
  });
});
