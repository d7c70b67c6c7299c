/**
 * The change preview routes on the real scaffolder backend (startTestBackend
 * + @backstage/plugin-scaffolder-backend + this module), against a real local
 * GitOps repository (git init of gitops/ in a temp dir) and the templates of
 * templates/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import type { Entity } from '@backstage/catalog-model';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { scaffolderModuleMlopsActions } from '../module';
import { REFERENCE_GITOPS } from '../__testUtils__/fixtureRepos';
import { gitSync, makeGitRepo } from '../__testUtils__/gitRepo';
import { MOCK_USER, userEntity } from '../__testUtils__/testCatalog';
import { setupServer } from 'msw/node';
import {
  githubArchiveHandlers,
  githubPullsHandlers,
  githubTarball,
  type TarEntry,
} from '../__testUtils__/githubApi';

/** The values of a New platform component run (a Redis operator), previewed in both modes. */
const NEW_COMPONENT_VALUES = {
  name: 'redis-operator',
  layer: 'system:default/platform-operators',
  chart: 'redis-operator',
  version: '0.18.0',
  helmRepoUrl: 'https://ot-container-kit.github.io/helm-charts/',
  owner: 'group:default/platform-team',
  description: 'Cache',
};

const TEMPLATES_DIR = path.resolve(__dirname, '../../../../templates');
const templates: Entity[] = (
  yaml.parse(fs.readFileSync(path.join(TEMPLATES_DIR, 'all.yaml'), 'utf8')).spec.targets as string[]
).map(t => {
  const entity = yaml.parse(fs.readFileSync(path.join(TEMPLATES_DIR, t), 'utf8'));
  entity.metadata.namespace = 'default';
  return entity;
});
const components: Entity[] = [['strimzi-operator', 'HelmRelease:platform-operators/strimzi-operator']].map(
  ([name, objects]) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations: { 'mlops-portal.io/objects': objects } },
    spec: { type: 'platform-operator', lifecycle: 'production', owner: 'group:default/platform-team' },
  }),
);
/** A template of someone else's that tries to reach beyond the preview. */
const hostileTemplate: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'hostile', namespace: 'default' },
  spec: {
    owner: 'group:default/ml-team',
    type: 'service',
    parameters: [{ properties: { x: { type: 'string' } } }],
    steps: [
      { id: 'target', action: 'mlops:gitops:target' },
      { id: 'clone', action: 'mlops:git:clone', input: { targetPath: 'gitops' } },
      { id: 'snapshot', action: 'mlops:gitops:snapshot', input: { repoPath: 'gitops/gitops', pathInRepo: 'gitops' } },
      { id: 'shell', action: 'debug:log', input: { message: '${{ parameters.x }}' } },
      {
        id: 'code',
        action: 'mlops:settings:set',
        input: { repoPath: 'gitops/gitops', key: "${{ parameters.constructor.constructor('return process')() }}", value: 'x' },
      },
      { id: 'preview', action: 'mlops:gitops:preview', input: { repoPath: 'gitops/gitops', pathInRepo: 'gitops' } },
    ],
  },
};

/** A template that changes nothing in GitOps. */
const plainTemplate: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'plain', namespace: 'default' },
  spec: { owner: 'group:default/ml-team', type: 'service', parameters: [], steps: [{ id: 'log', action: 'debug:log' }] },
};

let tmpRoot: string;
let previousTmp: string | undefined;
let repo: { dir: string; cleanup: () => void };
let server: any;
let workingDirectory: string;
/** What the module published through the signals service. */
const published: Array<{ channel: string; recipients: unknown; message: unknown }> = [];

const previewDirs = () => fs.readdirSync(tmpRoot).filter(n => n.startsWith('mlops-change-preview-'));
const branchesOf = (dir: string) => gitSync(dir, 'branch', '--format=%(refname:short)').split('\n').filter(Boolean).sort();

