/**
 * Every template in templates/ through the real scaffolder backend
 * (startTestBackend + @backstage/plugin-scaffolder-backend + the GitHub
 * module + this module), dry-run and real run, in both GitOps modes:
 * - github: fetch:plain served from the reference repo by a test UrlReader,
 *   publish:github:pull-request against a recorded GitHub API (msw), including
 *   "PR already exists → updated";
 * - local: a real Git repository (git init in a temp dir).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import request from 'supertest';
import type { JsonObject } from '@backstage/types';
import yaml from 'yaml';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubScaffolderModule from '@backstage/plugin-scaffolder-backend-module-github';
import { scaffolderModuleMlopsActions } from './module';
import { REFERENCE_GITOPS } from './__testUtils__/fixtureRepos';
import { gitSync, makeGitRepo } from './__testUtils__/gitRepo';
import { githubHistoryHandlers } from './__testUtils__/githubApi';
import { MOCK_USER, userEntity } from './__testUtils__/testCatalog';

const TEMPLATES_DIR = path.resolve(__dirname, '../../../templates');

function loadTemplates() {
  const location = yaml.parse(fs.readFileSync(path.join(TEMPLATES_DIR, 'all.yaml'), 'utf8'));
  return (location.spec.targets as string[]).map(t => {
    const entity = yaml.parse(fs.readFileSync(path.join(TEMPLATES_DIR, t), 'utf8'));
    entity.metadata.namespace = 'default';
    return entity;
  });
}
const templates = loadTemplates();
/** Components as the catalog module generates them (the entity name differs from the object on purpose for one). */
const components = [
  ['strimzi-operator', 'HelmRelease:platform-operators/strimzi-operator'],
  ['spark', 'HelmRelease:platform-operators/spark-operator'],
].map(([name, objects]) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations: { 'mlops-portal.io/objects': objects } },
  spec: { type: 'platform-operator', lifecycle: 'production', owner: 'group:default/platform-team' },
}));
const template = (name: string) => templates.find(t => t.metadata.name === name);

/** A UrlReader that serves the reference repo for any URL (fetch:plain in GitHub mode). */
const readTreeUrls: string[] = [];
const fixtureUrlReader = createServiceFactory({
  service: coreServices.urlReader,
  deps: {},
  factory: () => ({
    readUrl: async () => {
      throw new Error('readUrl is not used by these templates');
    },
    readTree: async (url: string) => {
      readTreeUrls.push(url);
      return {
        etag: 'fixture',
        files: async () => [],
        archive: async () => {
          throw new Error('not used');
        },
        dir: async (opts?: { targetDir?: string }) => {
          const dir = opts?.targetDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tree-'));
          fs.cpSync(REFERENCE_GITOPS, dir, { recursive: true });
          return dir;
        },
      };
    },
    search: async () => ({ files: [], etag: '' }),
  }),
});

/** Locations the templates registered through the catalog API (the in-memory catalog has no location store). */
const registeredLocations: Array<{ type: string; target: string }> = [];
const catalogFactory = createServiceFactory({
  service: catalogServiceRef,
  deps: {},
  factory: () => {
    // The test backend's default caller (mockCredentials.user()) is in both teams.
    const caller = userEntity(MOCK_USER, ['group:default/ml-team', 'group:default/platform-team']);
    const client = catalogServiceMock({ entities: [...templates, ...components, caller] });
    const asLocation = (i: number) => ({ id: `loc-${i}`, entityRef: `location:default/generated-${i}`, ...registeredLocations[i] });
    client.getLocationByRef = async (ref: string) => {
      const i = registeredLocations.findIndex(l => `${l.type}:${l.target}` === ref);
      return i >= 0 ? asLocation(i) : undefined;
    };
    client.addLocation = async (loc: { type?: string; target: string }) => {
      registeredLocations.push({ type: loc.type ?? 'url', target: loc.target });
      return { location: asLocation(registeredLocations.length - 1), entities: [] };
    };
    return client;
  },
});

