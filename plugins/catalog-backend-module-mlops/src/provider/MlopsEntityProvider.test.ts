import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { resolve } from 'path';
import { testConfig } from '../__testUtils__/testConfig';
import { createLocalRepoLinks } from '../mapping/repoLinks';
import { readLocalRepository } from '../reader/readRepository';
import { RepoFile } from '../reader/types';
import { MlopsEntityProvider } from './MlopsEntityProvider';

const FIXTURE = resolve(__dirname, '../__fixtures__/mlops-repo');

/** A catalog that applies mutations the way the catalog engine does, per provider. */
class FakeConnection implements EntityProviderConnection {
  mutations: EntityProviderMutation[] = [];
  entities = new Map<string, Entity>();
  async applyMutation(mutation: EntityProviderMutation) {
    this.mutations.push(mutation);
    const key = (e: Entity) => `${e.kind}:${e.metadata.name}`;
    if (mutation.type === 'full') {
      this.entities.clear();
      for (const d of mutation.entities)
        this.entities.set(key(d.entity), d.entity);
    } else {
      for (const d of mutation.added)
        this.entities.set(key(d.entity), d.entity);
      for (const d of mutation.removed) {
        const ref = 'entityRef' in d ? d.entityRef : '';
        const [kind, rest] = ref.split(':');
        const name = rest?.split('/')[1];
        for (const k of this.entities.keys()) {
          if (k.toLocaleLowerCase('en-US') === `${kind}:${name}`)
            this.entities.delete(k);
        }
      }
    }
  }
  async refresh() {}
  names() {
    return [...this.entities.keys()].sort();
  }
}

