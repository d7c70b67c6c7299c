/**
 * Every action that runs git, against workspaces and environments an
 * attacker prepared (src/__fixtures__/attacks/gitAttacks.ts), with real git
 * and real files. For each variant the test first shows what plain git does
 * with it (the attacker's command runs, or data outside is read: the
 * variant is a live exploit), then that the actions refuse it before any
 * git runs and that the marker file does not appear.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createGitBranchAction } from '../actions/gitBranch';
import { createGitCloneAction } from '../actions/gitClone';
import { createMlProjectCreateAction } from '../actions/mlProjectCreate';
import { createMlProjectPublishLocalAction } from '../actions/mlProjectPublishLocal';
import { createRevertAction } from '../actions/revert';
import { GIT_ENV_ATTACKS, GIT_WORKSPACE_ATTACKS, GitWorkspaceAttack } from '../__fixtures__/attacks/gitAttacks';
import { FLUX_REPO_FIXTURE, snapshotEntries } from '../__testUtils__/fixtureRepos';
import { gitSync, makeEmptyWorkspace, makeGitRepo } from '../__testUtils__/gitRepo';
import { runAction } from '../__testUtils__/runAction';
import { testCatalog } from '../__testUtils__/testCatalog';
import type { GitopsTargetConfig } from '../config';

// Many real git processes on a shared 2-core machine: generous timeouts
// (no timing assertions anywhere here).
jest.setTimeout(120_000);

const catalog = testCatalog();

/** The attacker's side: everything outside the workspace the variants point at. */
function makeAttacker(remoteDir: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-attacker-'));
  const marker = path.join(dir, 'PWNED');
  const touch = `touch ${marker}; false`;
  const run = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe', encoding: 'utf8' });
  // A working repository whose config runs the marker command.
  run(dir, 'clone', '--quiet', remoteDir, 'evil-clone');
  fs.appendFileSync(path.join(dir, 'evil-clone/.git/config'), `[core]\n\tfsmonitor = ${touch}\n`);
  run(dir, 'clone', '--quiet', '--bare', remoteDir, 'remote.git');
  // Another repository with a secret only it has.
  run(dir, 'init', '--quiet', 'secret-repo');
  fs.writeFileSync(path.join(dir, 'secret-repo/secret.txt'), 'TOP SECRET\n');
  const secretSha = run(path.join(dir, 'secret-repo'), 'hash-object', '-w', 'secret.txt').trim();
  fs.mkdirSync(path.join(dir, 'outside-tree'));
  fs.writeFileSync(path.join(dir, 'outside-tree/secret.txt'), 'TOP SECRET\n');
  // For the environment attacks.
  fs.writeFileSync(path.join(dir, 'evil.gitconfig'), `[core]\n\tfsmonitor = ${touch}\n`);
  fs.mkdirSync(path.join(dir, 'evil-home'));
  fs.writeFileSync(path.join(dir, 'evil-home/.gitconfig'), `[core]\n\tfsmonitor = ${touch}\n`);
  fs.mkdirSync(path.join(dir, 'evil-xdg/git'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'evil-xdg/git/config'), `[core]\n\tfsmonitor = ${touch}\n`);
  fs.mkdirSync(path.join(dir, 'evil-templates/hooks'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'evil-templates/hooks/post-checkout'), `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
  fs.mkdirSync(path.join(dir, 'evil-exec'));
  for (const p of ['git-upload-pack', 'git-receive-pack']) {
    fs.writeFileSync(path.join(dir, 'evil-exec', p), `#!/bin/sh\ntouch ${marker}\nexit 1\n`, { mode: 0o755 });
  }
  const placeholders: Record<string, string> = {
    '{{MARKER}}': marker,
    '{{EVIL_GITDIR}}': path.join(dir, 'evil-clone/.git'),
    '{{REMOTE}}': path.join(dir, 'remote.git'),
    '{{SECRET_OBJECTS}}': path.join(dir, 'secret-repo/.git/objects'),
    '{{SECRET_SHA}}': secretSha,
    '{{OUTSIDE_TREE}}': path.join(dir, 'outside-tree'),
    '{{EVIL_CONFIG_FILE}}': path.join(dir, 'evil.gitconfig'),
    '{{EVIL_HOME}}': path.join(dir, 'evil-home'),
    '{{EVIL_XDG}}': path.join(dir, 'evil-xdg'),
    '{{EVIL_TEMPLATES}}': path.join(dir, 'evil-templates'),
    '{{EVIL_EXEC_PATH}}': path.join(dir, 'evil-exec'),
  };
  const fill = (s: string) => s.replace(/\{\{[A-Z_]+\}\}/g, m => placeholders[m] ?? m);
  return {
    marker,
    fill,
    pwned: () => fs.existsSync(marker),
    reset: () => fs.rmSync(marker, { force: true }),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
type Attacker = ReturnType<typeof makeAttacker>;

/** Plants a variant into the folder `top` (a clone's work tree). */
function plant(top: string, attack: GitWorkspaceAttack, attacker: Attacker) {
  for (const rel of attack.remove ?? []) fs.rmSync(path.join(top, rel), { recursive: true, force: true });
  for (const rel of attack.dirs ?? []) fs.mkdirSync(path.join(top, rel), { recursive: true });
  for (const [rel, content] of Object.entries(attack.files ?? {})) {
    const p = path.join(top, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    if (rel === '.git/config' && fs.existsSync(p)) fs.appendFileSync(p, attacker.fill(content));
    else fs.writeFileSync(p, attacker.fill(content));
  }
  for (const rel of attack.executable ?? []) fs.chmodSync(path.join(top, rel), 0o755);
  for (const [rel, target] of Object.entries(attack.symlinks ?? {})) {
    fs.mkdirSync(path.dirname(path.join(top, rel)), { recursive: true });
    fs.symlinkSync(attacker.fill(target), path.join(top, rel));
  }
}

/**
 * What the portal's git calls used to be: plain `git` with the backend's
 * environment, in the workspace folder (add, diff, commit, status, and the
 * push/ls-remote/fetch to `origin` of mlops:git:branch). Failures are
 * ignored: only the side effects count.
 */
const PLAIN_GIT_SEQUENCE = [
  ['status', '--porcelain'],
  ['add', '--all'],
  ['status', '--porcelain'],
  ['diff', 'HEAD'],
  ['diff', '--cached', 'HEAD'],
  ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '--no-verify', '-qm', 'x'],
  ['ls-remote', 'origin'],
  ['fetch', '-q', 'origin'],
  ['push', '-q', '--force', 'origin', 'HEAD:refs/heads/attack'],
];
function plainGit(cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync('git', args, { cwd, env, stdio: 'pipe', encoding: 'utf8', timeout: 30_000 });
  } catch (e: any) {
    return String(e?.stdout ?? '');
  }
}

describe('git attacks through the workspace', () => {
  let remote: ReturnType<typeof makeGitRepo>;
  let ws: ReturnType<typeof makeEmptyWorkspace>;
  let attacker: Attacker;
  let target: GitopsTargetConfig;
  const settingsFile = () => path.join(ws.workspacePath, 'gitops/platform/clusters/production/cluster-settings.yaml');
  const edit = () => fs.writeFileSync(settingsFile(), fs.readFileSync(settingsFile(), 'utf8').replace(/REPLICAS: "\d"/, 'REPLICAS: "7"'));
  const branches = () => gitSync(remote.dir, 'for-each-ref', '--format=%(refname)', 'refs/heads').trim().split('\n');

  // The attacker's side is made once (it never changes); the GitOps
  // repository and the workspace are new for every variant.
  beforeAll(() => {
    const seed = makeGitRepo(FLUX_REPO_FIXTURE, 'platform');
    attacker = makeAttacker(seed.dir);
    seed.cleanup();
  });
  afterAll(() => attacker.cleanup());
  beforeEach(() => {
    remote = makeGitRepo(FLUX_REPO_FIXTURE, 'platform');
    ws = makeEmptyWorkspace();
    attacker.reset();
    target = { mode: 'local', repoDir: remote.dir, branch: 'main', path: 'platform' };
  });
  afterEach(() => {
    remote.cleanup();
    ws.cleanup();
  });

  /** An attacker's own repository as the workspace folder `gitops` (no mlops:git:clone). */
  function foreignRepo(): string {
    const top = path.join(ws.workspacePath, 'gitops');
    plainGit(ws.workspacePath, ['clone', '--quiet', remote.dir, 'gitops']);
    return top;
  }
  const branch = () =>
    runAction(createGitBranchAction({ target, catalog }), ws.workspacePath, {
      gitRoot: 'gitops',
      branchName: 'mlops/settings-set/replicas',
      commitMessage: 'Set REPLICAS to 7',
    });
  const revert = () => runAction(createRevertAction({ target }), ws.workspacePath, { repoPath: 'gitops/platform', name: 'mlflow' });

  it.each(GIT_WORKSPACE_ATTACKS.filter(a => a.effect === 'exec').map(a => [a.id, a]))(
    '%s: plain git runs the attacker\'s command (the variant is live)',
    (_id, attack) => {
      const top = foreignRepo();
      plant(top, attack, attacker);
      edit();
      for (const args of PLAIN_GIT_SEQUENCE) plainGit(top, args);
      expect(attacker.pwned()).toBe(true);
    },
  );

  it.each(GIT_WORKSPACE_ATTACKS.filter(a => a.effect === 'read-outside').map(a => [a.id, a]))(
    '%s: plain git reads data outside the workspace (the variant is live)',
    (_id, attack) => {
      const top = foreignRepo();
      plant(top, attack, attacker);
      expect(plainGit(top, attack.control!.map(attacker.fill))).toMatch(/secret/i);
    },
  );

  it.each(GIT_WORKSPACE_ATTACKS.map(a => [a.id, a]))(
    '%s: in a repository the workspace brings, mlops:git:branch and mlops:revert refuse before running git',
    async (_id, attack) => {
      const top = foreignRepo();
      plant(top, attack, attacker);
      edit();
      await expect(branch()).rejects.toThrow(/gitRoot: 'gitops' was not made by mlops:git:clone in this task/);
      await expect(revert()).rejects.toThrow(/repoPath: 'gitops' was not made by mlops:git:clone in this task/);
      expect(attacker.pwned()).toBe(false);
      expect(branches()).toEqual(['refs/heads/main']);
    },
  );

  it.each(GIT_WORKSPACE_ATTACKS.map(a => [a.id, a]))(
    '%s: planted into a clone mlops:git:clone made, the clone is refused',
    async (_id, attack) => {
      await runAction(createGitCloneAction({ target }), ws.workspacePath, { targetPath: 'gitops' });
      plant(path.join(ws.workspacePath, 'gitops'), attack, attacker);
      edit();
      await expect(branch()).rejects.toThrow(/gitRoot: 'gitops' was not made by mlops:git:clone in this task \(/);
      await expect(revert()).rejects.toThrow(/repoPath: 'gitops' was not made by mlops:git:clone in this task \(/);
      expect(attacker.pwned()).toBe(false);
      expect(branches()).toEqual(['refs/heads/main']);
    },
  );

  it('a clone moved or copied to another folder loses its marker', async () => {
    await runAction(createGitCloneAction({ target }), ws.workspacePath, { targetPath: 'first' });
    fs.renameSync(path.join(ws.workspacePath, 'first'), path.join(ws.workspacePath, 'gitops'));
    edit();
    await expect(branch()).rejects.toThrow(/portal clone marker is not valid for this folder/);
  });

  it('an attacker repository around the clone (the workspace root) is never read', async () => {
    // The workspace root itself is a repository with hostile config and hooks.
    plainGit(ws.workspacePath, ['init', '--quiet']);
    for (const attack of GIT_WORKSPACE_ATTACKS.filter(a => ['core.fsmonitor', 'filter.x.clean + .gitattributes', '.git/hooks/post-commit (runs despite --no-verify)'].includes(a.id))) {
      plant(ws.workspacePath, attack, attacker);
    }
    plainGit(ws.workspacePath, ['status']);
    expect(attacker.pwned()).toBe(true);
    attacker.reset();

    await runAction(createGitCloneAction({ target }), ws.workspacePath, { targetPath: 'gitops' });
    edit();
    const out = await branch();
    expect(out.changed).toBe(true);
    expect(gitSync(remote.dir, 'show', `${out.commit}:platform/clusters/production/cluster-settings.yaml`)).toContain('REPLICAS: "7"');
    const reverted = await revert();
    expect(reverted.changed).toBe(true);
    expect(attacker.pwned()).toBe(false);
  });
});

describe('git attacks through the backend process environment', () => {
  let remote: ReturnType<typeof makeGitRepo>;
  let ws: ReturnType<typeof makeEmptyWorkspace>;
  let reposDir: string;
  let attacker: Attacker;
  beforeEach(() => {
    remote = makeGitRepo(FLUX_REPO_FIXTURE, 'platform');
    ws = makeEmptyWorkspace();
    reposDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-ml-projects-'));
    attacker = makeAttacker(remote.dir);
  });
  afterEach(() => {
    remote.cleanup();
    ws.cleanup();
    attacker.cleanup();
    fs.rmSync(reposDir, { recursive: true, force: true });
  });

  it.each(GIT_ENV_ATTACKS.map(a => [a.id, a]))('%s: plain git falls for it; every git action ignores it', async (_id, attack) => {
    const env = Object.fromEntries(Object.entries(attack.env).map(([k, v]) => [k, attacker.fill(v)]));
    // Plain git with that environment: status, diff, ls-remote, clone.
    const scratch = makeEmptyWorkspace();
    try {
      gitSync(scratch.workspacePath, 'clone', '--quiet', remote.dir, 'r');
      const r = path.join(scratch.workspacePath, 'r');
      fs.appendFileSync(path.join(r, 'platform/apps/ml/mlflow.yaml'), '# edited\n');
      const poisoned = { ...process.env, ...env };
      for (const args of [['status'], ['diff', 'HEAD'], ['ls-remote', remote.dir], ['clone', '--quiet', remote.dir, path.join(scratch.workspacePath, 'again')]]) {
        plainGit(r, args, poisoned);
      }
      expect(attacker.pwned()).toBe(true);
      attacker.reset();
    } finally {
      scratch.cleanup();
    }

    // The same variables in the backend's own environment, for every git action.
    const saved = Object.fromEntries(Object.keys(env).map(k => [k, process.env[k]]));
    Object.assign(process.env, env);
    let outputs: Record<string, any>[];
    try {
      const target: GitopsTargetConfig = { mode: 'local', repoDir: remote.dir, branch: 'main', path: 'platform' };
      await runAction(createGitCloneAction({ target }), ws.workspacePath, { targetPath: 'gitops' });
      const file = path.join(ws.workspacePath, 'gitops/platform/apps/ml/mlflow.yaml');
      fs.appendFileSync(file, '# edited\n');
      const branched = await runAction(createGitBranchAction({ target, catalog }), ws.workspacePath, {
        gitRoot: 'gitops',
        branchName: 'mlops/edit',
        commitMessage: 'Edit',
      });
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('# edited\n', ''));
      const reverted = await runAction(createRevertAction({ target }), ws.workspacePath, { repoPath: 'gitops/platform', name: 'mlflow' });
      await runAction(createMlProjectCreateAction({ catalog }), ws.workspacePath, {
        name: 'churn-model',
        description: 'Churn',
        owner: 'group:default/ml-team',
        targetPath: 'project',
      });
      const published = await runAction(createMlProjectPublishLocalAction({ mlProjects: { reposDir }, catalog }), ws.workspacePath, {
        name: 'churn-model',
      });
      outputs = [branched, reverted, published];
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    expect(outputs.map(o => o.changed)).toEqual([true, true, true]);
    expect(gitSync(remote.dir, 'rev-parse', 'refs/heads/mlops/edit').trim()).toBe(outputs[0].commit);
    expect(gitSync(path.join(reposDir, 'churn-model'), 'rev-parse', 'main').trim()).toBe(outputs[2].commit);
    expect(attacker.pwned()).toBe(false);
  });
});

describe('git attacks through an ML project source (mlops:ml-project:publish-local)', () => {
  let ws: ReturnType<typeof makeEmptyWorkspace>;
  let reposDir: string;
  let attacker: Attacker;
  let remote: ReturnType<typeof makeGitRepo>;
  const publish = () =>
    runAction(createMlProjectPublishLocalAction({ mlProjects: { reposDir }, catalog }), ws.workspacePath, { name: 'churn-model' });
  const project = (rel = '') => path.join(ws.workspacePath, 'project', rel);
  beforeEach(async () => {
    ws = makeEmptyWorkspace();
    reposDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-ml-projects-'));
    remote = makeGitRepo(FLUX_REPO_FIXTURE, 'platform');
    attacker = makeAttacker(remote.dir);
    await runAction(createMlProjectCreateAction({ catalog }), ws.workspacePath, {
      name: 'churn-model',
      description: 'Churn',
      owner: 'group:default/ml-team',
      targetPath: 'project',
    });
  });
  afterEach(() => {
    ws.cleanup();
    remote.cleanup();
    attacker.cleanup();
    fs.rmSync(reposDir, { recursive: true, force: true });
  });

  it('.gitattributes naming filters and textconv in the source are committed as plain files and run nothing', async () => {
    fs.writeFileSync(project('.gitattributes'), '* filter=x diff=x merge=x\n');
    fs.writeFileSync(project('evil.gitconfig'), attacker.fill('[filter "x"]\n\tclean = touch {{MARKER}}; cat\n\trequired = true\n'));
    const out = await publish();
    expect(out.changed).toBe(true);
    expect(gitSync(path.join(reposDir, 'churn-model'), 'show', 'main:.gitattributes')).toBe('* filter=x diff=x merge=x\n');
    expect(attacker.pwned()).toBe(false);
  });

  it.each(
    GIT_WORKSPACE_ATTACKS.filter(a => Object.keys(a.files ?? {}).some(f => f.startsWith('.git/')) || a.symlinks?.['.git']).map(a => [a.id, a]),
  )('%s: a source holding a .git is refused and nothing is written', async (_id, attack) => {
    if (!attack.symlinks?.['.git'] && !attack.files?.['.git']) {
      plainGit(project(), ['init', '--quiet']);
    }
    plant(project(), attack, attacker);
    await expect(publish()).rejects.toThrow(/sourcePath: 'project' holds a Git repository at '\.git'/);
    expect(fs.readdirSync(reposDir)).toEqual([]);
    expect(attacker.pwned()).toBe(false);
  });

  it('a nested repository anywhere in the source is refused', async () => {
    plant(project(), GIT_WORKSPACE_ATTACKS.find(a => a.id.startsWith('nested repository'))!, attacker);
    await expect(publish()).rejects.toThrow(/sourcePath: 'project' holds a Git repository at 'nested\/\.git'/);
    expect(fs.readdirSync(reposDir)).toEqual([]);
    expect(attacker.pwned()).toBe(false);
  });

  it.each(
    GIT_WORKSPACE_ATTACKS.filter(a => a.id === 'core.fsmonitor' || a.id.startsWith('.git/hooks') || a.id.startsWith('objects/info') || a.id.startsWith('.git is')).map(
      a => [a.id, a],
    ),
  )('%s planted into the project repository: the next publish refuses it and writes nothing', async (_id, attack) => {
    const first = await publish();
    const repo = path.join(reposDir, 'churn-model');
    expect(first.changed).toBe(true);
    plant(repo, attack, attacker);
    const files = snapshotEntries(repo);
    fs.appendFileSync(project('README.md'), '\nMore.\n');
    await expect(publish()).rejects.toThrow(/name: .*churn-model exists and is not a Git repository the portal made/);
    expect(attacker.pwned()).toBe(false);
    // Not one file of the repository changed, .git included (main did not move).
    expect(snapshotEntries(repo)).toEqual(files);
  });
});
