import fs from 'node:fs';
import path from 'node:path';
import { createRevertAction } from './revert';
import { createGitCloneAction } from './gitClone';
import { createHelmReleaseAddAction } from './helmReleaseAdd';
import { createHelmReleaseBumpAction } from './helmReleaseBump';
import { examples } from './revert.examples';
import { makeWorkspace, REFERENCE_GITOPS, snapshotTree } from '../__testUtils__/fixtureRepos';
import { gitSync, makeEmptyWorkspace, makeGitRepo } from '../__testUtils__/gitRepo';
import { exampleInput, runAction } from '../__testUtils__/runAction';
import { FakeCommit, githubHistoryHandlers } from '../__testUtils__/githubApi';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';

const revert = createRevertAction();

// Real git, python3 and kubectl processes on a shared 2-core machine: generous
// timeouts (not timing assertions; nothing here checks speed).
jest.setTimeout(60_000);

describe('mlops:revert', () => {
  let remote: ReturnType<typeof makeGitRepo>;
  let ws: ReturnType<typeof makeEmptyWorkspace>;
  const STRIMZI = 'components/platform-operators/strimzi-operator.yaml';
  const read = (rel: string) => fs.readFileSync(path.join(ws.workspacePath, 'gitops/gitops', rel), 'utf8');

  /** Makes a commit in the remote with the given actions' result. */
  async function commitInRemote(message: string, edit: (wsPath: string) => Promise<void>) {
    const scratch = makeEmptyWorkspace();
    gitSync(scratch.workspacePath, 'clone', '--quiet', remote.dir, 'gitops');
    await edit(scratch.workspacePath);
    gitSync(path.join(scratch.workspacePath, 'gitops'), 'add', '--all');
    gitSync(path.join(scratch.workspacePath, 'gitops'), 'commit', '--quiet', '-m', message);
    gitSync(path.join(scratch.workspacePath, 'gitops'), 'push', '--quiet', 'origin', 'HEAD:main');
    scratch.cleanup();
  }

  beforeEach(async () => {
    remote = makeGitRepo(REFERENCE_GITOPS, 'gitops');
    gitSync(remote.dir, 'config', 'receive.denyCurrentBranch', 'updateInstead');
    ws = makeEmptyWorkspace();
  });
  afterEach(() => {
    remote.cleanup();
    ws.cleanup();
  });

  const clone = () =>
    runAction(createGitCloneAction({ target: { mode: 'local', repoDir: remote.dir, branch: 'main', path: 'gitops' } }), ws.workspacePath, {
      targetPath: 'gitops',
    });

  it('reverts only the component file of a commit that also changed another file', async () => {
    await commitInRemote('Bump Strimzi and MinIO', async p => {
      await runAction(createHelmReleaseBumpAction(), p, { repoPath: 'gitops/gitops', name: 'strimzi-operator', version: '0.49.0' });
      await runAction(createHelmReleaseBumpAction(), p, { repoPath: 'gitops/gitops', name: 'minio-operator', version: '7.2.0' });
    });
    await clone();
    const out = await runAction(revert, ws.workspacePath, { ...exampleInput(examples[0].example), repoPath: 'gitops/gitops' });
    expect(out).toMatchObject({ changed: true, revertedSubject: 'Bump Strimzi and MinIO', filesChanged: [STRIMZI] });
    expect(out.diff).toContain('-      version: "0.49.0"\n+      version: "0.48.0"\n');
    expect(read(STRIMZI)).toBe(fs.readFileSync(path.join(REFERENCE_GITOPS, STRIMZI), 'utf8'));
    expect(read('components/platform-operators/minio-operator.yaml')).toContain('version: "7.2.0"');
  });

  it('reverting an added component removes its file and its kustomization entry; dry-run writes nothing', async () => {
    await commitInRemote('Add redis-operator', async p => {
      await runAction(createHelmReleaseAddAction(), p, {
        repoPath: 'gitops/gitops',
        name: 'redis-operator',
        layer: 'platform-operators',
        chart: 'redis-operator',
        version: '0.18.0',
        helmRepoUrl: 'https://ot-container-kit.github.io/helm-charts/',
      });
    });
    await clone();
    const snap = snapshotTree(ws.workspacePath);
    const dry = await runAction(revert, ws.workspacePath, { repoPath: 'gitops/gitops', name: 'redis-operator' }, { dryRun: true });
    expect(dry.filesChanged).toEqual([
      'components/platform-operators/kustomization.yaml',
      'components/platform-operators/redis-operator.yaml',
    ]);
    expect(snapshotTree(ws.workspacePath)).toEqual(snap);
    await runAction(revert, ws.workspacePath, { repoPath: 'gitops/gitops', name: 'redis-operator' });
    expect(fs.existsSync(path.join(ws.workspacePath, 'gitops/gitops/components/platform-operators/redis-operator.yaml'))).toBe(false);
    expect(read('components/platform-operators/kustomization.yaml')).toBe(
      fs.readFileSync(path.join(REFERENCE_GITOPS, 'components/platform-operators/kustomization.yaml'), 'utf8'),
    );
  });

  it('reverting one of two components added in one commit keeps the other one listed', async () => {
    await commitInRemote('Add redis-operator and memcached', async p => {
      for (const name of ['redis-operator', 'memcached']) {
        await runAction(createHelmReleaseAddAction(), p, {
          repoPath: 'gitops/gitops',
          name,
          layer: 'platform-operators',
          chart: name,
          version: '1.0.0',
          helmRepoUrl: 'https://charts.example.com/',
        });
      }
    });
    await clone();
    const out = await runAction(revert, ws.workspacePath, { repoPath: 'gitops/gitops', name: 'redis-operator' });
    expect(out.filesChanged).toEqual([
      'components/platform-operators/kustomization.yaml',
      'components/platform-operators/redis-operator.yaml',
    ]);
    const k = read('components/platform-operators/kustomization.yaml');
    expect(k).toContain('  - memcached.yaml\n');
    expect(k).not.toContain('redis-operator.yaml');
    expect(out.diff).toContain('-  - redis-operator.yaml');
  });

  it('an uncommitted edit of the component file is a clear conflict', async () => {
    await commitInRemote('Bump Strimzi', async p => {
      await runAction(createHelmReleaseBumpAction(), p, { repoPath: 'gitops/gitops', name: 'strimzi-operator', version: '0.49.0' });
    });
    await clone();
    // An uncommitted local edit of the same file.
    fs.appendFileSync(path.join(ws.workspacePath, 'gitops/gitops', STRIMZI), '# local edit\n');
    await expect(runAction(revert, ws.workspacePath, { repoPath: 'gitops/gitops', name: 'strimzi-operator' })).rejects.toThrow(
      /name: .*strimzi-operator.yaml has uncommitted changes/,
    );
  });

  it.each([
    ['unknown component', { name: 'nope' }, /name: no HelmRelease 'nope'/],
    ['a name with ..', { name: '..' }, /name: must be a DNS-1123 label/],
  ])('rejects %s', async (_l, patch, message) => {
    await clone();
    await expect(runAction(revert, ws.workspacePath, { repoPath: 'gitops/gitops', ...patch })).rejects.toThrow(message);
  });

  it('refuses a checkout without Git history (fetch:plain)', async () => {
    const plain = makeWorkspace(REFERENCE_GITOPS);
    try {
      await expect(runAction(revert, plain.workspacePath, { repoPath: 'gitops', name: 'strimzi-operator' })).rejects.toThrow(
        /repoPath: 'gitops' is not inside a Git clone/,
      );
    } finally {
      plain.cleanup();
    }
  });
});