beforeAll(async () => {
  previousTmp = process.env.TMPDIR;
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-route-test-'));
  repo = makeGitRepo(REFERENCE_GITOPS, 'gitops');
  workingDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'scaffolder-work-'));
  const catalogFactory = createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () =>
      catalogServiceMock({
        entities: [
          ...templates,
          ...components,
          hostileTemplate,
          plainTemplate,
          userEntity(MOCK_USER, ['group:default/ml-team', 'group:default/platform-team']),
        ],
      }),
  });
  ({ server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleMlopsActions,
      catalogFactory,
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({ publish: async (s: any) => void published.push(s) }),
      }),
      mockServices.rootConfig.factory({
        data: {
          backend: { workingDirectory },
          mlops: { gitops: { local: { repoDir: repo.dir, branch: 'main', path: 'gitops' } } },
        },
      }),
    ],
  }));
  // Every temporary folder made from now on (previews, indexes) goes here, to be counted.
  process.env.TMPDIR = tmpRoot;
});

afterAll(() => {
  process.env.TMPDIR = previousTmp;
  repo.cleanup();
  fs.rmSync(tmpRoot, { recursive: true, force: true });
  fs.rmSync(workingDirectory, { recursive: true, force: true });
});

const preview = (body: unknown) => request(server).post('/api/scaffolder/mlops/change-preview').send(body as object);