async function startBackend(gitops: JsonObject, mlops: JsonObject = {}) {
  const workingDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'scaffolder-work-'));
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      githubScaffolderModule,
      scaffolderModuleMlopsActions,
      catalogFactory,
      fixtureUrlReader,
      mockServices.rootConfig.factory({
        data: {
          backend: { workingDirectory },
          integrations: { github: [{ host: 'github.com', token: 'gh-test-token' }] },
          scaffolder: { defaultAuthor: { name: 'MLOps Portal', email: 'portal@mlops-portal.invalid' } },
          mlops: { gitops, ...mlops },
        },
      }),
    ],
  });
  return { server, cleanup: () => fs.rmSync(workingDirectory, { recursive: true, force: true }) };
}

async function dryRun(server: any, name: string, values: Record<string, unknown>) {
  const res = await request(server)
    .post('/api/scaffolder/v2/dry-run')
    .send({ template: template(name), values, directoryContents: [] });
  if (res.status !== 200) throw new Error(`dry-run ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Runs a template for real and waits for it; returns { status, output, log }. */
async function runTask(server: any, name: string, values: Record<string, unknown>) {
  const created = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .send({ templateRef: `template:default/${name}`, values });
  if (created.status !== 201) throw new Error(`create task ${created.status}: ${JSON.stringify(created.body)}`);
  const id = created.body.id;
  for (;;) {
    const events = await request(server).get(`/api/scaffolder/v2/tasks/${id}/events`);
    const done = (events.body as any[]).find(e => e.type === 'completion');
    if (done) {
      const log = (events.body as any[]).filter(e => e.type === 'log').map(e => e.body.message).join('\n');
      const task = await request(server).get(`/api/scaffolder/v2/tasks/${id}`);
      return { status: task.body.status as string, output: done.body.output, log, message: done.body.message };
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

// --- the recorded GitHub API ----------------------------------------------
interface GithubState {
  branches: Map<string, string>;
  prs: Array<{ number: number; head: string; title: string }>;
  trees: Array<{ path: string; content?: string; sha?: string }[]>;
  calls: string[];
}
const gh: GithubState = { branches: new Map(), prs: [], trees: [], calls: [] };
/** Contents of the blobs the pull request action uploaded, by sha. */
const blobs = new Map<string, string>();
const API = 'https://api.github.com/repos/mlops-portal/mlops-platform';
const mswServer = setupServer(
  http.get(API, ({ request: r }) => {
    gh.calls.push(`GET repo ${r.headers.get('authorization') ? 'authed' : 'anonymous'}`);
    return HttpResponse.json({ default_branch: 'main', permissions: { push: true, admin: false, pull: true } });
  }),
  http.get(`${API}/commits`, () => HttpResponse.json([{ sha: 'base-commit', commit: { tree: { sha: 'base-tree' } } }])),
  http.post(`${API}/git/blobs`, async ({ request: r }) => {
    const body: any = await r.json();
    const sha = `blob-${Math.random().toString(16).slice(2)}`;
    blobs.set(sha, body.encoding === 'base64' ? Buffer.from(body.content, 'base64').toString('utf8') : body.content);
    return HttpResponse.json({ sha }, { status: 201 });
  }),
  http.post(`${API}/git/trees`, async ({ request: r }) => {
    const body: any = await r.json();
    gh.trees.push(body.tree);
    return HttpResponse.json({ sha: `tree-${gh.trees.length}` }, { status: 201 });
  }),
  http.post(`${API}/git/commits`, () => HttpResponse.json({ sha: `commit-${gh.trees.length}` }, { status: 201 })),
  http.post('https://api.github.com/graphql', async ({ request: r }) => {
    const body: any = await r.json();
    const head = body.variables.head as string;
    gh.calls.push(`graphql ${head}`);
    const pr = gh.prs.find(p => p.head === head);
    return HttpResponse.json({
      data: {
        repository: {
          ref: gh.branches.has(head)
            ? { associatedPullRequests: { edges: pr ? [{ node: { id: `PR_${pr.number}`, number: pr.number, url: `https://github.com/mlops-portal/mlops-platform/pull/${pr.number}` } }] : [] } }
            : null,
        },
      },
    });
  }),
  http.post(`${API}/git/refs`, async ({ request: r }) => {
    const body: any = await r.json();
    gh.calls.push(`create ref ${body.ref}`);
    gh.branches.set(body.ref.replace('refs/heads/', ''), body.sha);
    return HttpResponse.json({ ref: body.ref }, { status: 201 });
  }),
  http.patch(`${API}/git/refs/*`, async ({ request: r }) => {
    const ref = decodeURIComponent(new URL(r.url).pathname.split('/git/refs/')[1]);
    gh.calls.push(`update ref ${ref}`);
    return HttpResponse.json({ ref });
  }),
  http.post(`${API}/pulls`, async ({ request: r }) => {
    const body: any = await r.json();
    const number = 40 + gh.prs.length + 1;
    gh.prs.push({ number, head: body.head.split(':')[1], title: body.title });
    gh.calls.push(`create pr ${number}`);
    return HttpResponse.json(
      { number, html_url: `https://github.com/mlops-portal/mlops-platform/pull/${number}`, base: { ref: body.base } },
      { status: 201 },
    );
  }),
  http.patch(`${API}/pulls/:number`, async ({ params }) => {
    gh.calls.push(`update pr ${params.number}`);
    return HttpResponse.json({
      number: Number(params.number),
      html_url: `https://github.com/mlops-portal/mlops-platform/pull/${params.number}`,
      base: { ref: 'main' },
    });
  }),
);

