import {
  DefaultGithubCredentialsProvider,
  type GithubCredentialsProvider,
  type ScmIntegrationRegistry,
} from '@backstage/integration';
import type { ChangeBranch, ChangeBranchList, ChangePreview } from '@mlops-portal/plugin-mlops-common';
import { computeChangePreview, type GitopsTreeFile } from '@mlops-portal/plugin-mlops-node';
import type { GitopsTargetConfig } from '../config';
import { GithubHistory } from '../gitops/githubHistory';
import { CHANGE_BRANCH_PREFIX, MAX_CHANGE_BRANCHES, MAX_FILE_BYTES } from './ChangeBranches';

/** Pull requests read per page (GitHub's maximum). */
export const PULLS_PER_PAGE = 100;
/** Pages of open pull requests read at most (so at most 1,000 open pull requests are looked at). */
export const MAX_PULL_PAGES = 10;
/** YAML files of the Flux tree read per side of a pull request; a larger tree is an error of its row. */
export const MAX_TREE_FILES = 2000;
/** Pull requests previewed at once, and blobs read at once per tree. */
const CONCURRENCY = 4;

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

interface PullRequest {
  number: number;
  title: string;
  htmlUrl: string;
  updatedAt: string;
  headRef: string;
  headSha: string;
  headRepo?: string;
  baseRef: string;
  baseSha: string;
}

interface TreeEntry {
  path: string;
  sha: string;
}

/**
 * The open pull requests of the GitHub GitOps repository
 * (`mlops.gitops.github`) whose head branch starts with `mlops/` (the
 * branches the GitOps templates push), each with its preview: the Flux tree
 * at the merge base against the tree at the pull request's head, read from
 * GitHub's REST API and computed with the same pure `computeChangePreview`
 * as the local mode and the templates.
 *
 * Endpoints, all under the integration's apiBaseUrl (GitHub Enterprise too):
 * - `GET /repos/{o}/{r}/pulls?state=open` (https://docs.github.com/en/rest/pulls/pulls#list-pull-requests)
 * - `GET /repos/{o}/{r}/compare/{base}...{head}` for the merge base
 *   (https://docs.github.com/en/rest/commits/commits#compare-two-commits)
 * - `GET /repos/{o}/{r}/git/trees/{sha}?recursive=1` for the whole tree with
 *   each file's blob sha and size (https://docs.github.com/en/rest/git/trees#get-a-tree)
 * - `GET /repos/{o}/{r}/git/blobs/{sha}` (https://docs.github.com/en/rest/git/blobs#get-a-blob)
 *
 * The whole tree, not only the changed files, because the layers a change
 * reaches come from every Flux Kustomization of the tree. Blobs are read by
 * sha (only hexadecimal goes into a URL, never a path from GitHub) and kept
 * by sha, so files unchanged across pull requests and calls are read once.
 * Pull requests from forks are left out: anyone may open one with an
 * `mlops/` branch, and it is no change of the portal. A pull request that
 * cannot be read is one row with its error; a file that cannot be read, is
 * too large or has an unsafe path is left out of both sides with a warning.
 */
export class GithubChangeBranches {
  /** Blob texts by sha (immutable), shared across calls and rows read at once; failures are not kept. */
  private readonly blobs = new Map<string, Promise<string>>();
  /** The Flux tree's YAML entries (and warnings) by commit sha (immutable), likewise. */
  private readonly trees = new Map<string, Promise<{ entries: TreeEntry[]; warnings: string[] }>>();
  /** Merge bases by `base...head` (two commits have one, for good), likewise. */
  private readonly mergeBases = new Map<string, Promise<string>>();
  private readonly credentialsProvider: GithubCredentialsProvider;

  constructor(
    private readonly options: {
      target: GitopsTargetConfig;
      integrations: ScmIntegrationRegistry;
      credentialsProvider?: GithubCredentialsProvider;
    },
  ) {
    this.credentialsProvider =
      options.credentialsProvider ?? DefaultGithubCredentialsProvider.fromIntegrations(options.integrations);
  }

  async list(): Promise<ChangeBranchList> {
    const { target } = this.options;
    let github: GithubHistory;
    let pulls: PullRequest[];
    let complete: boolean;
    try {
      github = await GithubHistory.create({
        repoUrl: target.repoUrl ?? '',
        integrations: this.options.integrations,
        credentialsProvider: this.credentialsProvider,
      });
      ({ pulls, complete } = await this.openPulls(github));
    } catch (e) {
      // The page still shows, with why the list is empty.
      return { mode: 'github', message: `Pull requests unavailable: ${firstLine(e)}`, branches: [], more: 0 };
    }
    const slug = github.slug.toLowerCase();
    const changes = pulls.filter(
      p => p.headRef.startsWith(CHANGE_BRANCH_PREFIX) && p.headRepo?.toLowerCase() === slug,
    );
    const listed = changes.slice(0, MAX_CHANGE_BRANCHES);
    const branches = await mapLimit(listed, CONCURRENCY, p => this.row(github, p));
    return {
      mode: 'github',
      ...(complete
        ? {}
        : {
            message: `Only the ${MAX_PULL_PAGES * PULLS_PER_PAGE} most recently updated open pull requests of ${github.slug} were looked at`,
          }),
      branches,
      more: changes.length - listed.length,
    };
  }

