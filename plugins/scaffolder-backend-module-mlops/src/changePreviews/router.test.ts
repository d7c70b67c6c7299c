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
      values: {
        name: 'redis-operator',
        layer: 'system:default/platform-operators',
        chart: 'redis-operator',
        version: '0.18.0',
        helmRepoUrl: 'https://ot-container-kit.github.io/helm-charts/',
        owner: 'group:default/platform-team',
        description: 'Cache',
      },
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
  });

  it('refuses service tokens', async () => {
    const res = await request(server)
      .get('/api/scaffolder/mlops/change-branches')
      .set('authorization', mockCredentials.service.header());
    expect(res.status).toBe(403);
  });
});