jest.setTimeout(120_000);

const redis = {
  name: 'redis-operator',
  layer: 'system:default/platform-operators',
  owner: 'group:default/platform-team',
  chart: 'redis-operator',
  version: '0.18.0',
  helmRepoUrl: 'https://ot-container-kit.github.io/helm-charts/',
  values: 'replicas: 1 # one is enough\n',
  description: 'Redis: "cache" # for Airflow',
};

describe('templates through the real scaffolder: GitHub pull requests (recorded API)', () => {
  // The test backend is on 127.0.0.1: let those requests through, answer GitHub.
  beforeAll(() => mswServer.listen({ onUnhandledRequest: 'bypass' }));
  afterAll(() => mswServer.close());
  let backend: Awaited<ReturnType<typeof startBackend>>;
  beforeAll(async () => {
    backend = await startBackend({ github: { repoUrl: 'github.com?owner=mlops-portal&repo=mlops-platform', branch: 'main' } });
  });
  afterAll(() => backend.cleanup());

  it('new platform component: dry-run shows the diff and opens nothing', async () => {
    const result = await dryRun(backend.server, 'new-platform-component', redis);
    expect(readTreeUrls).toContain('https://github.com/mlops-portal/mlops-platform/tree/main');
    const text = result.output.text.find((t: any) => t.title === 'Change').content;
    expect(text).toContain('+  - redis-operator.yaml');
    expect(text).toContain("+    mlops-portal.io/description: 'Redis: \"cache\" # for Airflow'");
    expect(gh.prs).toHaveLength(0);

    // Optional fields left empty in the form.
    const { values: _v, description: _d, ...minimal } = redis;
    const bare = await dryRun(backend.server, 'new-platform-component', minimal);
    expect(bare.output.text[0].content).toContain('+  - redis-operator.yaml');
    expect(bare.output.text[0].content).not.toContain('values:');
  });

  it('new platform component: opens a PR on a deterministic branch; a rerun updates the same PR', async () => {
    const first = await runTask(backend.server, 'new-platform-component', redis);
    expect(first.status).toBe('completed');
    expect(first.output.links).toEqual(
      expect.arrayContaining([{ title: 'Pull request', url: 'https://github.com/mlops-portal/mlops-platform/pull/41' }]),
    );
    expect(gh.calls).toContain('create ref refs/heads/mlops/helmrelease-add/redis-operator');
    expect(gh.calls).toContain('create pr 41');
    const tree = gh.trees[gh.trees.length - 1];
    // Text files go inline (utf-8) or as blobs; the new file is in the tree either way.
    expect(tree.map(e => e.path)).toEqual(
      expect.arrayContaining(['components/platform-operators/redis-operator.yaml', 'components/platform-operators/kustomization.yaml']),
    );

    const second = await runTask(backend.server, 'new-platform-component', redis);
    expect(second.status).toBe('completed');
    expect(gh.calls).toContain('update ref heads/mlops/helmrelease-add/redis-operator');
    expect(gh.calls).toContain('update pr 41');
    expect(gh.prs).toHaveLength(1);
    expect(second.output.links).toEqual(
      expect.arrayContaining([{ title: 'Pull request', url: 'https://github.com/mlops-portal/mlops-platform/pull/41' }]),
    );
  });

  it('new platform component: values that break the chart schema fail the dry-run, naming the field', async () => {
    const res = await request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .send({
        template: template('new-platform-component'),
        values: { ...redis, values: 'replicas: many', valuesSchema: '{"properties":{"replicas":{"type":"integer"}}}' },
        directoryContents: [],
      });
    const log = JSON.stringify(res.body);
    expect(log).toContain("values: do not match the chart's values schema: values/replicas must be integer");
  });

  it('bump component version: already at that version → no pull request', async () => {
    const before = gh.prs.length;
    const run = await runTask(backend.server, 'bump-component-version', {
      component: 'component:default/strimzi-operator',
      version: '0.48.0',
    });
    expect(run.status).toBe('completed');
    expect(gh.prs.length).toBe(before);
    expect(run.output.text[0].content).toContain('Nothing to change');
  });

  it('bump, settings and ML project: dry-runs succeed with their diffs', async () => {
    const bump = await dryRun(backend.server, 'bump-component-version', { component: 'component:default/strimzi-operator', version: '0.49.0' });
    expect(bump.output.text[0].content).toContain('+      version: "0.49.0"');
    const set = await dryRun(backend.server, 'change-platform-setting', { key: 'KAFKA_REPLICAS', value: '5' });
    expect(set.output.text[0].content).toContain('+  KAFKA_REPLICAS: "5"');
    const ml = await dryRun(backend.server, 'new-ml-project', {
      name: 'churn-model',
      description: 'Churn: "weekly"',
      owner: 'group:default/ml-team',
      schedule: '@daily',
      sourceOwner: 'mlops-portal',
      sourceRepo: 'churn-model',
    });
    expect(ml.output.text[0].content).toContain('component:default/churn-model');
    expect(ml.output.text[0].content).toContain('infrastructure/processing/churn-model');
  });

  it('new ML project without a source repository fails in its first step, naming the field, and publishes nothing', async () => {
    const calls = gh.calls.length;
    const run = await runTask(backend.server, 'new-ml-project', {
      name: 'fraud-model',
      description: 'Fraud scores',
      owner: 'group:default/ml-team',
      sourceOwner: 'mlops-portal',
    });
    expect(run.status).toBe('failed');
    expect(run.log).toContain("sourceRepo: is required when the portal publishes to GitHub (mlops.gitops mode 'github')");
    expect(run.log).not.toContain('sourceOwner: is required');
    expect(gh.calls.slice(calls)).toEqual([]);
    expect(gh.prs.some(p => p.head === 'mlops/ml-project/fraud-model')).toBe(false);
  });

  it('roll back in GitHub mode: history from the REST API, dry-run, then a PR on a deterministic branch that a rerun updates', async () => {
    const STRIMZI = 'components/platform-operators/strimzi-operator.yaml';
    const current = fs.readFileSync(path.join(REFERENCE_GITOPS, STRIMZI), 'utf8');
    const older = current.replace('version: "0.48.0"', 'version: "0.47.0"');
    const historyCalls: string[] = [];
    mswServer.use(
      ...githubHistoryHandlers({
        owner: 'mlops-portal',
        repo: 'mlops-platform',
        history: [
          { sha: 'a'.repeat(40), message: 'Initial platform', files: { [STRIMZI]: older } },
          { sha: 'b'.repeat(40), message: 'Bump Strimzi to 0.48.0', files: { [STRIMZI]: current } },
        ],
        branches: { main: 'b'.repeat(40) },
        calls: historyCalls,
      }),
    );
    const values = { component: 'component:default/strimzi-operator' };
    const prsBefore = gh.prs.length;
    const dry = await dryRun(backend.server, 'roll-back-component', values);
    expect(dry.output.text[0].content).toContain('-      version: "0.48.0"\n+      version: "0.47.0"');
    expect(gh.prs.length).toBe(prsBefore);
    expect(historyCalls[0]).toBe(`GET /commits?sha=main&path=${encodeURIComponent(STRIMZI)}&per_page=1 Bearer gh-test-token`);

    const run = await runTask(backend.server, 'roll-back-component', values);
    expect(run.status).toBe('completed');
    expect(run.log).toContain(`Reverting bbbbbbbbbbbb "Bump Strimzi to 0.48.0" of mlops-portal/mlops-platform for ${STRIMZI}`);
    expect(gh.calls).toContain('create ref refs/heads/mlops/revert/strimzi-operator');
    const pr = gh.prs.find(p => p.head === 'mlops/revert/strimzi-operator')!;
    expect(pr.title).toBe('Roll back strimzi-operator');
    const entry = gh.trees[gh.trees.length - 1].find(e => e.path === STRIMZI);
    // Inline content or an uploaded blob, whichever the action chose.
    expect(entry?.content ?? blobs.get(entry?.sha ?? '')).toContain('version: "0.47.0"');
    expect(run.output.links).toEqual(
      expect.arrayContaining([{ title: 'Pull request', url: `https://github.com/mlops-portal/mlops-platform/pull/${pr.number}` }]),
    );

    const again = await runTask(backend.server, 'roll-back-component', values);
    expect(again.status).toBe('completed');
    expect(gh.calls).toContain('update ref heads/mlops/revert/strimzi-operator');
    expect(gh.calls).toContain(`update pr ${pr.number}`);
    expect(gh.prs.filter(p => p.head === 'mlops/revert/strimzi-operator')).toHaveLength(1);
  });
});