  /**
   * What the pending pull requests are, in one string that changes when one
   * opens, moves to another head commit, retargets or closes: their numbers,
   * heads and bases, from the list of open pull requests alone (no preview
   * is read). For the watch that tells open pages; throws when GitHub cannot
   * be read.
   */
  async fingerprint(): Promise<string> {
    const github = await GithubHistory.create({
      repoUrl: this.options.target.repoUrl ?? '',
      integrations: this.options.integrations,
      credentialsProvider: this.credentialsProvider,
    });
    const { pulls } = await this.openPulls(github);
    return pulls
      .filter(p => p.headRef.startsWith(CHANGE_BRANCH_PREFIX))
      .map(p => `${p.number} ${p.headSha} ${p.baseRef} ${p.baseSha}`)
      .sort()
      .join('\n');
  }

  /** Open pull requests, most recently updated first, up to MAX_PULL_PAGES pages. */
  private async openPulls(github: GithubHistory): Promise<{ pulls: PullRequest[]; complete: boolean }> {
    const pulls: PullRequest[] = [];
    for (let page = 1; page <= MAX_PULL_PAGES; page++) {
      const qs = new URLSearchParams({
        state: 'open',
        sort: 'updated',
        direction: 'desc',
        per_page: String(PULLS_PER_PAGE),
        page: String(page),
      });
      const res = await github.get(`/pulls?${qs}`, 'the open pull requests');
      if (res === undefined) {
        throw new Error(
          `${github.slug} not found on GitHub, or the integration's token cannot read it (mlops.gitops.github.repoUrl)`,
        );
      }
      if (!Array.isArray(res)) throw new Error(`GitHub answered the pull requests of ${github.slug} with something that is not a list`);
      for (const item of res) {
        const pr = parsePull(item);
        if (pr) pulls.push(pr);
      }
      // Page numbers are counted here rather than following the Link header,
      // so no URL from a response is ever fetched.
      if (res.length < PULLS_PER_PAGE) return { pulls, complete: true };
    }
    return { pulls, complete: false };
  }

  private async row(github: GithubHistory, pr: PullRequest): Promise<ChangeBranch> {
    const row: ChangeBranch = {
      name: pr.headRef,
      commit: pr.headSha,
      subject: pr.title,
      date: pr.updatedAt,
      base: pr.baseRef,
      mergeBase: '',
      pullRequest: { number: pr.number, url: pr.htmlUrl },
    };
    try {
      row.mergeBase = await this.mergeBase(github, pr);
      row.preview = await this.previewOf(github, row.mergeBase, pr.headSha);
    } catch (e) {
      row.error = `could not read pull request #${pr.number}: ${firstLine(e)}`;
    }
    return row;
  }

  /** So a refresh of unchanged pull requests asks GitHub only for the list. */
  private mergeBase(github: GithubHistory, pr: PullRequest): Promise<string> {
    const basehead = `${pr.baseSha}...${pr.headSha}`;
    return cached(this.mergeBases, basehead, 1000, async () => {
      const compare = await github.get(`/compare/${basehead}?per_page=1`, `pull request #${pr.number}`);
      const sha = compare?.merge_base_commit?.sha;
      if (typeof sha !== 'string' || !SHA.test(sha)) {
        throw new Error(`GitHub gave no merge base for ${pr.baseSha.slice(0, 12)}...${pr.headSha.slice(0, 12)}`);
      }
      return sha;
    });
  }

  private async previewOf(github: GithubHistory, from: string, to: string): Promise<ChangePreview> {
    const before = await this.tree(github, from);
    const after = await this.tree(github, to);
    const warnings = [...new Set([...before.warnings, ...after.warnings])];
    const left = new Set<string>();
    const readSide = async (entries: TreeEntry[], side: string) => {
      const texts = await mapLimit(entries, CONCURRENCY, async e => {
        try {
          return await this.blob(github, e.sha);
        } catch (err) {
          warnings.push(`${e.path} (${side} the change) could not be read; left out of the preview: ${firstLine(err)}`);
          left.add(e.path);
          return undefined;
        }
      });
      return entries.map((e, i) => ({ path: e.path, text: texts[i] }));
    };
    const beforeFiles = await readSide(before.entries, 'before');
    const afterFiles = await readSide(after.entries, 'after');
    // A file missing on one side only would read as removed or added objects:
    // what could not be read is left out of both sides.
    const keep = (files: Array<{ path: string; text?: string }>): GitopsTreeFile[] =>
      files.filter((f): f is GitopsTreeFile => f.text !== undefined && !left.has(f.path));
    const preview = computeChangePreview(keep(beforeFiles), keep(afterFiles));
    preview.warnings.unshift(...warnings);
    return preview;
  }

  /** The YAML files of the Flux tree (mlops.gitops.github.path) at a commit, paths from the repository root. */
  private tree(github: GithubHistory, commit: string): Promise<{ entries: TreeEntry[]; warnings: string[] }> {
    return cached(this.trees, commit, 200, () => this.readTree(github, commit));
  }

