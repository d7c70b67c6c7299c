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
