import fs from 'node:fs';
import path from 'node:path';
import { createGitCloneAction } from './gitClone';
import { createGitBranchAction } from './gitBranch';
import { examples as branchExamples } from './gitBranch.examples';
import { FLUX_REPO_FIXTURE } from '../__testUtils__/fixtureRepos';
import { gitSync, makeEmptyWorkspace, makeGitRepo } from '../__testUtils__/gitRepo';
import { exampleInput, runAction } from '../__testUtils__/runAction';
import { GitopsTargetConfig } from '../config';
import { testCatalog } from '../__testUtils__/testCatalog';

const catalog = testCatalog({
  users: {
    'user:default/mock': ['group:default/ml-team', 'group:default/platform-team'],
    'user:default/alex': ['group:default/ml-team'],
    'user:default/jo': ['group:default/ml-team'],
    'user:default/sam': ['group:default/data-team'],
  },
});

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
  const branch = (input: Record<string, unknown> = {}, opts: { user?: string | null; dryRun?: boolean } = {}) =>
    runAction(
      createGitBranchAction({ target, catalog }),
      ws.workspacePath,
      {
        gitRoot: 'gitops',
        branchName: 'mlops/settings-set/replicas',
        commitMessage: 'Set REPLICAS to 3',
        ...input,
      },
      opts,
    );
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

  it('tells who asked (onBranchPushed) after it pushed a branch, and not on a dry run or when nothing changed', async () => {
    const onBranchPushed = jest.fn();
    const run = (opts: { dryRun?: boolean } = {}) =>
      runAction(
        createGitBranchAction({ target, catalog, onBranchPushed }),
        ws.workspacePath,
        { gitRoot: 'gitops', branchName: 'mlops/settings-set/replicas', commitMessage: 'Set REPLICAS to 6' },
        opts,
      );
    await clone();
    await run();
    expect(onBranchPushed).not.toHaveBeenCalled();
    edit('6');
    await run({ dryRun: true });
    expect(onBranchPushed).not.toHaveBeenCalled();
    await run();
    expect(onBranchPushed).toHaveBeenCalledTimes(1);
    expect(onBranchPushed).toHaveBeenCalledWith('mlops/settings-set/replicas');
    expect(gitSync(remote.dir, 'branch', '--list', 'mlops/*').trim()).toBe('mlops/settings-set/replicas');
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
    const dry = await runAction(createGitBranchAction({ target, catalog }), ws.workspacePath, exampleInput(example), { dryRun: true });
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

  describe('who may replace a branch', () => {
    const tip = () => gitSync(remote.dir, 'rev-parse', 'refs/heads/mlops/settings-set/replicas').trim();
    /** A fresh clone of main with REPLICAS set to `value`. */
    async function fresh(value: string) {
      ws.cleanup();
      ws = makeEmptyWorkspace();
      await clone();
      edit(value);
    }

    it('records owner and requester as trailers; members of the owner may replace it, others may not, not even in a dry-run', async () => {
      await fresh('3');
      const first = await branch({ owner: 'group:default/ml-team' }, { user: 'user:default/alex' });
      expect(gitSync(remote.dir, 'log', '-1', '--format=%B', first.commit)).toBe(
        'Set REPLICAS to 3\n\nMlops-Portal-Owner: group:default/ml-team\nMlops-Portal-Requested-By: user:default/alex\n\n',
      );
      await fresh('4');
      for (const dryRun of [true, false]) {
        await expect(branch({ owner: 'group:default/data-team' }, { user: 'user:default/sam', dryRun })).rejects.toThrow(
          "branchName: branch 'mlops/settings-set/replicas' of the GitOps repository holds a change made for group:default/ml-team (requested by user:default/alex); user:default/sam may not replace it",
        );
      }
      expect(tip()).toBe(first.commit);
      // Another member of the owner may.
      const byJo = await branch({ owner: 'group:default/ml-team' }, { user: 'user:default/jo' });
      expect(byJo.commit).not.toBe(first.commit);
      expect(tip()).toBe(byJo.commit);
    });

    it('without an owner the change is the requester\'s: only they may replace it', async () => {
      await fresh('3');
      const first = await branch({}, { user: 'user:default/alex' });
      expect(gitSync(remote.dir, 'log', '-1', '--format=%(trailers:key=Mlops-Portal-Owner,valueonly)', first.commit).trim()).toBe('user:default/alex');
      await fresh('4');
      await expect(branch({}, { user: 'user:default/jo' })).rejects.toThrow(/made for user:default\/alex .* user:default\/jo may not replace it/);
      expect(tip()).toBe(first.commit);
      const again = await branch({}, { user: 'user:default/alex' });
      expect(tip()).toBe(again.commit);
    });

    it('the same change again is left as it is, whoever asks (nothing is written)', async () => {
      await fresh('3');
      const first = await branch({ owner: 'group:default/ml-team' }, { user: 'user:default/alex' });
      await fresh('3');
      expect((await branch({}, { user: 'user:default/sam' })).commit).toBe(first.commit);
      expect(tip()).toBe(first.commit);
    });

    it('a branch the portal did not make (no trailers) is never replaced', async () => {
      await fresh('3');
      gitSync(remote.dir, 'branch', 'mlops/settings-set/replicas', 'main');
      const before = tip();
      await expect(branch({}, { user: 'user:default/alex' })).rejects.toThrow(/holds a change made for an owner the portal did not record/);
      expect(tip()).toBe(before);
    });

    it.each([
      ['an owner the caller is not a member of', { owner: 'group:default/data-team' }, 'user:default/alex', /owner: user:default\/alex is not a member of group:default\/data-team/],
      ['no signed-in user', {}, null, /mlops:git:branch writes on behalf of a signed-in user; this task has none/],
      ['a commit message carrying the portal\'s trailers', { commitMessage: 'x\n\nMlops-Portal-Owner: group:default/ml-team' }, 'user:default/sam', /commitMessage: must not contain Mlops-Portal-\* trailer lines/],
      ['a commit message with a NUL', { commitMessage: 'a\u0000b' }, 'user:default/alex', /commitMessage: must not contain control characters/],
    ])('refuses %s and pushes nothing', async (_l, input, user, message) => {
      await fresh('3');
      await expect(branch(input, { user: user as string | null })).rejects.toThrow(message);
      expect(gitSync(remote.dir, 'branch', '--list').trim()).toBe('* main');
    });
  });
});
