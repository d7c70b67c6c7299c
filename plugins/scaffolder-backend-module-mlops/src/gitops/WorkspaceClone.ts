import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { GitRunOptions, runGit } from './git';
import { CANONICAL_REPO_CONFIG, gitDirProblem, nestedGitEntry } from './portalRepos';
import { isWithin, resolveInside } from './workspacePaths';

/** File in `.git` proving the clone is this backend's (see markerMac). */
export const CLONE_MARKER_FILE = 'mlops-portal-clone.json';

// Per process: a marker cannot be forged or carried from another backend,
// another run or another folder. A task resumed in a new process re-clones.
const MARKER_KEY = crypto.randomBytes(32);

function markerMac(realGitDir: string, base: string, branch: string): string {
  const configHash = crypto.createHash('sha256').update(CANONICAL_REPO_CONFIG).digest('hex');
  return crypto
    .createHmac('sha256', MARKER_KEY)
    .update(JSON.stringify(['mlops-portal-clone/1', realGitDir, configHash, base, branch]))
    .digest('hex');
}

/**
 * Clones `branch` of the configured local repository into `dest` (inside
 * the workspace; must not exist or be empty), with history, then makes the
 * clone the portal's: canonical config, no hooks (`--template=`), and the
 * marker binding its real path and the commit it was cloned at.
 */
export async function cloneIntoWorkspace(opts: {
  repoDir: string;
  branch: string;
  dest: string;
}): Promise<{ commit: string }> {
  await runGit(
    ['clone', '--quiet', '--template=', '--no-hardlinks', '--single-branch', '--branch', opts.branch, '--', opts.repoDir, opts.dest],
    // Absolute paths, run from the portal's empty home: nothing around dest is read.
    { localTransport: true },
  );
  const gitDir = path.join(opts.dest, '.git');
  const commit = (
    await runGit(['rev-parse', '--verify', '--end-of-options', `refs/heads/${opts.branch}^{commit}`], { gitDir })
  ).trim();
  fs.writeFileSync(path.join(gitDir, 'config'), CANONICAL_REPO_CONFIG);
  const marker = { base: commit, branch: opts.branch, mac: markerMac(fs.realpathSync(gitDir), commit, opts.branch) };
  fs.writeFileSync(path.join(gitDir, CLONE_MARKER_FILE), JSON.stringify(marker));
  return { commit };
}

/**
 * A clone made by cloneIntoWorkspace, checked, with a private index: git
 * runs on it with `--git-dir`/`--work-tree` named, the base commit from the
 * marker (never the workspace's HEAD or refs), and an index in a temporary
 * folder outside the workspace, so a planted index (gitlinks, odd paths)
 * is never read.
 */
export class WorkspaceClone {
  private constructor(
    /** Absolute work tree. */
    readonly top: string,
    readonly gitDir: string,
    /** Commit the clone was made at. */
    readonly base: string,
    /** Branch it was cloned from. */
    readonly branch: string,
    private readonly indexDir: string,
  ) {}

  /**
   * Checks the clone at `top` and opens it; throws InputError naming
   * `field` (shown as `shown`) before any git runs when the `.git` there is
   * not this backend's clone of this very folder.
   */
  static async open(top: string, field: string, shown: string): Promise<WorkspaceClone> {
    const problem = cloneProblem(top);
    if (problem) {
      throw new InputError(
        `${field}: '${shown}' was not made by mlops:git:clone in this task (${problem}); the portal runs git only on its own clones`,
      );
    }
    const gitDir = path.join(top, '.git');
    const marker = readMarker(gitDir)!;
    const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-index-'));
    const clone = new WorkspaceClone(top, gitDir, marker.base, marker.branch, indexDir);
    try {
      await clone.git(['read-tree', marker.base]);
    } catch (e) {
      await clone.close();
      throw e;
    }
    return clone;
  }

  /** Runs git on this clone (see runGit). */
  git(args: string[], opts: Omit<GitRunOptions, 'gitDir' | 'workTree' | 'indexFile'> = {}): Promise<string> {
    return runGit(args, {
      cwd: this.top,
      ...opts,
      gitDir: this.gitDir,
      workTree: this.top,
      indexFile: path.join(this.indexDir, 'index'),
    });
  }

  /** Removes the private index. */
  async close(): Promise<void> {
    fs.rmSync(this.indexDir, { recursive: true, force: true });
  }
}

/** Opens the clone at `rel` in the workspace, runs `fn`, closes it. */
export async function withWorkspaceClone<T>(
  workspacePath: string,
  rel: string,
  field: string,
  fn: (clone: WorkspaceClone) => Promise<T>,
): Promise<T> {
  const top = resolveInside(workspacePath, rel, field);
  const clone = await WorkspaceClone.open(top, field, rel);
  try {
    return await fn(clone);
  } finally {
    await clone.close();
  }
}

/**
 * The folder holding a `.git` entry (of any kind) nearest above `dir`, up
 * to the workspace root; undefined when there is none. Found without
 * running git: git's own discovery would read the config it finds.
 */
export function findCloneTop(workspacePath: string, dir: string): string | undefined {
  const rootReal = fs.realpathSync(workspacePath);
  let probe = fs.realpathSync(dir);
  while (isWithin(rootReal, probe)) {
    if (fs.lstatSync(path.join(probe, '.git'), { throwIfNoEntry: false })) return probe;
    if (probe === rootReal) break;
    probe = path.dirname(probe);
  }
  return undefined;
}

function readMarker(gitDir: string): { base: string; branch: string; mac: string } | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(gitDir, CLONE_MARKER_FILE), 'utf8'));
    if (
      typeof m?.base === 'string' &&
      /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(m.base) &&
      typeof m.branch === 'string' &&
      typeof m.mac === 'string'
    ) {
      return m;
    }
  } catch {
    // Missing or not JSON: no marker.
  }
  return undefined;
}

/** Why the folder is not a clone this backend made here; undefined when it is. */
function cloneProblem(top: string): string | undefined {
  if (!fs.statSync(top, { throwIfNoEntry: false })?.isDirectory()) return 'no such folder';
  const gitDir = path.join(top, '.git');
  const problem = gitDirProblem(gitDir, CANONICAL_REPO_CONFIG);
  if (problem) return problem;
  const marker = readMarker(gitDir);
  if (!marker) return 'it has no valid portal clone marker';
  const expected = Buffer.from(markerMac(fs.realpathSync(gitDir), marker.base, marker.branch), 'hex');
  const given = Buffer.from(marker.mac, 'hex');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    return 'its portal clone marker is not valid for this folder and this backend';
  }
  const nested = nestedGitEntry(top);
  if (nested) return `its work tree holds another repository at '${nested}'`;
  return undefined;
}
