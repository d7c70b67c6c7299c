import type { ChangeBranch, ChangeBranchList, ChangePreview } from '@mlops-portal/plugin-mlops-common';
import { computeChangePreview, type GitopsTreeFile } from '@mlops-portal/plugin-mlops-node';
import type { GitopsTargetConfig } from '../config';
import { localRepoGitDir, runGit } from '../gitops/git';

/** Branches the GitOps templates push (`mlops/<kind>/<name>`). */
export const CHANGE_BRANCH_PREFIX = 'mlops/';
/** Branches listed at most (newest first). */
export const MAX_CHANGE_BRANCHES = 50;
/** Largest file read from Git for a preview; larger ones are left out with a warning. */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * The open change branches of the local GitOps repository
 * (`mlops.gitops.local`), each with its preview: the diff of the branch
 * against where it forked from the base branch, read straight from Git
 * objects (nothing checked out, git run by the hardened runner), computed
 * with the same pure `computeChangePreview` as the templates. A branch that
 * cannot be read is one row with an error; broken YAML is a warning of its
 * preview. A branch already merged into the base is not pending: not listed.
 */
export class ChangeBranches {
  /** Blob texts by object id (immutable), shared across calls. */
  private readonly blobs = new Map<string, string>();

  /**
   * @param github - lists the change branches in GitHub mode (GithubChangeBranches: the open pull requests)
   */
  constructor(
    private readonly target?: GitopsTargetConfig,
    private readonly github?: { list(): Promise<ChangeBranchList> },
  ) {}

  async list(): Promise<ChangeBranchList> {
    const target = this.target;
    if (!target) {
      return { mode: 'none', message: 'mlops.gitops is not configured', branches: [], more: 0 };
    }
    if (target.mode === 'github' && this.github) return this.github.list();
    if (target.mode !== 'local' || !target.repoDir) {
      return {
        mode: target.mode,
        message:
          'Change branches are listed for the local GitOps repository (mlops.gitops.local); in GitHub mode, see the pull requests on GitHub: each has its preview in its description',
        branches: [],
        more: 0,
      };
    }
    const gitDir = localRepoGitDir(target.repoDir);
    const git = (args: string[]) => runGit(args, { gitDir });
    const refs = (
      await git([
        'for-each-ref',
        '--sort=-committerdate',
        '--format=%(refname)%00%(objectname)%00%(committerdate:iso-strict)%00%(subject)',
        `refs/heads/${CHANGE_BRANCH_PREFIX}`,
      ])
    )
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [ref, commit, date, subject] = line.split('\0');
        return { name: ref.replace(/^refs\/heads\//, ''), commit, date, subject: subject ?? '' };
      })
      .filter(r => r.name !== target.branch);
    const baseCommit = (
      await git(['rev-parse', '--verify', '--end-of-options', `refs/heads/${target.branch}^{commit}`])
    ).trim();
    const listed = refs.slice(0, MAX_CHANGE_BRANCHES);
    const branches: ChangeBranch[] = [];
    for (const r of listed) {
      const row: ChangeBranch = { ...r, base: target.branch, mergeBase: '' };
      try {
        row.mergeBase = (await git(['merge-base', '--end-of-options', baseCommit, r.commit])).trim();
        // Merged into the base already (or nothing on top of it): not pending.
        if (row.mergeBase === r.commit) continue;
        row.preview = await this.previewOf(git, row.mergeBase, r.commit, target.path);
      } catch (e) {
        row.error = `could not read the branch: ${(e as Error).message.split('\n')[0]}`;
      }
      branches.push(row);
    }
    return { mode: 'local', branches, more: refs.length - listed.length };
  }

  private async previewOf(
    git: (args: string[]) => Promise<string>,
    from: string,
    to: string,
    pathInRepo: string,
  ): Promise<ChangePreview> {
    const warnings: string[] = [];
    const before = await this.readTree(git, from, pathInRepo, warnings);
    const after = await this.readTree(git, to, pathInRepo, warnings);
    const preview = computeChangePreview(before, after);
    preview.warnings.unshift(...warnings);
    return preview;
  }

  /** The YAML files under `pathInRepo` at `commit`, paths from the repository root. */
  private async readTree(
    git: (args: string[]) => Promise<string>,
    commit: string,
    pathInRepo: string,
    warnings: string[],
  ): Promise<GitopsTreeFile[]> {
    const listing = await git([
      'ls-tree', '-r', '-l', '-z', '--full-tree', '--end-of-options', commit, '--', ...(pathInRepo ? [pathInRepo] : []),
    ]);
    const files: GitopsTreeFile[] = [];
    for (const entry of listing.split('\0').filter(Boolean)) {
      // <mode> SP <type> SP <object> SP+ <size> TAB <path>
      const m = entry.match(/^(\d+) (\w+) ([0-9a-f]+)\s+(-|\d+)\t([\s\S]+)$/);
      if (!m || m[2] !== 'blob' || m[1] === '120000' || !/\.ya?ml$/i.test(m[5])) continue;
      if (Number(m[4]) > MAX_FILE_BYTES) {
        warnings.push(`${m[5]} is larger than ${MAX_FILE_BYTES} bytes; left out of the preview`);
        continue;
      }
      let text = this.blobs.get(m[3]);
      if (text === undefined) {
        text = await git(['cat-file', 'blob', m[3]]);
        if (this.blobs.size > 5000) this.blobs.clear();
        this.blobs.set(m[3], text);
      }
      files.push({ path: m[5], text });
    }
    return files;
  }
}
