import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
  LoggerService,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { mlopsClustersServiceRef } from '@mlops-portal/plugin-mlops-node';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'fs';
import { load } from 'js-yaml';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import request from 'supertest';
import catalogModuleMlopsEntityProvider from '../index';
import { testConfig } from '../__testUtils__/testConfig';
import { createLocalRepoLinks } from '../mapping/repoLinks';
import { readLocalRepository } from '../reader/readRepository';
import { ingestRepository } from './ingest';

// The real catalog backend (SQLite in memory) with this module, reading a
// copy of gitops/ that the test breaks the ways a GitOps checkout breaks: a
// YAML syntax error, an empty checkout, a half-deleted tree. Each time the
// catalog must keep what it had and say why.
jest.setTimeout(180_000);

const GITOPS = resolve(__dirname, '../../../../gitops');
const TASK = 'mlops-provider:local:refresh';

function portalProviderSettings(): Record<string, any> {
  const appConfig = load(
    readFileSync(resolve(__dirname, '../../../../app-config.yaml'), 'utf8'),
  ) as any;
  return appConfig.catalog.providers.mlops.local;
}
const AIRFLOW = 'components/orchestration/airflow.yaml';

interface LogLine {
  level: 'error' | 'warn' | 'info';
  message: string;
}

/** A root logger that keeps every line, so the test can read what operators would. */
function recordingRootLogger(lines: LogLine[]) {
  const make = (): LoggerService => ({
    error: message => void lines.push({ level: 'error', message }),
    warn: message => void lines.push({ level: 'warn', message }),
    info: message => void lines.push({ level: 'info', message }),
    debug: () => {},
    child: () => make(),
  });
  return createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => make(),
  });
}

/** Polls until `check` returns a value, for what the catalog does in the background. */
async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the catalog with this module, on a broken GitOps checkout', () => {
  let dir: string;
  let repo: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlops-broken-gitops-'));
    repo = join(dir, 'gitops');
    cpSync(GITOPS, repo, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the last good entities through a YAML error, an empty checkout and a half-deleted tree, and says so', async () => {
    const lines: LogLine[] = [];
    // The mock scheduler runs the provider at start-up, then when triggered.
    const scheduler = mockServices.scheduler() as SchedulerService & {
      factory(): ServiceFactory;
    };
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleMlopsEntityProvider,
        scheduler.factory(),
        recordingRootLogger(lines),
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              processingInterval: { seconds: 1 },
              providers: {
                mlops: {
                  local: {
                    // The portal's own settings (owner, Domain, layers).
                    ...portalProviderSettings(),
                    path: repo,
                    // The grace period alone would not save anything here.
                    deletionGraceRuns: 1,
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
      const listRefs = async () => {
        const res = await request(backend.server)
          .get(
            '/api/catalog/entities?filter=metadata.annotations.backstage.io/managed-by-location=mlops-provider:local&fields=kind,metadata.name',
          )
          .set('Authorization', mockCredentials.user.header());
        return (res.body as Entity[])
          .map(e => `${e.kind}:${e.metadata.name}`)
          .sort();
      };
      const getAirflow = async (): Promise<Entity | undefined> => {
        const res = await request(backend.server)
          .get('/api/catalog/entities/by-name/component/default/airflow')
          .set('Authorization', mockCredentials.user.header());
        return res.status === 200 ? res.body : undefined;
      };
      // The stitched entity's status (not in the Entity type).
      const errorsOf = (e?: Entity): string[] =>
        ((e as any)?.status?.items ?? []).map(
          (i: { error?: { message?: string } }) => i.error?.message ?? '',
        );
      const runs = async (n: number) => {
        for (let i = 0; i < n; i++) await scheduler.triggerTask(TASK);
      };
      const logged = (level: LogLine['level'], pattern: RegExp) =>
        lines.filter(l => l.level === level && pattern.test(l.message));

      // The good repository, as processed by the catalog.
      const airflow = await eventually(
        'airflow with its relations',
        async () => {
          const e = await getAirflow();
          return e?.relations?.length ? e : undefined;
        },
      );
      const expected = ingestRepository(
        await readLocalRepository(repo),
        testConfig({ id: 'local' }),
        createLocalRepoLinks(repo),
      )
        .entities.map(e => `${e.kind}:${e.metadata.name}`)
        .sort();
      const all = await eventually('every entity of gitops/', async () => {
        const refs = await listRefs();
        return refs.length >= expected.length ? refs : undefined;
      });
      expect(all).toEqual(expected);
      expect(airflow.relations).toContainEqual({
        type: 'ownedBy',
        targetRef: 'group:default/data-team',
      });

      // 1. One YAML syntax error in airflow's file, well past the grace period.
      writeFileSync(
        join(repo, AIRFLOW),
        'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: airflow\n spec: [\n',
      );
      await runs(3);
      expect(await listRefs()).toEqual(all);
      expect(
        logged(
          'warn',
          /^components\/orchestration\/airflow\.yaml: invalid YAML: .*last good version/,
        ),
      ).not.toHaveLength(0);
      // The entity page lists the error; the entity is the last good one, owners and all.
      const flagged = await eventually(
        'the parse error on airflow',
        async () => {
          const e = await getAirflow();
          return errorsOf(e).some(m => m.includes(AIRFLOW)) ? e : undefined;
        },
      );
      expect(errorsOf(flagged)).toEqual([
        expect.stringMatching(
          /^The GitOps file of this entity fails to parse: components\/orchestration\/airflow\.yaml: invalid YAML: .*The catalog shows the last good version of this file\.$/,
        ),
      ]);
      expect(flagged.spec).toEqual(airflow.spec);
      expect(flagged.relations).toContainEqual({
        type: 'ownedBy',
        targetRef: 'group:default/data-team',
      });

      // Fixed: the error goes.
      cpSync(join(GITOPS, AIRFLOW), join(repo, AIRFLOW));
      await runs(1);
      await eventually('airflow without errors', async () =>
        errorsOf(await getAirflow()).length === 0 ? true : undefined,
      );

      // 2. An empty checkout: a failed run, every run, at error level.
      rmSync(repo, { recursive: true, force: true });
      mkdirSync(repo);
      await runs(3);
      expect(await listRefs()).toEqual(all);
      expect(
        logged('error', /found no manifest files .*keeps the last good set$/),
      ).toHaveLength(3);

      // 3. Half the tree gone (the components/ folder): refused, with counts.
      cpSync(GITOPS, repo, { recursive: true });
      rmSync(join(repo, 'components'), { recursive: true });
      await runs(3);
      expect(await listRefs()).toEqual(all);
      const refusals = logged(
        'error',
        /^refusing to apply this run: it would remove \d+ of the \d+ entities of this provider \(\d+%, more than maxRemovalShare 0\.3\)/,
      );
      expect(refusals).toHaveLength(3);
      expect(refusals[0].message).toContain(`of the ${all.length} entities`);

      // Repaired: applied again, nothing lost on the way.
      cpSync(GITOPS, repo, { recursive: true });
      const errorsBefore = logged('error', /./).length;
      await runs(1);
      expect(logged('error', /./)).toHaveLength(errorsBefore);
      expect(await listRefs()).toEqual(all);
    } finally {
      await backend.stop();
    }
  });
});