  private async readTree(github: GithubHistory, commit: string): Promise<{ entries: TreeEntry[]; warnings: string[] }> {
    const res = await github.get(`/git/trees/${commit}?recursive=1`, `the tree of ${commit.slice(0, 12)}`);
    if (res === undefined) throw new Error(`commit ${commit.slice(0, 12)} not found`);
    if (!Array.isArray(res.tree)) throw new Error(`GitHub answered the tree of ${commit.slice(0, 12)} without entries`);
    if (res.truncated) {
      throw new Error(
        `the repository tree at ${commit.slice(0, 12)} is larger than GitHub lists in one answer; no preview`,
      );
    }
    const prefix = this.options.target.path ? `${this.options.target.path}/` : '';
    const entries: TreeEntry[] = [];
    const warnings: string[] = [];
    for (const item of res.tree as unknown[]) {
      const e = item as { path?: unknown; mode?: unknown; type?: unknown; sha?: unknown; size?: unknown };
      if (e.type !== 'blob' || typeof e.path !== 'string' || !e.path.startsWith(prefix)) continue;
      if (!/\.ya?ml$/i.test(e.path)) continue;
      if (!isSafeRepoPath(e.path)) {
        warnings.push(`${JSON.stringify(e.path.slice(0, 200))} is not a plain path inside the repository; left out of the preview`);
        continue;
      }
      // Symbolic links (120000) are not followed, as in the local mode.
      if (e.mode === '120000') continue;
      if (typeof e.sha !== 'string' || !SHA.test(e.sha)) {
        warnings.push(`${e.path} has no readable blob id; left out of the preview`);
        continue;
      }
      if (typeof e.size !== 'number' || e.size > MAX_FILE_BYTES) {
        warnings.push(`${e.path} is larger than ${MAX_FILE_BYTES} bytes; left out of the preview`);
        continue;
      }
      entries.push({ path: e.path, sha: e.sha });
    }
    if (entries.length > MAX_TREE_FILES) {
      throw new Error(`the Flux tree at ${commit.slice(0, 12)} has more than ${MAX_TREE_FILES} YAML files; no preview`);
    }
    return { entries, warnings };
  }

  private blob(github: GithubHistory, sha: string): Promise<string> {
    return cached(this.blobs, sha, 5000, () => this.readBlob(github, sha));
  }

  private async readBlob(github: GithubHistory, sha: string): Promise<string> {
    const res = await github.get(`/git/blobs/${sha}`, `blob ${sha.slice(0, 12)}`);
    if (res === undefined) throw new Error(`blob ${sha.slice(0, 12)} not found`);
    if (res.encoding !== 'base64' || typeof res.content !== 'string') {
      throw new Error(`GitHub returned blob ${sha.slice(0, 12)} without base64 content`);
    }
    // The tree's size is GitHub's word; the bytes are checked again.
    if (res.content.length > (MAX_FILE_BYTES / 3) * 4 + MAX_FILE_BYTES / 30) {
      throw new Error(`larger than ${MAX_FILE_BYTES} bytes`);
    }
    const bytes = Buffer.from(res.content, 'base64');
    if (bytes.length > MAX_FILE_BYTES) throw new Error(`larger than ${MAX_FILE_BYTES} bytes`);
    return bytes.toString('utf8');
  }
}

/** A repository path that is relative, has no `.`/`..`/empty segment, no backslash and no control character. */
export function isSafeRepoPath(p: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (!p || p.length > 1024 || p.startsWith('/') || /[\\\u0000-\u001f]/.test(p)) return false;
  return p.split('/').every(s => s !== '' && s !== '.' && s !== '..');
}

function parsePull(item: any): PullRequest | undefined {
  const head = item?.head;
  const base = item?.base;
  if (
    !Number.isSafeInteger(item?.number) ||
    typeof head?.ref !== 'string' ||
    typeof head?.sha !== 'string' ||
    !SHA.test(head.sha) ||
    typeof base?.ref !== 'string' ||
    typeof base?.sha !== 'string' ||
    !SHA.test(base.sha)
  ) {
    return undefined;
  }
  return {
    number: item.number,
    title: String(item.title ?? '').slice(0, 300),
    // Shown as a link: only http(s).
    htmlUrl: typeof item.html_url === 'string' && /^https?:\/\//.test(item.html_url) ? item.html_url : '',
    updatedAt: String(item.updated_at ?? ''),
    headRef: head.ref,
    headSha: head.sha,
    // null when the fork was deleted.
    headRepo: typeof head.repo?.full_name === 'string' ? head.repo.full_name : undefined,
    baseRef: base.ref,
    baseSha: base.sha,
  };
}

/** `read()` once per key while it runs or after it succeeded; the map is emptied past `max` entries. */
function cached<T>(map: Map<string, Promise<T>>, key: string, max: number, read: () => Promise<T>): Promise<T> {
  let p = map.get(key);
  if (!p) {
    if (map.size >= max) map.clear();
    p = read();
    map.set(key, p);
    p.catch(() => {
      if (map.get(key) === p) map.delete(key);
    });
  }
  return p;
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