describe('POST /api/scaffolder/mlops/change-preview', () => {
  it('previews a version bump before any task runs, and leaves the repository and temp folder untouched', async () => {
    const headBefore = gitSync(repo.dir, 'rev-parse', 'main');
    const res = await preview({
      templateRef: 'template:default/bump-component-version',
      values: { component: 'component:default/strimzi-operator', version: '0.46.0' },
    });
    expect(res.status).toBe(200);
    const { preview: p, summary, skipped } = res.body;
    expect(p.changed).toEqual([
      expect.objectContaining({
        kind: 'HelmRelease',
        name: 'strimzi-operator',
        namespace: 'platform-operators',
        fields: [expect.objectContaining({ field: 'spec.chart.spec.version', to: '0.46.0', op: 'changed' })],
      }),
    ]);
    expect(p.added).toEqual([]);
    expect(p.affectedLayers.map((l: any) => l.name)).toContain('platform-operators');
    expect(summary).toMatch(/^0 added, 1 changed, 0 removed; \d+ layers affected$/);
    // The GitHub fetch is skipped by its condition; nothing after the preview step is even listed.
    expect(skipped).toEqual([{ step: 'fetch-github', action: 'fetch:plain', reason: 'its condition is false' }]);
    expect(gitSync(repo.dir, 'rev-parse', 'main')).toBe(headBefore);
    expect(branchesOf(repo.dir)).toEqual(['main']);
    expect(previewDirs()).toEqual([]);
  });

  it('previews a new platform component as added objects', async () => {
    const res = await preview({
      templateRef: 'template:default/new-platform-component',
      values: NEW_COMPONENT_VALUES,
    });
    expect(res.status).toBe(200);
    expect(res.body.preview.added).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'HelmRelease', name: 'redis-operator' })]),
    );
    expect(previewDirs()).toEqual([]);
  });

  it('names the field when a value breaks the template form rules', async () => {
    const res = await preview({
      templateRef: 'template:default/bump-component-version',
      values: { component: 'component:default/strimzi-operator' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('values.version: is required');
    const pattern = await preview({
      templateRef: 'template:default/bump-component-version',
      values: { component: 'Not A Ref!', version: '1.0.0' },
    });
    expect(pattern.status).toBe(400);
    expect(pattern.body.error.message).toMatch(/values\.component: must match pattern/);
  });

  it('names the field when an action refuses a value, and still removes the temp folder', async () => {
    const marker = path.join(tmpRoot, 'pwned');
    const res = await preview({
      templateRef: 'template:default/bump-component-version',
      values: { component: 'component:default/strimzi-operator', version: `$(touch ${marker})` },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/version/);
    expect(fs.existsSync(marker)).toBe(false);
    expect(previewDirs()).toEqual([]);
  });

  it('refuses ../ paths in values', async () => {
    const res = await preview({
      templateRef: 'template:default/change-platform-setting',
      values: { key: '../../etc/passwd', value: 'x' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/values\.key/);
    expect(previewDirs()).toEqual([]);
  });

  it('answers 404 naming templateRef for a template that does not exist', async () => {
    const res = await preview({ templateRef: 'template:default/nope', values: {} });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain("templateRef: no template 'template:default/nope'");
  });

  it('refuses a reference to something that is not a template, and a template without a preview step', async () => {
    const notTemplate = await preview({ templateRef: 'component:default/strimzi-operator', values: {} });
    expect(notTemplate.status).toBe(400);
    expect(notTemplate.body.error.message).toContain('templateRef: must name a Template');
    const noPreview = await preview({ templateRef: 'template:default/plain', values: {} });
    expect(noPreview.status).toBe(400);
    expect(noPreview.body.error.message).toContain('has no mlops:gitops:preview step');
  });

  it('never takes a template body from the request, and validates the request', async () => {
    const res = await preview({ templateRef: 'template:default/hostile', values: {}, template: hostileTemplate });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/Unrecognized key/);
    const bad = await preview({ templateRef: '../../etc', values: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/templateRef: must be an entity reference/);
    expect(bad.body.error.message).toMatch(/values: /);
  });

  it('runs nothing but our GitOps steps and evaluates no code from a template', async () => {
    const res = await preview({ templateRef: 'template:default/hostile', values: { x: '$(id)' } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/steps\.code\.input\.key: the preview cannot evaluate/);
    expect(previewDirs()).toEqual([]);
  });

  it('limits the body size', async () => {
    const res = await preview({
      templateRef: 'template:default/bump-component-version',
      values: { component: 'x'.repeat(70 * 1024) },
    });
    expect(res.status).toBe(413);
  });

  it('refuses service tokens (user credentials read the template)', async () => {
    const res = await request(server)
      .post('/api/scaffolder/mlops/change-preview')
      .set('authorization', mockCredentials.service.header())
      .send({ templateRef: 'template:default/bump-component-version', values: {} });
    expect(res.status).toBe(403);
  });
});

describe('GET /api/scaffolder/mlops/change-branches', () => {
  it('lists the change branches with their previews; broken YAML is a warning of its row', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'branch-work-'));
    try {
      gitSync(work, 'clone', '--quiet', repo.dir, '.');
      gitSync(work, 'checkout', '--quiet', '-b', 'mlops/helmrelease-bump/strimzi-operator');
      const file = path.join(work, 'gitops/components/platform-operators/strimzi-operator.yaml');
      const before = fs.readFileSync(file, 'utf8');
      expect(before).toMatch(/version: /);
      fs.writeFileSync(file, before.replace(/(\n\s+version: )["']?[^\n"']+["']?/, '$1"0.46.0"'));
      gitSync(work, 'commit', '--quiet', '-am', 'Bump strimzi-operator to 0.46.0');
      gitSync(work, 'checkout', '--quiet', 'main');
      gitSync(work, 'checkout', '--quiet', '-b', 'mlops/settings-set/broken');
      fs.writeFileSync(path.join(work, 'gitops/clusters/broken.yaml'), 'a: [unclosed\n');
      gitSync(work, 'add', '--all');
      gitSync(work, 'commit', '--quiet', '-m', 'Broken');
      gitSync(work, 'push', '--quiet', 'origin', 'mlops/helmrelease-bump/strimzi-operator', 'mlops/settings-set/broken');
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
    const res = await request(server).get('/api/scaffolder/mlops/change-branches');
    expect(res.status).toBe(200);
    expect(res.body.mode).toBe('local');
    const byName = Object.fromEntries(res.body.branches.map((b: any) => [b.name, b]));
    expect(Object.keys(byName).sort()).toEqual(['mlops/helmrelease-bump/strimzi-operator', 'mlops/settings-set/broken']);
    const bump = byName['mlops/helmrelease-bump/strimzi-operator'];
    expect(bump.subject).toBe('Bump strimzi-operator to 0.46.0');
    expect(bump.base).toBe('main');
    expect(bump.preview.changed).toEqual([
      expect.objectContaining({
        kind: 'HelmRelease',
        name: 'strimzi-operator',
        fields: [expect.objectContaining({ field: 'spec.chart.spec.version', to: '0.46.0' })],
      }),
    ]);
    const broken = byName['mlops/settings-set/broken'];
    expect(broken.preview.filesChanged).toEqual(['gitops/clusters/broken.yaml']);
    expect(broken.preview.warnings).toEqual([expect.stringContaining('gitops/clusters/broken.yaml (after the change) is not valid YAML')]);
  });

  it('leaves out a branch once it is merged into the base branch', async () => {
    const branch = 'mlops/settings-set/merged';
    gitSync(repo.dir, 'checkout', '--quiet', '-b', branch, 'main');
    fs.writeFileSync(path.join(repo.dir, 'gitops/clusters/merged.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: merged\n');
    gitSync(repo.dir, 'add', '--all');
    gitSync(repo.dir, 'commit', '--quiet', '-m', 'Merged');
    gitSync(repo.dir, 'checkout', '--quiet', 'main');
    const names = async () =>
      (await request(server).get('/api/scaffolder/mlops/change-branches')).body.branches.map((b: any) => b.name);
    expect(await names()).toContain(branch);
    gitSync(repo.dir, 'merge', '--quiet', '--ff-only', branch);
    expect(await names()).not.toContain(branch);
  });

  it('signals mlops:change-branches (nothing but "changed", to everyone) when a branch appears or goes away', async () => {
    const waitForSignal = async (count: number) => {
      const until = Date.now() + 30_000;
      while (published.length < count && Date.now() < until) await new Promise(r => setTimeout(r, 50));
      expect(published.length).toBeGreaterThanOrEqual(count);
    };
    const before = published.length;
    gitSync(repo.dir, 'branch', 'mlops/settings-set/signalled', 'main');
    await waitForSignal(before + 1);
    expect(published[before]).toEqual({
      channel: 'mlops:change-branches',
      recipients: { type: 'broadcast' },
      message: { type: 'changed' },
    });
    gitSync(repo.dir, 'branch', '-D', 'mlops/settings-set/signalled');
    await waitForSignal(before + 2);
    // Jest's own limit above the two 30 s waits: the watcher checks every 2 s, and a loaded CI machine
    // (2 cores, the whole suite at once) took longer than jest's default 5 s.
  }, 70_000);

  it('refuses service tokens', async () => {
    const res = await request(server)
      .get('/api/scaffolder/mlops/change-branches')
      .set('authorization', mockCredentials.service.header());
    expect(res.status).toBe(403);
  });
});

describe('GitHub mode: fetch:plain through the real GitHub UrlReader, GitHub answered by msw', () => {
  const OWNER = 'mlops-portal';
  const REPO = 'mlops-platform';
  const MAIN = '5'.repeat(40);
  const HOSTILE = '6'.repeat(40);
  const BROKEN = '7'.repeat(40);
  const FAILING = '8'.repeat(40);
  const SETTINGS = 'gitops/clusters/mlops/platform-settings.yaml';
  const calls: string[] = [];
  const msw = setupServer();
  let gh: any;
  let ghWork: string;
  /** Outside every checkout: links in an archive point here. */
  let victimDir: string;
  let victim: string;
  const victimText = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: victim\ndata:\n  KEEP: "me"\n';
  let tarballs: Record<string, Buffer | 404 | 500>;
  const branches: Record<string, string> = {};

  /** The reference platform as GitHub's tarball lists it: directories, then files, under gitops/. */
  function referenceEntries(): TarEntry[] {
    const entries: TarEntry[] = [{ name: 'README.md', content: '# platform\n' }, { name: 'gitops', directory: true }];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        const name = `gitops/${path.relative(REFERENCE_GITOPS, p).split(path.sep).join('/')}`;
        if (e.isDirectory()) {
          entries.push({ name, directory: true });
          walk(p);
        } else entries.push({ name, content: fs.readFileSync(p, 'utf8') });
      }
    };
    walk(REFERENCE_GITOPS);
    return entries;
  }

  beforeAll(async () => {
    msw.listen({ onUnhandledRequest: 'bypass' });
    victimDir = fs.mkdtempSync(path.join(tmpRoot, 'victim-'));
    victim = path.join(victimDir, 'settings.yaml');
    fs.writeFileSync(victim, victimText);
    const reference = referenceEntries();
    tarballs = {
      [MAIN]: githubTarball({ owner: OWNER, repo: REPO, sha: MAIN, entries: reference }),
      [HOSTILE]: githubTarball({
        owner: OWNER,
        repo: REPO,
        sha: HOSTILE,
        entries: [
          ...reference.filter(e => e.name !== SETTINGS),
          // Entries that try to write outside the checkout.
          { name: 'gitops/../../escape-marker.yaml', content: 'escaped: true\n' },
          { name: 'gitops/clusters/../../../escape-marker-2.yaml', content: 'escaped: true\n' },
          // The settings file as a link to a file outside: an edit would write there.
          { name: SETTINGS, symlink: victim },
          { name: 'gitops/clusters/mlops/relative-link.yaml', symlink: `../../../../${path.basename(victimDir)}/settings.yaml` },
          // A linked folder, then a file "inside" it.
          { name: 'gitops/components/evil', symlink: victimDir },
          { name: 'gitops/components/evil/pwned.yaml', content: 'pwned: true\n' },
        ],
      }),
      [BROKEN]: Buffer.from('this is not a gzip archive'),
      [FAILING]: 500,
    };
    ghWork = fs.mkdtempSync(path.join(tmpRoot, 'scaffolder-work-gh-'));
    msw.use(...githubArchiveHandlers({ owner: OWNER, repo: REPO, branches, tarballs, calls }));
    ({ server: gh } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleMlopsActions,
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () =>
            catalogServiceMock({
              entities: [...templates, ...components, userEntity(MOCK_USER, ['group:default/platform-team'])],
            }),
        }),
        mockServices.rootConfig.factory({
          data: {
            backend: { workingDirectory: ghWork },
            integrations: { github: [{ host: 'github.com', token: 'gh-test-token' }] },
            mlops: { gitops: { github: { repoUrl: `github.com?owner=${OWNER}&repo=${REPO}`, branch: 'main', path: 'gitops' } } },
          },
        }),
      ],
    }));
  });
  afterAll(() => msw.close());
  beforeEach(() => {
    calls.length = 0;
    branches.main = MAIN;
  });
  const ghPreview = (body: unknown) => request(gh).post('/api/scaffolder/mlops/change-preview').send(body as object);

  it('previews a version bump from the repository GitHub serves, with the integration token', async () => {
    const res = await ghPreview({
      templateRef: 'template:default/bump-component-version',
      values: { component: 'component:default/strimzi-operator', version: '0.49.0' },
    });
    expect(res.status).toBe(200);
    const { preview: p, summary, skipped } = res.body;
    expect(p.filesChanged).toEqual(['gitops/components/platform-operators/strimzi-operator.yaml']);
    expect(p.changed).toEqual([
      expect.objectContaining({
        kind: 'HelmRelease',
        name: 'strimzi-operator',
        namespace: 'platform-operators',
        path: 'gitops/components/platform-operators/strimzi-operator.yaml',
        fields: [{ field: 'spec.chart.spec.version', from: '0.48.0', to: '0.49.0', op: 'changed' }],
      }),
    ]);
    expect(p.added).toEqual([]);
    expect(p.removed).toEqual([]);
    expect(p.affectedLayers.map((l: any) => l.name)).toEqual(expect.arrayContaining(['platform-operators', 'data-storage']));
    expect(summary).toMatch(/^0 added, 1 changed, 0 removed; \d+ layers affected$/);
    expect(skipped).toEqual([{ step: 'fetch-local', action: 'mlops:git:clone', reason: 'its condition is false' }]);
    expect(calls).toEqual([
      `GET api.github.com/repos/${OWNER}/${REPO}/commits/main/status?per_page=0 Bearer gh-test-token`,
      `GET api.github.com/repos/${OWNER}/${REPO}/tarball/${MAIN} Bearer gh-test-token`,
      expect.stringMatching(new RegExp(`^GET codeload.github.com/${OWNER}/${REPO}/legacy.tar.gz/${MAIN} `)),
    ]);
    expect(JSON.stringify(res.body)).not.toContain('gh-test-token');
    expect(previewDirs()).toEqual([]);
  });

  it('previews a new platform component as added objects', async () => {
    const res = await ghPreview({
      templateRef: 'template:default/new-platform-component',
      values: NEW_COMPONENT_VALUES,
    });
    expect(res.status).toBe(200);
    const added = res.body.preview.added.map((o: any) => `${o.kind}:${o.name}:${o.path}`);
    expect(added).toContain('HelmRelease:redis-operator:gitops/components/platform-operators/redis-operator.yaml');
    expect(res.body.preview.changed).toEqual([]);
    expect(res.body.preview.removed).toEqual([]);
    expect(previewDirs()).toEqual([]);
  });

  it("follows no archive entry out of the throw-away checkout ('..' names, links leading out)", async () => {
    branches.main = HOSTILE;
    const res = await ghPreview({
      templateRef: 'template:default/change-platform-setting',
      values: { key: 'KAFKA_REPLICAS', value: '5' },
    });
    // The settings file was a link leading out: it is not extracted, so the
    // edit finds no settings file instead of writing through the link.
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe("configMapName: no ConfigMap 'platform-settings' in namespace 'flux-system' in the repository");
    expect(fs.readFileSync(victim, 'utf8')).toBe(victimText);
    expect(fs.readdirSync(victimDir)).toEqual(['settings.yaml']);
    expect(fs.existsSync(path.join(tmpRoot, 'escape-marker.yaml'))).toBe(false);
    expect(fs.existsSync(path.join(tmpRoot, 'escape-marker-2.yaml'))).toBe(false);
    expect(previewDirs()).toEqual([]);

    // A template that edits another file: the links are simply absent from the preview.
    const bump = await ghPreview({
      templateRef: 'template:default/bump-component-version',
      values: { component: 'component:default/strimzi-operator', version: '0.49.0' },
    });
    expect(bump.status).toBe(200);
    expect(bump.body.preview.filesChanged).toEqual(['gitops/components/platform-operators/strimzi-operator.yaml']);
    expect(JSON.stringify(bump.body)).not.toContain('victim');
    expect(fs.readFileSync(victim, 'utf8')).toBe(victimText);
    expect(fs.readdirSync(victimDir)).toEqual(['settings.yaml']);
    expect(previewDirs()).toEqual([]);
  });

  it('removes the checkout when GitHub fails or sends a broken archive, and names the step', async () => {
    const values = { component: 'component:default/strimzi-operator', version: '0.49.0' };
    branches.main = FAILING;
    const failing = await ghPreview({ templateRef: 'template:default/bump-component-version', values });
    expect(failing.status).toBe(503);
    expect(failing.body.error.message).toMatch(/^steps\.fetch-github: could not fetch the GitOps repository https:\/\/github\.com\/mlops-portal\/mlops-platform\/tree\/main\/gitops: .*500/);
    expect(previewDirs()).toEqual([]);

    branches.main = BROKEN;
    const broken = await ghPreview({ templateRef: 'template:default/bump-component-version', values });
    expect(broken.status).toBe(503);
    expect(broken.body.error.message).toMatch(/^steps\.fetch-github: could not fetch the GitOps repository/);
    expect(previewDirs()).toEqual([]);

    delete branches.main;
    const missing = await ghPreview({ templateRef: 'template:default/bump-component-version', values });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/^steps\.fetch-github: could not fetch the GitOps repository/);
    expect(JSON.stringify([failing.body, broken.body, missing.body])).not.toContain('gh-test-token');
    expect(previewDirs()).toEqual([]);
  });

  it('GET change-branches lists the open pull requests of the GitHub repository', async () => {
    const base: Record<string, string> = {};
    for (const e of referenceEntries()) if ('content' in e) base[e.name] = e.content;
    const STRIMZI = 'gitops/components/platform-operators/strimzi-operator.yaml';
    const head = '9'.repeat(40);
    msw.use(
      ...githubPullsHandlers({
        owner: OWNER,
        repo: REPO,
        commits: [
          { sha: MAIN, files: base },
          { sha: head, parent: MAIN, files: { ...base, [STRIMZI]: base[STRIMZI].replace('version: "0.48.0"', 'version: "0.49.0"') } },
        ],
        pulls: [
          { number: 41, title: 'Bump strimzi-operator to 0.49.0', head: { ref: 'mlops/helmrelease-bump/strimzi-operator', sha: head }, base: { ref: 'main', sha: MAIN } },
        ],
        calls,
      }),
    );
    const res = await request(gh).get('/api/scaffolder/mlops/change-branches');
    expect(res.status).toBe(200);
    expect(res.body.mode).toBe('github');
    expect(res.body.branches).toEqual([
      expect.objectContaining({
        name: 'mlops/helmrelease-bump/strimzi-operator',
        subject: 'Bump strimzi-operator to 0.49.0',
        mergeBase: MAIN,
        pullRequest: { number: 41, url: `https://github.com/${OWNER}/${REPO}/pull/41` },
        preview: expect.objectContaining({
          changed: [expect.objectContaining({ name: 'strimzi-operator', fields: [expect.objectContaining({ to: '0.49.0' })] })],
        }),
      }),
    ]);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every(c => c.endsWith('Bearer gh-test-token'))).toBe(true);
  });
});