describe('mlops:revert in GitHub mode (history from the REST API, recorded-shaped responses)', () => {
  const STRIMZI = 'components/platform-operators/strimzi-operator.yaml';
  const KUSTOMIZATION = 'components/platform-operators/kustomization.yaml';
  // The Flux tree is in gitops/ of the GitHub repository (mlops.gitops.github.path).
  const inRepo = (p: string) => `gitops/${p}`;
  const reference = (p: string) => fs.readFileSync(path.join(REFERENCE_GITOPS, p), 'utf8');
  const calls: string[] = [];
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  afterEach(() => {
    server.resetHandlers();
    calls.length = 0;
  });
  const githubRevert = createRevertAction({
    target: { mode: 'github', repoUrl: 'github.com?owner=mlops-portal&repo=mlops-platform', branch: 'main', path: 'gitops' },
    integrations: ScmIntegrations.fromConfig(
      new ConfigReader({ integrations: { github: [{ host: 'github.com', token: 'gh-test-token' }] } }),
    ),
  });
  const history = (commits: FakeCommit[]) =>
    server.use(
      ...githubHistoryHandlers({
        owner: 'mlops-portal',
        repo: 'mlops-platform',
        history: commits,
        branches: { main: commits[commits.length - 1].sha },
        calls,
      }),
    );
  const sha = (n: number) => String(n).repeat(40).slice(0, 40);
  let ws: ReturnType<typeof makeWorkspace>;
  beforeEach(() => {
    ws = makeWorkspace(REFERENCE_GITOPS);
  });
  afterEach(() => ws.cleanup());

  it('a modified file gets its content from before its last commit, with the integration token', async () => {
    const older = reference(STRIMZI).replace('version: "0.48.0"', 'version: "0.47.0"');
    history([
      { sha: sha(1), message: 'Initial platform', files: { [inRepo(STRIMZI)]: older, [inRepo(KUSTOMIZATION)]: reference(KUSTOMIZATION) } },
      { sha: sha(2), message: 'Bump Strimzi to 0.48.0\n\nTested on staging.', files: { [inRepo(STRIMZI)]: reference(STRIMZI), [inRepo(KUSTOMIZATION)]: reference(KUSTOMIZATION) } },
      // A later commit that does not touch the component.
      { sha: sha(3), message: 'Reorder', files: { [inRepo(STRIMZI)]: reference(STRIMZI), [inRepo(KUSTOMIZATION)]: `${reference(KUSTOMIZATION)}# note\n` } },
    ]);
    const out = await runAction(githubRevert, ws.workspacePath, exampleInput(examples[0].example));
    expect(out).toMatchObject({
      changed: true,
      revertedCommit: sha(2),
      revertedSubject: 'Bump Strimzi to 0.48.0',
      filesChanged: [STRIMZI],
    });
    expect(out.diff).toContain('-      version: "0.48.0"\n+      version: "0.47.0"\n');
    expect(ws.read(STRIMZI)).toBe(older);
    expect(calls).toEqual([
      `GET /commits?sha=main&path=gitops%2F${STRIMZI.replace(/\//g, '%2F')}&per_page=1 Bearer gh-test-token`,
      `GET /contents/gitops/${STRIMZI}?ref=${sha(2)} Bearer gh-test-token`,
      `GET /contents/gitops/${STRIMZI}?ref=${sha(1)} Bearer gh-test-token`,
    ]);
  });

  it('a file added by its last commit (404 at the parent) is removed with its kustomization entry; dry-run writes nothing', async () => {
    await runAction(createHelmReleaseAddAction(), ws.workspacePath, {
      repoPath: 'gitops',
      name: 'redis-operator',
      layer: 'platform-operators',
      chart: 'redis-operator',
      version: '0.18.0',
      helmRepoUrl: 'https://ot-container-kit.github.io/helm-charts/',
    });
    const REDIS = 'components/platform-operators/redis-operator.yaml';
    history([
      { sha: sha(1), message: 'Initial platform', files: { [inRepo(KUSTOMIZATION)]: reference(KUSTOMIZATION) } },
      { sha: sha(2), message: 'Add redis-operator', files: { [inRepo(KUSTOMIZATION)]: ws.read(KUSTOMIZATION), [inRepo(REDIS)]: ws.read(REDIS) } },
    ]);
    const snap = snapshotTree(ws.workspacePath);
    const dry = await runAction(githubRevert, ws.workspacePath, { repoPath: 'gitops', name: 'redis-operator' }, { dryRun: true });
    expect(dry).toMatchObject({ changed: true, revertedCommit: sha(2), filesChanged: [KUSTOMIZATION, REDIS] });
    expect(dry.diff).toContain('-  - redis-operator.yaml');
    expect(snapshotTree(ws.workspacePath)).toEqual(snap);

    const out = await runAction(githubRevert, ws.workspacePath, { repoPath: 'gitops', name: 'redis-operator' });
    expect(out.filesChanged).toEqual([KUSTOMIZATION, REDIS]);
    expect(fs.existsSync(path.join(ws.repo, REDIS))).toBe(false);
    expect(ws.read(KUSTOMIZATION)).toBe(reference(KUSTOMIZATION));
  });

  it('a file without history on the branch is a clear error naming the field', async () => {
    history([{ sha: sha(1), message: 'Initial platform', files: { [inRepo(KUSTOMIZATION)]: reference(KUSTOMIZATION) } }]);
    await expect(runAction(githubRevert, ws.workspacePath, { repoPath: 'gitops', name: 'strimzi-operator' })).rejects.toThrow(
      `name: gitops/${STRIMZI} has no history on branch 'main' of mlops-portal/mlops-platform to revert`,
    );
  });

  it('a checkout that is not the file of its last commit (the branch moved) is a conflict, and nothing is written', async () => {
    history([
      { sha: sha(1), message: 'Initial platform', files: { [inRepo(STRIMZI)]: 'old' } },
      { sha: sha(2), message: 'Something newer', files: { [inRepo(STRIMZI)]: 'newer than the checkout' } },
    ]);
    const snap = snapshotTree(ws.workspacePath);
    await expect(runAction(githubRevert, ws.workspacePath, { repoPath: 'gitops', name: 'strimzi-operator' })).rejects.toThrow(
      /name: the checkout's gitops\/components\/platform-operators\/strimzi-operator.yaml is not the file of its last commit 222222222222/,
    );
    expect(snapshotTree(ws.workspacePath)).toEqual(snap);
  });

  it.each([
    [403, { message: 'API rate limit exceeded for installation ID 1.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' }, /GitHub API refused reading history of gitops\/.*strimzi-operator.yaml of mlops-portal\/mlops-platform: 403 API rate limit exceeded for installation ID 1\. \(check the token/],
    [500, { message: 'Server Error' }, /GitHub API refused reading .*: 500 Server Error/],
    [404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/commits/commits#list-commits' }, /mlops.gitops.github.branch: branch 'main' of mlops-portal\/mlops-platform not found on GitHub/],
  ])('a GitHub API error %s is a clear error, and nothing is written', async (status, body, message) => {
    server.use(
      http.get('https://api.github.com/repos/mlops-portal/mlops-platform/commits', ({ request }) => {
        calls.push(request.headers.get('authorization') ?? '');
        return HttpResponse.json(body, { status });
      }),
    );
    const snap = snapshotTree(ws.workspacePath);
    const run = runAction(githubRevert, ws.workspacePath, { repoPath: 'gitops', name: 'strimzi-operator' });
    await expect(run).rejects.toThrow(message);
    // The token is sent to GitHub but never appears in the error.
    await expect(run).rejects.not.toThrow(/gh-test-token/);
    expect(calls).toEqual(['Bearer gh-test-token']);
    expect(snapshotTree(ws.workspacePath)).toEqual(snap);
  });
});
