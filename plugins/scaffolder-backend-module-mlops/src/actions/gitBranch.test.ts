import fs from 'node:fs';
import path from 'node:path';
import { createGitCloneAction } from './gitClone';
import { createGitBranchAction } from './gitBranch';
import { examples as branchExamples } from './gitBranch.examples';
import { FLUX_REPO_FIXTURE } from '../__testUtils__/fixtureRepos';
import { gitSync, makeEmptyWorkspace, makeGitRepo } from '../__testUtils__/gitRepo';
import { exampleInput, runAction } from '../__testUtils__/runAction';
import { GitopsTargetConfig } from '../config';

// Real git, python3 and kubectl processes on a shared 2-core machine: generous
// timeouts (not timing assertions; nothing here checks speed).
jest.setTimeout(60_000);

describe('mlops:git:branch (local GitOps repository, real git)', () => {
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

  const clone = () => runAction(createGitCloneAction({ target }), ws.workspacePath, { targetPath: 'gitops' });
  const branch = (input: Record<string, unknown> = {}) =>
    runAction(createGitBranchAction({ target }), ws.workspacePath, {
      gitRoot: 'gitops',
      branchName: 'mlops/settings-set/replicas',
      commitMessage: 'Set REPLICAS to 3',
      ...input,
    });
  const settingsFile = () => path.join(ws.workspacePath, 'gitops/platform/clusters/production/cluster-settings.yaml');
  const edit = (value: string) =>
    fs.writeFileSync(settingsFile(), fs.readFileSync(settingsFile(), 'utf8').replace(/REPLICAS: "\d"/, `REPLICAS: "${value}"`));

  it('clones with history, commits on a branch in the repository, and a rerun leaves the branch as it is', async () => {
    await clone();
    edit('3');
    const first = await branch();
    expect(first.changed).toBe(true);
    expect(first.diff).toContain('-  REPLICAS: "2" # brokers\n+  REPLICAS: "3" # brokers');
    expect(gitSync(remote.dir, 'rev-parse', 'refs/heads/mlops/settings-set/replicas').trim()).toBe(first.commit);
    expect(gitSync(remote.dir, 'log', '-1', '--format=%s%n%an', first.commit)).toBe('Set REPLICAS to 3\nMLOps Portal\n');
    // The base branch is untouched.
    expect(gitSync(remote.dir, 'log', '--format=%s', 'main')).toBe('Initial platform\n');

    // Rerun of the whole template: fresh workspace, same edit, same branch.
    ws.cleanup();
    ws = makeEmptyWorkspace();
    await clone();
    edit('3');
    const second = await branch();
    expect(second.commit).toBe(first.commit);

    // A different value updates the same branch instead of failing.
    ws.cleanup();
    ws = makeEmptyWorkspace();
    await clone();
    edit('4');
    const third = await branch();
    expect(third.commit).not.toBe(first.commit);
    expect(gitSync(remote.dir, 'show', `${third.commit}:platform/clusters/production/cluster-settings.yaml`)).toContain('REPLICAS: "4"');
    expect(gitSync(remote.dir, 'rev-list', '--count', 'mlops/settings-set/replicas').trim()).toBe('2');
  });

  it('makes no branch when nothing changed', async () => {
    await clone();
    const none = await branch();
    expect(none).toMatchObject({ changed: false, commit: '', diff: '' });
    expect(gitSync(remote.dir, 'branch', '--list').trim()).toBe('* main');
  });

  it.each(branchExamples.map(e => [e.description, e.example]))('example: %s (dry-run pushes nothing)', async (_d, example) => {
    await clone();
    edit('5');
    const dry = await runAction(createGitBranchAction({ target }), ws.workspacePath, exampleInput(example), { dryRun: true });
    expect(dry.changed).toBe(true);
    expect(dry.diff).toContain('+  REPLICAS: "5"');
    expect(gitSync(remote.dir, 'branch', '--list').trim()).toBe('* main');
  });

  it.each([
    ['a branch name with ..', { branchName: 'mlops/../x' }, /branchName: .*not a valid new branch name/],
    ['a branch name starting with -', { branchName: '-f' }, /branchName: must be a branch name/],
    ['the base branch', { branchName: 'main' }, /branchName: 'main' is not a valid new branch name/],
    ['a space', { branchName: 'a b' }, /branchName: must be a branch name/],
    ['a gitRoot outside', { gitRoot: '../x' }, /gitRoot: must not contain '\.\.'/],
  ])('rejects %s', async (_l, input, message) => {
    await clone();
    await expect(branch(input)).rejects.toThrow(message);
  });
});
