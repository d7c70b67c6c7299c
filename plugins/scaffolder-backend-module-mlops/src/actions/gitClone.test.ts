import fs from 'node:fs';
import path from 'node:path';
import { createGitCloneAction } from './gitClone';
import { examples } from './gitClone.examples';
import { FLUX_REPO_FIXTURE } from '../__testUtils__/fixtureRepos';
import { gitSync, makeEmptyWorkspace, makeGitRepo } from '../__testUtils__/gitRepo';
import { exampleInput, runAction } from '../__testUtils__/runAction';
import { GitopsTargetConfig } from '../config';

// Real git, python3 and kubectl processes on a shared 2-core machine: generous
// timeouts (not timing assertions; nothing here checks speed).
jest.setTimeout(60_000);

describe('mlops:git:clone', () => {
  let remote: ReturnType<typeof makeGitRepo>;
  let ws: ReturnType<typeof makeEmptyWorkspace>;
  let target: GitopsTargetConfig;
  beforeEach(() => {
    remote = makeGitRepo(FLUX_REPO_FIXTURE, 'platform');
    ws = makeEmptyWorkspace();
    target = { mode: 'local', repoDir: remote.dir, branch: 'main', path: 'platform' };
  });
  afterEach(() => {
    remote.cleanup();
    ws.cleanup();
  });

  it.each(examples.map(e => [e.description, e.example]))('example: %s', async (_d, example) => {
    const out = await runAction(createGitCloneAction({ target }), ws.workspacePath, exampleInput(example));
    expect(out).toEqual({
      gitRoot: 'gitops',
      repoPath: 'gitops/platform',
      commit: gitSync(remote.dir, 'rev-parse', 'main').trim(),
    });
    // With history (mlops:revert needs it) and the Flux tree in place.
    expect(gitSync(path.join(ws.workspacePath, 'gitops'), 'log', '--format=%s')).toBe('Initial platform\n');
    expect(fs.existsSync(path.join(ws.workspacePath, 'gitops/platform/apps/ml/mlflow.yaml'))).toBe(true);
  });

  it('makes the clone the portal\'s: canonical config without remote, no hooks, a marker; nested target folders work', async () => {
    const out = await runAction(createGitCloneAction({ target }), ws.workspacePath, { targetPath: 'deep/er/gitops' });
    const gitDir = path.join(ws.workspacePath, 'deep/er/gitops/.git');
    expect(fs.readFileSync(path.join(gitDir, 'config'), 'utf8')).toBe(
      '[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = false\n\tsymlinks = false\n',
    );
    expect(fs.existsSync(path.join(gitDir, 'hooks'))).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(gitDir, 'mlops-portal-clone.json'), 'utf8'))).toMatchObject({
      base: out.commit,
      branch: 'main',
      mac: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('refuses a non-empty folder, a path outside, and a GitHub-mode config', async () => {
    await runAction(createGitCloneAction({ target }), ws.workspacePath, {});
    await expect(runAction(createGitCloneAction({ target }), ws.workspacePath, {})).rejects.toThrow(
      /targetPath: 'gitops' exists and is not empty/,
    );
    await expect(runAction(createGitCloneAction({ target }), ws.workspacePath, { targetPath: '../out' })).rejects.toThrow(
      /targetPath: must not contain '\.\.'/,
    );
    await expect(
      runAction(createGitCloneAction({ target: { mode: 'github', repoUrl: 'github.com?owner=o&repo=r', branch: 'main', path: '' } }), ws.workspacePath, {
        targetPath: 'other',
      }),
    ).rejects.toThrow(/needs mlops.gitops.local.repoDir/);
  });
});