describe('every GitOps template previews its change', () => {
  // A GitOps template: it opens a pull request or commits a change branch.
  const gitopsTemplates = templates.filter(t =>
    t.spec.steps.some((s: any) => s.action === 'publish:github:pull-request' || s.action === 'mlops:git:branch'),
  );
  it('there are GitOps templates', () => {
    expect(gitopsTemplates.map(t => t.metadata.name).sort()).toEqual([
      'bump-component-version',
      'change-platform-setting',
      'new-ml-project',
      'new-platform-component',
      'promote-model',
      'roll-back-component',
    ]);
  });
  it.each(gitopsTemplates.map(t => [t.metadata.name, t]))(
    '%s: snapshot before the change, preview after it and before publishing, shown on the task page, the PR and the branch',
    (_n, t: any) => {
      const steps: any[] = t.spec.steps;
      const ids = steps.map(s => s.id);
      const at = (action: string) => steps.findIndex(s => s.action === action);
      const snapshot = at('mlops:gitops:snapshot');
      const preview = at('mlops:gitops:preview');
      expect(snapshot).toBeGreaterThan(ids.indexOf('fetch-local'));
      expect(snapshot).toBeGreaterThan(ids.indexOf('fetch-github'));
      // Exactly one step (the change) between them.
      expect(preview).toBe(snapshot + 2);
      expect(steps[snapshot].input).toEqual(steps[preview].input);
      expect(steps[preview].input).toEqual({
        repoPath: '${{ steps.target.output.repoPath }}',
        pathInRepo: '${{ steps.target.output.pathInRepo }}',
      });
      const pr = steps.find(s => s.action === 'publish:github:pull-request');
      const branch = steps.find(s => s.action === 'mlops:git:branch');
      expect(ids.indexOf(pr.id)).toBeGreaterThan(preview);
      expect(ids.indexOf(branch.id)).toBeGreaterThan(preview);
      expect(pr.input.description).toContain('${{ steps.preview.output.markdown }}');
      expect(branch.input.commitMessage).toMatch(/^[^\n]+\n\n\$\{\{ steps\.preview\.output\.markdown \}\}\n$/);
      expect(t.spec.output.text).toContainEqual({ title: 'Preview', content: '${{ steps.preview.output.markdown }}\n' });
    },
  );
});

