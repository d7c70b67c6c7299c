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

  const BROKEN_AIRFLOW =
    'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: airflow\n spec: [\n';

  it('keeps the last good entities of a file that fails to parse, marks them, and warns naming the file', async () => {
    const t = setup({ graceRuns: 1 });
    await t.provider.connect(t.connection);
    await t.runTask();
    const before = t.connection.names();
    const airflow = t.connection.entities.get('Component:airflow')!;
    t.setFiles(withFile('orchestration/airflow.yaml', BROKEN_AIRFLOW));
    // Well past the grace period: nothing goes, and Airflow keeps its owner.
    for (let i = 0; i < 4; i++) {
      expect(await t.provider.run()).toMatchObject({
        ok: true,
        keptFiles: ['orchestration/airflow.yaml'],
        stats: { removed: 0, pendingRemoval: 0 },
      });
    }
    expect(t.logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^orchestration\/airflow\.yaml: invalid YAML: .*; reading its last good version instead$/,
      ),
    );
    expect(t.connection.names()).toEqual(before);
    const kept = t.connection.entities.get('Component:airflow')!;
    expect(kept.spec).toEqual(airflow.spec);
    expect(kept.metadata.annotations?.['mlops-portal.io/source-error']).toMatch(
      /^orchestration\/airflow\.yaml: invalid YAML: .*The catalog shows the last good version of this file\.$/,
    );
    // Only the broken file's entities are marked.
    expect(
      [...t.connection.entities.values()]
        .filter(e => e.metadata.annotations?.['mlops-portal.io/source-error'])
        .map(e => e.metadata.name),
    ).toEqual(['airflow']);

    // Fixed: the mark goes, nothing else changes.
    t.setFiles(baseFiles);
    expect(await t.provider.run()).toMatchObject({
      ok: true,
      keptFiles: [],
      stats: { changed: 1, added: 0, removed: 0 },
    });
    expect(t.connection.entities.get('Component:airflow')).toEqual(airflow);
  });

  it('holds removals while a file that never parsed since start-up is broken', async () => {
    // What the catalog held from before the restart.
    const previous = setup();
    await previous.provider.connect(previous.connection);
    await previous.runTask();
    const existing = previous.connection.names().map(n => {
      const [kind, name] = n.split(':');
      return `${kind.toLocaleLowerCase('en-US')}:default/${name}`;
    });
    const held = setup({ graceRuns: 1, listExisting: async () => existing });
    held.setFiles(withFile('orchestration/airflow.yaml', BROKEN_AIRFLOW));
    await held.provider.connect(held.connection);
    for (let i = 0; i < 4; i++) {
      expect(await held.provider.run()).toMatchObject({
        ok: true,
        stats: { removed: 0, pendingRemoval: 1 },
      });
    }
    expect(held.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'orchestration/airflow.yaml cannot be parsed and no good version is known since start-up',
      ),
    );
    for (const m of held.connection.mutations) {
      expect(m.type === 'delta' && m.removed).toEqual([]);
    }
    expect(held.provider.lastError).toBeUndefined();
  });

  it.each([
    ['an empty checkout', [] as RepoFile[], /found no manifest files/],
    [
      'a checkout without the configured path',
      [{ path: 'README.yaml', content: 'a: 1\n' }],
      /has no folder 'clusters\/local'/,
    ],
    [
      'a checkout whose files hold no Kubernetes object',
      [{ path: 'clusters/local/notes.yaml', content: 'a: 1\n' }],
      /found no Kubernetes objects under 'clusters\/local' in 1 files/,
    ],
  ])(
    'treats %s as a failed run, not as zero entities',
    async (_what, files, message) => {
      const t = setup({ graceRuns: 0 });
      await t.provider.connect(t.connection);
      await t.runTask();
      const before = t.connection.names();
      t.setFiles(files);
      for (let i = 0; i < 3; i++) {
        expect(await t.provider.run()).toEqual({
          ok: false,
          error: expect.stringMatching(message),
        });
      }
      expect(t.logger.error).toHaveBeenCalledTimes(3);
      expect(t.logger.error).toHaveBeenLastCalledWith(
        expect.stringMatching(message),
      );
      expect(t.connection.mutations).toHaveLength(1);
      expect(t.connection.names()).toEqual(before);
    },
  );

  it('refuses a run that would remove more than maxRemovalShare, with an error every run until fixed', async () => {
    const t = setup({ graceRuns: 0 });
    await t.provider.connect(t.connection);
    await t.runTask();
    const before = t.connection.names();
    // The layers' Flux Kustomizations are gone: most of the platform with them.
    const gutted = baseFiles.filter(
      f => f.path !== 'clusters/local/layers.yaml',
    );
    t.setFiles(gutted);
    for (let i = 0; i < 2; i++) {
      const report = await t.provider.run();
      expect(report).toMatchObject({
        ok: false,
        refused: { known: before.length, maxRemovalShare: 0.3 },
      });
      expect(report.ok === false && report.refused!.missing).toBeGreaterThan(
        before.length * 0.3,
      );
    }
    expect(t.logger.error).toHaveBeenCalledTimes(2);
    expect(t.logger.error).toHaveBeenLastCalledWith(
      expect.stringMatching(
        new RegExp(
          `^refusing to apply this run: it would remove \\d+ of the ${before.length} entities of this provider \\(\\d+%, more than maxRemovalShare 0\\.3\\)\\. Fix .* or raise catalog\\.providers\\.mlops\\.fixture\\.maxRemovalShare`,
        ),
      ),
    );
    expect(t.provider.lastError).toMatch(/^refusing to apply this run/);
    expect(t.connection.mutations).toHaveLength(1);
    expect(t.connection.names()).toEqual(before);
    // Fixed: back to normal, nothing to apply.
    t.setFiles(baseFiles);
    expect(await t.provider.run()).toMatchObject({ ok: true, applied: false });
    expect(t.provider.lastError).toBeUndefined();
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
              a: { path: FIXTURE, paths: ['clusters/local'], defaultOwner: 'group:default/platform-team' },
              b: { target: 'https://github.com/o/r', defaultOwner: 'group:default/platform-team' },
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

  it('fails the run while the catalog cannot be asked what it holds, rather than replacing it blind', async () => {
    const listExisting = jest
      .fn<Promise<string[]>, []>()
      .mockRejectedValueOnce(new Error('catalog not ready'))
      .mockResolvedValue([]);
    const t = setup({ listExisting });
    await t.provider.connect(t.connection);
    expect(await t.provider.run()).toEqual({
      ok: false,
      error: expect.stringContaining('catalog not ready'),
    });
    expect(t.connection.mutations).toEqual([]);
    expect(t.logger.error).toHaveBeenCalledWith(
      expect.stringContaining('catalog not ready'),
    );
    // The next run asks again, and goes ahead.
    expect(await t.provider.run()).toMatchObject({ ok: true, applied: true });
    expect(t.connection.mutations[0].type).toBe('delta');
  });
});