describe('MlopsEntityProvider', () => {
  let baseFiles: RepoFile[];
  beforeAll(async () => {
    baseFiles = await readLocalRepository(FIXTURE);
  });

  function setup(
    options: {
      graceRuns?: number;
      drift?: any;
      driftEnabled?: boolean;
      listExisting?: () => Promise<string[]>;
    } = {},
  ) {
    let files: RepoFile[] | Error = baseFiles;
    const logger = mockServices.logger.mock();
    let task:
      | (SchedulerServiceTaskInvocationDefinition & Record<string, any>)
      | undefined;
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: jest.fn(async t => {
        task = t as any;
      }),
    });
    const provider = new MlopsEntityProvider({
      config: testConfig({
        id: 'fixture',
        paths: ['clusters/local'],
        deletionGraceRuns: options.graceRuns ?? 3,
        drift: { enabled: !!options.driftEnabled },
      }),
      logger,
      scheduler,
      drift: options.drift,
      listExisting: options.listExisting,
      links: createLocalRepoLinks(FIXTURE),
      readFiles: async () => {
        if (files instanceof Error) throw files;
        return files;
      },
    });
    const connection = new FakeConnection();
    return {
      provider,
      connection,
      logger,
      scheduler,
      runTask: async () => {
        await task!.fn(new AbortController().signal);
      },
      task: () => task,
      setFiles: (f: RepoFile[] | Error) => {
        files = f;
      },
    };
  }

  const withFile = (path: string, content: string) => [
    ...baseFiles.filter(f => f.path !== path),
    { path, content },
  ];

  it('schedules itself and ingests on the scheduled run', async () => {
    const t = setup();
    expect(t.provider.getProviderName()).toBe('mlops-provider:fixture');
    await t.provider.connect(t.connection);
    expect(t.task()).toMatchObject({
      id: 'mlops-provider:fixture:refresh',
      frequency: { minutes: 5 },
      timeout: { minutes: 3 },
    });
    await t.runTask();
    expect(t.connection.mutations).toHaveLength(1);
    expect(t.connection.mutations[0].type).toBe('full');
    expect(t.connection.names()).toEqual(
      expect.arrayContaining([
        'Domain:mlops-platform',
        'System:data-storage',
        'Component:airflow',
        'Resource:mlops-kafka',
      ]),
    );
  });

  it('applies no change when nothing changed', async () => {
    const t = setup();
    await t.provider.connect(t.connection);
    await t.runTask();
    const report = await t.provider.run();
    expect(report).toMatchObject({
      ok: true,
      applied: false,
      stats: { added: 0, changed: 0, removed: 0 },
    });
    expect(t.connection.mutations).toHaveLength(1);
  });

  it('keeps the last good set when the read fails, and reports it', async () => {
    const t = setup();
    await t.provider.connect(t.connection);
    await t.runTask();
    const before = t.connection.names();
    t.setFiles(new Error('connect ECONNREFUSED'));
    const report = await t.provider.run();
    expect(report).toEqual({
      ok: false,
      error: expect.stringContaining('connect ECONNREFUSED'),
    });
    expect(t.provider.lastError).toContain('connect ECONNREFUSED');
    expect(t.logger.error).toHaveBeenCalledWith(
      expect.stringContaining('keeps the last good set'),
    );
    expect(t.connection.mutations).toHaveLength(1);
    expect(t.connection.names()).toEqual(before);
    // Recovery: the same repository again changes nothing.
    t.setFiles(baseFiles);
    expect(await t.provider.run()).toMatchObject({ ok: true, applied: false });
    expect(t.provider.lastError).toBeUndefined();
  });

  it('skips a broken YAML file with a log line naming it; the rest is unharmed', async () => {
    const t = setup();
    await t.provider.connect(t.connection);
    await t.runTask();
    const before = t.connection.names();
    t.setFiles(
      withFile(
        'orchestration/airflow.yaml',
        'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: airflow\n spec: [\n',
      ),
    );
    for (let i = 0; i < 3; i++) {
      expect(await t.provider.run()).toMatchObject({
        ok: true,
        applied: false,
        stats: { pendingRemoval: 1 },
      });
    }
    expect(t.logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/^orchestration\/airflow\.yaml: invalid YAML/),
    );
    // Within the grace period nothing was removed, Airflow included.
    expect(t.connection.names()).toEqual(before);
    // After it, the entity that is really gone from Git goes; nothing else does.
    await t.provider.run();
    expect(t.connection.names()).toEqual(
      before.filter(n => n !== 'Component:airflow'),
    );
  });

  it('ignores an unknown kind; the rest is unharmed', async () => {
    const t = setup();
    await t.provider.connect(t.connection);
    await t.runTask();
    const before = t.connection.names();
    t.setFiles([
      ...baseFiles.filter(f => f.path !== 'orchestration/kustomization.yaml'),
      {
        path: 'orchestration/kustomization.yaml',
        content:
          'namespace: orchestration\nresources: [sources.yaml, postgresql.yaml, redis.yaml, airflow.yaml, widget.yaml]\n',
      },
      {
        path: 'orchestration/widget.yaml',
        content:
          'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec: {size: 3}\n',
      },
    ]);
    expect(await t.provider.run()).toMatchObject({
      ok: true,
      applied: false,
      problems: 0,
    });
    expect(t.connection.names()).toEqual(before);
  });

  it('shortens a name that is too long, keeps the original as title, and logs it', async () => {
    const t = setup();
    await t.provider.connect(t.connection);
    await t.runTask();
    const before = t.connection.names();
    const long = `feature-store-${'online-serving-'.repeat(5)}api`;
    t.setFiles([
      ...baseFiles.filter(f => f.path !== 'ml-lifecycle/kustomization.yaml'),
      {
        path: 'ml-lifecycle/kustomization.yaml',
        content:
          'namespace: ml-lifecycle\nresources: [mlflow.yaml, mlflow-db.yaml, long.yaml]\n',
      },
      {
        path: 'ml-lifecycle/long.yaml',
        content: `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${long}\nspec:\n  chart:\n    spec: {chart: feast}\n`,
      },
    ]);
    const report = await t.provider.run();
    expect(report).toMatchObject({
      ok: true,
      applied: true,
      stats: { added: 1, changed: 0, removed: 0 },
    });
    const added = t.connection.names().filter(n => !before.includes(n));
    expect(added).toHaveLength(1);
    const entity = t.connection.entities.get(added[0])!;
    expect(entity.metadata.name).toHaveLength(63);
    expect(entity.metadata.title).toBe(long);
    expect(entity.metadata.annotations?.['mlops-portal.io/objects']).toBe(
      `HelmRelease:ml-lifecycle/${long}`,
    );
    expect(t.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(`emitted as '${entity.metadata.name}'`),
    );
    expect(t.connection.names().filter(n => before.includes(n))).toEqual(
      before,
    );
  });

  it('adds unmanaged Flux objects from the clusters when the drift view is on', async () => {
    const listFluxObjects = jest.fn(async () => [
      {
        cluster: 'local',
        kind: 'HelmRelease',
        namespace: 'orchestration',
        name: 'airflow',
      },
      {
        cluster: 'local',
        kind: 'HelmRelease',
        namespace: 'orchestration',
        name: 'hotfix',
      },
    ]);
    const t = setup({ driftEnabled: true, drift: { listFluxObjects } });
    await t.provider.connect(t.connection);
    await t.runTask();
    const drift = [...t.connection.entities.values()].filter(
      e => e.metadata.annotations?.['mlops-portal.io/drift'],
    );
    expect(drift.map(e => e.metadata.name)).toEqual([
      'unmanaged-local-helmrelease-orchestration-hotfix',
    ]);
    // A failing cluster keeps the last drift result instead of dropping it.
    listFluxObjects.mockRejectedValueOnce(new Error('cluster down'));
    expect(await t.provider.run()).toMatchObject({ ok: true, applied: false });
  });

  it('is built from config, one provider per id, reading a local folder', async () => {
    const providers = MlopsEntityProvider.fromConfig(
      new ConfigReader({
        catalog: {
          providers: {
            mlops: {
              a: { path: FIXTURE, paths: ['clusters/local'] },
              b: { target: 'https://github.com/o/r' },
            },
          },
        },
      }),
      {
        logger: mockServices.logger.mock({
          child: () => mockServices.logger.mock(),
        }),
        urlReader: mockServices.urlReader.mock(),
      },
    );
    expect(providers.map(p => p.getProviderName())).toEqual([
      'mlops-provider:a',
      'mlops-provider:b',
    ]);
    const connection = new FakeConnection();
    await providers[0].connect(connection);
    expect(await providers[0].run()).toMatchObject({ ok: true, applied: true });
    expect(
      connection.entities.get('Component:airflow')?.metadata.annotations?.[
        'backstage.io/source-location'
      ],
    ).toBe(`file:${FIXTURE}/orchestration/`);
  });

  it('keeps the last good set when mapping throws', async () => {
    const t = setup();
    await t.provider.connect(t.connection);
    await t.runTask();
    const before = t.connection.names();
    (t.provider as any).options.links = {
      sourceLocation: () => {
        throw new Error('unexpected');
      },
      viewUrl: () => undefined,
      editUrl: () => undefined,
    };
    expect(await t.provider.run()).toEqual({
      ok: false,
      error: 'mapping the repository failed: Error: unexpected',
    });
    expect(t.connection.mutations).toHaveLength(1);
    expect(t.connection.names()).toEqual(before);
  });

  it('after a restart, keeps what the catalog has from it within the grace period', async () => {
    // What a previous run of this provider left in the catalog.
    const previous = setup();
    await previous.provider.connect(previous.connection);
    await previous.runTask();
    const stale = 'component:default/retired-service';
    const t = setup({
      graceRuns: 1,
      listExisting: async () => [
        ...previous.connection.names().map(n => {
          const [kind, name] = n.split(':');
          return `${kind.toLocaleLowerCase('en-US')}:default/${name}`;
        }),
        stale,
      ],
    });
    await t.provider.connect(t.connection);
    const first = await t.provider.run();
    expect(first).toMatchObject({
      ok: true,
      stats: { pendingRemoval: 1, removed: 0 },
    });
    expect(t.connection.mutations[0].type).toBe('delta');
    const second = await t.provider.run();
    expect(second).toMatchObject({
      ok: true,
      applied: true,
      stats: { removed: 1 },
    });
    expect(t.connection.mutations[1]).toEqual({
      type: 'delta',
      added: [],
      removed: [{ entityRef: stale, locationKey: 'mlops-provider:fixture' }],
    });
  });

  it('falls back to a full mutation when the catalog cannot be asked', async () => {
    const t = setup({
      listExisting: async () => {
        throw new Error('catalog not ready');
      },
    });
    await t.provider.connect(t.connection);
    await t.provider.run();
    expect(t.connection.mutations[0].type).toBe('full');
    expect(t.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('catalog not ready'),
    );
  });
});
