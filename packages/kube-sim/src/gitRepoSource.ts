import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AppliedObject, GitopsProblem, loadGitops } from './gitops';
import type { GitSourceRevision } from './SimController';

const run = promisify(execFile);

/**
 * A Git repository the simulator follows as Flux's source-controller does:
 * a branch of a repository on this machine (the portal's local GitOps
 * repository, which software templates push change branches to), read
 * again whenever the branch moves.
 * @public
 */
export interface GitopsRepoOptions {
  /** The repository (bare or not) on this machine. */
  dir: string;
  /** Default `main`. */
  branch?: string;
  /** The GitOps folder inside the repository. Default `gitops`. */
  path?: string;
  /** How often the branch is checked, ms. Default 1000. */
  pollMs?: number;
}

/** One commit of the followed branch, read. @public */
export interface GitopsRevision {
  source: GitSourceRevision;
  objects: AppliedObject[];
  problems: GitopsProblem[];
}

const BRANCH = /^(?!.*\.\.)(?!\/)(?!.*\/\/)[A-Za-z0-9._/-]{1,200}$/;
const FOLDER = /^(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9._/-]{1,500}$/;

/**
 * Reads commits of a branch: its files come out with `git archive` into a
 * temporary folder that is always removed, and are loaded with
 * {@link loadGitops} confined to that folder (no link or path leads out of
 * it). Nothing in the repository is run.
 * @public
 */
export class GitopsRepoSource {
  private readonly dir: string;
  private readonly branch: string;
  private readonly folder: string;
  private readonly gitDir: string;

  constructor(options: GitopsRepoOptions) {
    this.dir = path.resolve(options.dir);
    this.branch = options.branch ?? 'main';
    this.folder = options.path ?? 'gitops';
    if (!BRANCH.test(this.branch)) throw new TypeError(`gitopsRepo.branch: '${this.branch}' is not a branch name`);
    if (!FOLDER.test(this.folder) || path.isAbsolute(this.folder)) {
      throw new TypeError(`gitopsRepo.path: '${this.folder}' must be a folder inside the repository`);
    }
    if (!fs.existsSync(this.dir)) throw new TypeError(`gitopsRepo.dir: ${this.dir} does not exist`);
    // A bare repository is its own Git directory; a work tree has .git (looked up once, not on every poll).
    const dotGit = path.join(this.dir, '.git');
    this.gitDir = fs.existsSync(dotGit) ? dotGit : this.dir;
  }

  /** The branch's current commit id. */
  async head(): Promise<string> {
    try {
      const { stdout } = await this.git('rev-parse', '--verify', '--quiet', `refs/heads/${this.branch}^{commit}`);
      return stdout.trim();
    } catch {
      throw new Error(`gitopsRepo.branch: no branch '${this.branch}' in ${this.dir}`);
    }
  }

  /** Reads one commit of the branch. */
  async read(commit: string): Promise<GitopsRevision> {
    if (!/^[0-9a-f]{40,64}$/.test(commit)) throw new TypeError(`not a commit id: ${commit}`);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-sim-gitops-'));
    try {
      const tar = path.join(tmp, 'tree.tar');
      const tree = path.join(tmp, 'tree');
      fs.mkdirSync(tree);
      await this.git('archive', '--format=tar', `--output=${tar}`, commit, '--', this.folder);
      await run('tar', ['-x', '--no-same-owner', '--no-same-permissions', '-f', tar, '-C', tree]);
      const { stdout: subject } = await this.git('log', '-1', '--format=%s', commit);
      const problems: GitopsProblem[] = [];
      const objects = loadGitops(path.join(tree, this.folder), { repoRoot: tree, problems });
      return { source: { commit, subject: subject.trim() }, objects, problems };
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }

  /**
   * Calls `onRevision` for every new commit of the branch, checking every
   * `pollMs`; a commit that can't be read is reported once to `onError` and
   * the last one read stays applied. Returns a function that stops it.
   */
  follow(
    from: string,
    pollMs: number,
    onRevision: (revision: GitopsRevision) => void,
    onError: (error: Error, commit?: string) => void,
  ): () => void {
    let last = from;
    let failed: string | undefined;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const tick = async () => {
      try {
        const head = await this.head();
        if (failed === 'head') failed = undefined;
        if (head && head !== last && head !== failed) {
          try {
            const revision = await this.read(head);
            if (stopped) return;
            last = head;
            onRevision(revision);
          } catch (e) {
            failed = head;
            onError(e as Error, head);
          }
        }
      } catch (e) {
        if (failed !== 'head') onError(e as Error);
        failed = 'head';
      } finally {
        if (!stopped) {
          timer = setTimeout(tick, pollMs);
          timer.unref?.();
        }
      }
    };
    timer = setTimeout(tick, pollMs);
    timer.unref?.();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }

  private git(...args: string[]) {
    return run('git', [`--git-dir=${this.gitDir}`, ...args], { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  }
}
