/**
 * Every hostile input of src/__fixtures__/attacks/inputAttacks.ts against
 * its action, on top of a valid input: refused with an error naming the
 * field, and nothing written (workspace, the folder a symlink points at,
 * the ML project repositories, the GitOps repository).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createMlopsActions } from '../actions';
import { planHelmReleaseAdd } from '../actions/helmReleaseAdd';
import { INPUT_ATTACKS, PYTHON_TEXT_ATTACKS } from '../__fixtures__/attacks/inputAttacks';
import { makeWorkspace, REFERENCE_GITOPS, snapshotEntries as tree } from '../__testUtils__/fixtureRepos';
import { gitSync, makeGitRepo } from '../__testUtils__/gitRepo';
import { runAction } from '../__testUtils__/runAction';
import { testCatalog } from '../__testUtils__/testCatalog';

jest.setTimeout(60_000);

const BASE: Record<string, Record<string, unknown>> = {
  'mlops:helmrelease:add': {
    repoPath: 'gitops',
    name: 'redis-operator',
    layer: 'platform-operators',
    chart: 'redis-operator',
    version: '0.18.0',
    helmRepoUrl: 'https://ot-container-kit.github.io/helm-charts/',
    description: 'Redis',
    values: 'replicas: 1\n',
  },
  'mlops:settings:set': { repoPath: 'gitops', key: 'PLATFORM_DOMAIN', value: 'mlops.example.org' },
  'mlops:gitops:snapshot': { repoPath: 'gitops', pathInRepo: 'gitops' },
  'mlops:gitops:preview': { repoPath: 'gitops', pathInRepo: 'gitops' },
  'mlops:ml-project:create': {
    name: 'churn-model',
    description: 'Churn',
    owner: 'group:default/ml-team',
    targetPath: 'project',
    gitopsRepoPath: 'gitops',
  },
  'mlops:git:clone': { targetPath: 'clone' },
  'mlops:git:branch': { gitRoot: 'gitops', branchName: 'mlops/x', commitMessage: 'x' },
  'mlops:revert': { repoPath: 'gitops', name: 'strimzi-operator' },
  'mlops:helmrelease:bump': { repoPath: 'gitops', name: 'strimzi-operator', version: '0.49.0' },
  'mlops:ml-project:publish-local': { name: 'churn-model', sourcePath: 'project' },
  'mlops:ml-project:register-local': { name: 'churn-model', sourcePath: 'project' },
};

describe('hostile action inputs', () => {
  let remote: ReturnType<typeof makeGitRepo>;
  let ws: ReturnType<typeof makeWorkspace>;
  let outside: string;
  let reposDir: string;
  let actions: ReturnType<typeof createMlopsActions>;
  beforeAll(() => {
    remote = makeGitRepo(REFERENCE_GITOPS, 'gitops');
  });
  afterAll(() => remote.cleanup());
  beforeEach(() => {
    ws = makeWorkspace(REFERENCE_GITOPS);
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-outside-'));
    fs.writeFileSync(path.join(outside, 'kustomization.yaml'), 'resources: []\n');
    reposDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-ml-projects-'));
    actions = createMlopsActions({
      target: { mode: 'local', repoDir: remote.dir, branch: 'main', path: 'gitops' },
      catalog: testCatalog(),
      mlProjects: { reposDir },
    });
  });
  afterEach(() => {
    ws.cleanup();
    fs.rmSync(outside, { recursive: true, force: true });
    fs.rmSync(reposDir, { recursive: true, force: true });
  });
  const action = (id: string) => actions.find(a => a.id === id)!;

  it.each(INPUT_ATTACKS.map(a => [`${a.action} ${a.kind} ${a.field}=${JSON.stringify(a.value).slice(0, 60)}`, a]))(
    '%s is refused, naming the field, writing nothing',
    async (_label, attack) => {
      for (const [rel, target] of Object.entries(attack.symlink ?? {})) {
        fs.symlinkSync(target.replace('{{OUTSIDE}}', outside), path.join(ws.workspacePath, rel));
      }
      const before = [tree(ws.workspacePath), tree(outside), tree(reposDir)];
      const branches = gitSync(remote.dir, 'branch', '--list');
      const input = { ...BASE[attack.action], [attack.field]: attack.value };
      const error = await runAction(action(attack.action), ws.workspacePath, input).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.name).toBe('InputError');
      expect(error?.message).toMatch(new RegExp(`(^|: )${attack.field}(\\.\\d+)?: `));
      expect(error?.message).toContain(attack.error);
      expect([tree(ws.workspacePath), tree(outside), tree(reposDir)]).toEqual(before);
      expect(gitSync(remote.dir, 'branch', '--list')).toBe(branches);
    },
  );

  it('runs no regular expression a user wrote: a catastrophic pattern in valuesSchema is left to Helm', async () => {
    // ^(a+)+$ on 40 a's and a '!' takes about 2^40 steps in a backtracking engine.
    const out = await runAction(action('mlops:helmrelease:add'), ws.workspacePath, {
      ...BASE['mlops:helmrelease:add'],
      values: `name: ${'a'.repeat(40)}!\n`,
      valuesSchema: JSON.stringify({
        properties: { name: { type: 'string', pattern: '^(a+)+$' } },
        patternProperties: { '^(a|a)+$': { type: 'integer' } },
      }),
    });
    expect(out.changed).toBe(true);
  });

  it('keeps ${SETTING} and ${SETTING:=default} of platform settings in Helm values', async () => {
    const out = await runAction(action('mlops:helmrelease:add'), ws.workspacePath, {
      ...BASE['mlops:helmrelease:add'],
      values: 'storageClass: ${STORAGE_CLASS:=standard}\nhost: grafana.${PLATFORM_DOMAIN}\n',
    });
    expect(out.diff).toContain('storageClass: ${STORAGE_CLASS:=standard}');
  });

  it('with mlops.helmRepositories.allowedHosts, only those hosts pass', async () => {
    const policy = { allowedHosts: ['*.github.io', 'charts.bitnami.com'] };
    await expect(planHelmReleaseAdd(ws.workspacePath, BASE['mlops:helmrelease:add'], policy)).resolves.toBeDefined();
    await expect(
      planHelmReleaseAdd(ws.workspacePath, { ...BASE['mlops:helmrelease:add'], helmRepoUrl: 'https://charts.example.com/' }, policy),
    ).rejects.toThrow("helmRepoUrl: host 'charts.example.com' is not in mlops.helmRepositories.allowedHosts (*.github.io, charts.bitnami.com)");
    await expect(
      planHelmReleaseAdd(ws.workspacePath, { ...BASE['mlops:helmrelease:add'], helmRepoUrl: 'https://github.io.evil.example.com/' }, policy),
    ).rejects.toThrow('is not in mlops.helmRepositories.allowedHosts');
  });

  it.each(PYTHON_TEXT_ATTACKS.map(t => [t]))('description %j stays data in the generated Python and README (python3)', async text => {
    await runAction(action('mlops:ml-project:create'), ws.workspacePath, { ...BASE['mlops:ml-project:create'], description: text });
    const src = path.join(ws.workspacePath, 'project');
    const read = execFileSync(
      'python3',
      ['-c', 'import sys, json; sys.path.insert(0, "src"); from churn_model import config; print(json.dumps(config.DESCRIPTION))'],
      { cwd: src, encoding: 'utf8' },
    );
    expect(JSON.parse(read)).toBe(text);
    const readme = fs.readFileSync(path.join(src, 'README.md'), 'utf8');
    expect(readme).not.toContain('<script>');
    expect(readme.split('\n')[2]).not.toMatch(/^\|/);
  });
});