describe('templates through the real scaffolder: local GitOps repository (real git)', () => {
  let remote: ReturnType<typeof makeGitRepo>;
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let reposDir: string;
  beforeAll(async () => {
    // Like the portal's own repo: the Flux tree in gitops/.
    remote = makeGitRepo(REFERENCE_GITOPS, 'gitops');
    reposDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-projects-'));
    backend = await startBackend(
      { local: { repoDir: remote.dir, branch: 'main', path: 'gitops' } },
      { mlProjects: { local: { reposDir } } },
    );
  });
  afterAll(() => {
    backend.cleanup();
    remote.cleanup();
    fs.rmSync(reposDir, { recursive: true, force: true });
  });

  const exportBranch = (branch: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'branch-'));
    gitSync(remote.dir, 'worktree', 'add', '--quiet', '--detach', dir, branch);
    return dir;
  };

  it('new platform component: dry-run pushes nothing; the run makes a branch whose files build with kubectl kustomize; a rerun keeps it', async () => {
    const dry = await dryRun(backend.server, 'new-platform-component', redis);
    expect(dry.output.text[0].content).toContain('+  - redis-operator.yaml');
    expect(gitSync(remote.dir, 'branch', '--list').trim()).toBe('* main');

    const run = await runTask(backend.server, 'new-platform-component', redis);
    expect(run.status).toBe('completed');
    expect(run.output.links).toEqual(
      expect.arrayContaining([
        { title: 'Local GitOps repository (branch mlops/helmrelease-add/redis-operator)', url: `file://${remote.dir}` },
      ]),
    );
    const sha = gitSync(remote.dir, 'rev-parse', 'mlops/helmrelease-add/redis-operator').trim();
    const wt = exportBranch(sha);
    const built = execFileSync('kubectl', ['kustomize', path.join(wt, 'gitops/components/platform-operators')], { encoding: 'utf8' });
    expect(built).toContain('name: redis-operator');
    expect(built).toContain('kind: HelmRepository');

    const again = await runTask(backend.server, 'new-platform-component', redis);
    expect(again.status).toBe('completed');
    expect(gitSync(remote.dir, 'rev-parse', 'mlops/helmrelease-add/redis-operator').trim()).toBe(sha);
  });

  it('change platform setting and bump version make their branches', async () => {
    const set = await runTask(backend.server, 'change-platform-setting', { key: 'BACKUP_SCHEDULE', value: '30 3 * * *' });
    expect(set.status).toBe('completed');
    expect(gitSync(remote.dir, 'show', 'mlops/settings-set/backup_schedule:gitops/clusters/mlops/platform-settings.yaml')).toContain(
      'BACKUP_SCHEDULE: "30 3 * * *"',
    );
    // Entity `spark` stands for HelmRelease spark-operator (its objects annotation says so).
    const bump = await runTask(backend.server, 'bump-component-version', { component: 'component:default/spark', version: '2.3.0' });
    expect(bump.status).toBe('completed');
    expect(gitSync(remote.dir, 'show', 'mlops/helmrelease-bump/spark:gitops/components/platform-operators/spark-operator.yaml')).toContain(
      'version: "2.3.0"',
    );
    // The preview: on the task page and in the change branch's commit message.
    const preview = bump.output.text.find((t: any) => t.title === 'Preview').content;
    expect(preview).toMatch(/HelmRelease `platform-operators\/spark-operator`/);
    expect(preview).toMatch(/`spec\.chart\.spec\.version`: `[^`]+` → `2\.3\.0`/);
    expect(preview).toContain('Kustomization `flux-system/platform-operators`: path `./gitops/components/platform-operators` holds 1 changed file');
    expect(preview).toContain('Kustomization `flux-system/data-storage`: depends on `flux-system/platform-operators`');
    const message = gitSync(remote.dir, 'log', '-1', '--format=%B', 'mlops/helmrelease-bump/spark');
    expect(message).toMatch(/^Bump spark to 2\.3\.0\n\n### What this change does to the platform\n/);
    expect(message).toMatch(/`spec\.chart\.spec\.version`: `[^`]+` → `2\.3\.0`/);
  });

  it('a bad value fails the task with a message naming the field, and makes no branch', async () => {
    const run = await runTask(backend.server, 'change-platform-setting', { key: 'KAFKA_REPLICAS', value: 'three' });
    expect(run.status).toBe('failed');
    expect(run.log).toContain('value: KAFKA_REPLICAS is an integer');
    expect(gitSync(remote.dir, 'branch', '--list', 'mlops/settings-set/kafka_replicas').trim()).toBe('');
  });

  it('roll back component reverts the last change to the component on a branch', async () => {
    // A change on main to roll back.
    const wt = exportBranch('main');
    const file = path.join(wt, 'gitops/components/platform-operators/strimzi-operator.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('version: "0.48.0"', 'version: "0.49.0"'));
    gitSync(wt, 'commit', '--quiet', '-am', 'Bump Strimzi to 0.49.0');
    gitSync(remote.dir, 'update-ref', 'refs/heads/main', gitSync(wt, 'rev-parse', 'HEAD').trim());

    const run = await runTask(backend.server, 'roll-back-component', { component: 'component:default/strimzi-operator' });
    expect(run.status).toBe('completed');
    expect(gitSync(remote.dir, 'show', 'mlops/revert/strimzi-operator:gitops/components/platform-operators/strimzi-operator.yaml')).toContain(
      'version: "0.48.0"',
    );
  });

  it('new ML project: its own local repository registered in the catalog, platform resources on a branch that builds', async () => {
    // No source repository: the form does not require one and the local mode does not use it.
    const values = { name: 'churn-model', description: 'Churn: "weekly" # nightly', owner: 'group:default/ml-team', schedule: '@daily' };
    const dry = await dryRun(backend.server, 'new-ml-project', values);
    expect(dry.output.text[0].content).toContain('infrastructure/processing/churn-model');
    expect(fs.readdirSync(reposDir)).toEqual([]);
    expect(registeredLocations).toEqual([]);

    const run = await runTask(backend.server, 'new-ml-project', values);
    expect(run.status).toBe('completed');
    const projectRepo = path.join(reposDir, 'churn-model');
    const target = path.join(projectRepo, 'catalog-info.yaml');
    expect(registeredLocations).toEqual([{ type: 'mlops-ml-project', target }]);
    expect(run.output.links).toEqual(
      expect.arrayContaining([
        { title: 'Local project repository', url: `file://${projectRepo}` },
        { title: 'Project in the catalog', icon: 'catalog', entityRef: 'component:default/churn-model' },
        { title: 'Local GitOps repository (branch mlops/ml-project/churn-model)', url: `file://${remote.dir}` },
      ]),
    );
    // The project: a repository of its own, committed with real git.
    expect(gitSync(projectRepo, 'log', '--format=%an %s', 'main').trim()).toBe('MLOps Portal New ML project churn-model');
    const catalogInfo = yaml.parseAllDocuments(gitSync(projectRepo, 'show', 'main:catalog-info.yaml'));
    expect(catalogInfo[0].toJS()).toMatchObject({ kind: 'Component', spec: { type: 'ml-pipeline' }, metadata: { description: 'Churn: "weekly" # nightly' } });
    // The GitOps branch: only the platform resources, and they build.
    const changed = gitSync(remote.dir, 'diff', '--name-only', 'main...mlops/ml-project/churn-model').trim().split('\n');
    expect(changed.every(f => f.startsWith('gitops/'))).toBe(true);
    const wt = exportBranch('mlops/ml-project/churn-model');
    const built = execFileSync('kubectl', ['kustomize', path.join(wt, 'gitops/infrastructure/processing')], { encoding: 'utf8' });
    expect(built).toContain('name: churn-model-events');

    // A rerun changes nothing and registers nothing twice.
    const again = await runTask(backend.server, 'new-ml-project', values);
    expect(again.status).toBe('completed');
    expect(gitSync(projectRepo, 'rev-list', '--count', 'main').trim()).toBe('1');
    expect(registeredLocations).toHaveLength(1);
  });
});
