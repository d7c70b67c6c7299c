import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Identity for commits the portal makes.
 * @public
 */
export interface GitAuthor {
  /** Author and committer name. */
  name: string;
  /** Author and committer email. */
  email: string;
}

/** How one git call is run. */
export interface GitRunOptions {
  /**
   * The repository (`--git-dir`). Every call on a repository names it, so
   * git never discovers one by walking up from a folder a user controls.
   */
  gitDir?: string;
  /** The work tree (`--work-tree`), when the command needs one. */
  workTree?: string;
  /** Working directory; default: the work tree, else the portal's empty home. */
  cwd?: string;
  /** Author and committer of commits made by this call. */
  author?: GitAuthor;
  /** A temporary index (GIT_INDEX_FILE) instead of the repository's own. */
  indexFile?: string;
  /**
   * Allow the file transport for this call (clone from, fetch from or push
   * to a configured local repository). Every other transport stays refused.
   */
  localTransport?: boolean;
  /** Exit codes that are answers, not failures (e.g. 1 for `diff --quiet`). */
  okExitCodes?: number[];
}

let portalDirs: { home: string; hooks: string } | undefined;

/**
 * The portal's own HOME for git (empty: no ~/.gitconfig, no XDG config) and
 * an empty hooks folder, made once per process, removed at exit.
 */
export function portalGitDirs(): { home: string; hooks: string } {
  if (!portalDirs) {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-portal-git-home-'));
    const hooks = path.join(home, 'no-hooks');
    fs.mkdirSync(hooks, { mode: 0o500 });
    portalDirs = { home, hooks };
    process.once('exit', () => {
      try {
        fs.chmodSync(hooks, 0o700);
        fs.rmSync(home, { recursive: true, force: true });
      } catch {
        // Best effort: a temp folder left behind is harmless.
      }
    });
  }
  return portalDirs;
}

/**
 * Configuration given on the command line for every call. Command-line
 * config wins over the repository's and is passed on to the git processes
 * a command starts (receive-pack of a push, upload-pack of a clone). It
 * switches off everything that can run a program or reach out: hooks,
 * fsmonitor, pagers, editors, credential helpers, askpass, ssh and every
 * transport but `file` where a call allows it. Keys with a subsection
 * (`filter.<x>.clean`, `diff.<x>.textconv`, `remote.<x>.receivepack`,
 * `url.<x>.insteadOf`, `include.path`) cannot be switched off this way:
 * the repositories we run on carry only the portal's canonical config
 * (see workspaceClone.ts), which is what covers them.
 * https://git-scm.com/docs/git-config
 */
function configOverrides(opts: GitRunOptions): string[] {
  const { hooks } = portalGitDirs();
  const pairs = [
    `core.hooksPath=${hooks}`,
    'core.fsmonitor=false',
    'core.untrackedCache=false',
    'core.pager=cat',
    'core.editor=false',
    'sequence.editor=false',
    'core.askPass=',
    'credential.helper=',
    'core.sshCommand=false',
    // Empty on purpose: a diff call that forgot --no-ext-diff fails
    // ("cannot run") instead of running anything.
    'diff.external=',
    'diff.ignoreSubmodules=all',
    'submodule.recurse=false',
    'status.submoduleSummary=false',
    'core.symlinks=false',
    'core.commitGraph=false',
    'gc.auto=0',
    'maintenance.auto=false',
    'transfer.fsckObjects=true',
    'protocol.allow=never',
    ...(opts.localTransport ? ['protocol.file.allow=always'] : []),
  ];
  return pairs.flatMap(p => ['-c', p]);
}

/**
 * The environment of a git call, built from scratch: nothing of the
 * backend's own environment reaches git but PATH, so no GIT_DIR,
 * GIT_CONFIG_PARAMETERS, GIT_EXTERNAL_DIFF, GIT_SSH_COMMAND, GIT_ASKPASS or
 * XDG_CONFIG_HOME set for the backend process can steer it.
 * https://git-scm.com/docs/git#_environment_variables
 */
function gitEnv(opts: GitRunOptions, cwd: string): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH || '/usr/local/bin:/usr/bin:/bin',
    HOME: portalGitDirs().home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_ATTR_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_PROTOCOL_FROM_USER: '0',
    // Never walk up into an enclosing repository (the portal's own checkout).
    GIT_CEILING_DIRECTORIES: path.dirname(cwd),
    LC_ALL: 'C',
  };
  if (opts.indexFile) env.GIT_INDEX_FILE = opts.indexFile;
  if (opts.author) {
    env.GIT_AUTHOR_NAME = opts.author.name;
    env.GIT_AUTHOR_EMAIL = opts.author.email;
    env.GIT_COMMITTER_NAME = opts.author.name;
    env.GIT_COMMITTER_EMAIL = opts.author.email;
  }
  return env;
}

/**
 * The one way this package runs git: the real binary, without a shell
 * (arguments are never parsed by one), with the environment and config
 * above, and with the repository named explicitly. Callers pass `--` before
 * paths and refs that come from input.
 */
export function runGit(args: string[], opts: GitRunOptions = {}): Promise<string> {
  const cwd = opts.cwd ?? opts.workTree ?? portalGitDirs().home;
  const pre = ['--no-pager', ...configOverrides(opts)];
  if (opts.gitDir) pre.push(`--git-dir=${opts.gitDir}`);
  if (opts.workTree) pre.push(`--work-tree=${opts.workTree}`);
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...pre, ...args],
      { cwd, env: gitEnv(opts, cwd), maxBuffer: 256 * 1024 * 1024, shell: false },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        if (!error || (typeof code === 'number' && opts.okExitCodes?.includes(code))) {
          resolve(String(stdout));
          return;
        }
        const message = String(stderr ?? '').trim() || error.message;
        reject(Object.assign(new Error(`git ${args[0]} failed: ${message}`), { exitCode: code }));
      },
    );
  });
}

/**
 * True when `name` is a valid branch name for git (`check-ref-format` on
 * `refs/heads/<name>`; runs without a repository). Names starting with `-`
 * are refused before git sees them.
 */
export async function isValidBranchName(name: string): Promise<boolean> {
  if (name.startsWith('-') || name.length === 0) return false;
  try {
    await runGit(['check-ref-format', `refs/heads/${name}`]);
    return true;
  } catch {
    return false;
  }
}

/** The git dir of a configured local repository (bare, or with a `.git` folder). */
export function localRepoGitDir(repoDir: string): string {
  const dotGit = path.join(repoDir, '.git');
  return fs.statSync(dotGit, { throwIfNoEntry: false })?.isDirectory() ? dotGit : repoDir;
}
