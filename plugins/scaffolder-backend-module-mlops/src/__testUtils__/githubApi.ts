import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { http, HttpResponse } from 'msw';

/** One commit of a simulated GitHub repository: the full content of the files the test cares about. */
export interface FakeCommit {
  sha: string;
  message: string;
  /** path → content; a path missing here does not exist at this commit. */
  files: Record<string, string>;
}

/**
 * msw handlers answering GitHub's REST "list commits" (with `sha` and
 * `path`) and "get repository content" for a linear history, with the
 * response shapes of https://docs.github.com/en/rest/commits/commits#list-commits
 * and https://docs.github.com/en/rest/repos/contents#get-repository-content
 * (fields the portal does not read are kept so the shapes stay real).
 * `history` is oldest first; `branches` maps a branch to its head sha.
 */
export function githubHistoryHandlers(options: {
  apiBase?: string;
  owner: string;
  repo: string;
  history: FakeCommit[];
  branches: Record<string, string>;
  /** Records each request as `METHOD path?query auth` (auth = the Authorization header). */
  calls?: string[];
}) {
  const api = `${options.apiBase ?? 'https://api.github.com'}/repos/${options.owner}/${options.repo}`;
  const html = `https://github.com/${options.owner}/${options.repo}`;
  const index = (sha: string) => options.history.findIndex(c => c.sha === sha);
  const notFound = () =>
    HttpResponse.json(
      {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest/repos/contents#get-repository-content',
        status: '404',
      },
      { status: 404 },
    );
  const record = (r: Request) => {
    const u = new URL(r.url);
    options.calls?.push(`${r.method} ${u.pathname.replace(`/repos/${options.owner}/${options.repo}`, '')}${u.search} ${r.headers.get('authorization') ?? 'anonymous'}`);
  };
  const commitJson = (i: number) => {
    const c = options.history[i];
    const parent = options.history[i - 1];
    const person = { name: 'Platform Engineer', email: 'platform@example.com', date: '2026-11-20T10:00:00Z' };
    return {
      sha: c.sha,
      node_id: `C_${c.sha.slice(0, 10)}`,
      commit: {
        author: person,
        committer: person,
        message: c.message,
        tree: { sha: `tree${c.sha.slice(4)}`, url: `${api}/git/trees/tree${c.sha.slice(4)}` },
        url: `${api}/git/commits/${c.sha}`,
        comment_count: 0,
        verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
      },
      url: `${api}/commits/${c.sha}`,
      html_url: `${html}/commit/${c.sha}`,
      comments_url: `${api}/commits/${c.sha}/comments`,
      author: null,
      committer: null,
      parents: parent ? [{ sha: parent.sha, url: `${api}/commits/${parent.sha}`, html_url: `${html}/commit/${parent.sha}` }] : [],
    };
  };

  return [
    // Only requests with a path filter: other /commits calls (the pull request
    // action reads the base commit) fall through to the test's own handlers.
    http.get(`${api}/commits`, ({ request }) => {
      const u = new URL(request.url);
      const filePath = u.searchParams.get('path');
      if (!filePath) return undefined;
      record(request);
      const head = options.branches[u.searchParams.get('sha') ?? 'main'];
      if (!head) {
        return HttpResponse.json({ message: `No commit found for SHA: ${u.searchParams.get('sha')}`, documentation_url: 'https://docs.github.com/rest/commits/commits#list-commits', status: '404' }, { status: 404 });
      }
      const perPage = Number(u.searchParams.get('per_page') ?? '30');
      const touching: number[] = [];
      for (let i = index(head); i >= 0; i--) {
        const before = options.history[i - 1]?.files[filePath];
        if (options.history[i].files[filePath] !== before) touching.push(i);
      }
      return HttpResponse.json(touching.slice(0, perPage).map(commitJson));
    }),
    http.get(`${api}/contents/*`, ({ request }) => {
      record(request);
      const u = new URL(request.url);
      const filePath = decodeURIComponent(u.pathname.split('/contents/')[1]);
      const ref = u.searchParams.get('ref') ?? options.branches.main;
      const i = index(options.branches[ref] ?? ref);
      const content = i >= 0 ? options.history[i].files[filePath] : undefined;
      if (content === undefined) return notFound();
      const name = filePath.split('/').pop()!;
      const sha = `blob${Buffer.from(content).toString('hex').slice(0, 36)}`;
      return HttpResponse.json({
        type: 'file',
        encoding: 'base64',
        size: Buffer.byteLength(content),
        name,
        path: filePath,
        // GitHub wraps base64 at 60 characters.
        content: `${(Buffer.from(content).toString('base64').match(/.{1,60}/g) ?? []).join('\n')}\n`,
        sha,
        url: `${api}/contents/${filePath}?ref=${ref}`,
        git_url: `${api}/git/blobs/${sha}`,
        html_url: `${html}/blob/${ref}/${filePath}`,
        download_url: `https://raw.githubusercontent.com/${options.owner}/${options.repo}/${ref}/${filePath}`,
        _links: { self: `${api}/contents/${filePath}?ref=${ref}`, git: `${api}/git/blobs/${sha}`, html: `${html}/blob/${ref}/${filePath}` },
      });
    }),
  ];
}

/** A commit of a simulated GitHub repository for pull request previews. */
export interface FakeTreeCommit {
  sha: string;
  /** First parent; the merge base of two commits is found along these. */
  parent?: string;
  message?: string;
  /**
   * path → content, or a symbolic link (`{ symlink: target }`, mode 120000).
   * Paths are taken as given, so a test can put `../` in one.
   */
  files: Record<string, string | { symlink: string }>;
}

/** An open pull request of the simulated repository. */
export interface FakePull {
  number: number;
  title: string;
  head: { ref: string; sha: string; /** `owner/repo` of the head; default: the repository itself; null: a deleted fork. */ repo?: string | null };
  base: { ref: string; sha: string };
  updatedAt?: string;
}

/** Git's object id of a blob (what GitHub reports as a file's `sha`). */
export function gitBlobSha(content: string): string {
  const body = Buffer.from(content);
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}

/**
 * msw handlers answering GitHub's REST "list pull requests"
 * (https://docs.github.com/en/rest/pulls/pulls#list-pull-requests, paginated
 * with `per_page`/`page` and a Link header), "compare two commits"
 * (https://docs.github.com/en/rest/commits/commits#compare-two-commits),
 * "get a tree" (https://docs.github.com/en/rest/git/trees#get-a-tree, with
 * `recursive`) and "get a blob" (https://docs.github.com/en/rest/git/blobs#get-a-blob)
 * for a repository of `commits`, in GitHub's response shapes (fields the
 * portal does not read are kept so the shapes stay real). `failures` answers
 * a request path (after /repos/{owner}/{repo}, e.g. `/pulls` or
 * `/git/blobs/<sha>`) with a GitHub error instead: `rate-limit` is GitHub's
 * 403 with `x-ratelimit-remaining: 0`.
 */
export function githubPullsHandlers(options: {
  apiBase?: string;
  htmlBase?: string;
  owner: string;
  repo: string;
  commits: FakeTreeCommit[];
  pulls: FakePull[];
  /** Trees answered with `truncated: true` (by commit sha). */
  truncated?: string[];
  failures?: Record<string, 404 | 500 | 'rate-limit'>;
  calls?: string[];
}) {
  const apiBase = options.apiBase ?? 'https://api.github.com';
  const htmlBase = options.htmlBase ?? 'https://github.com';
  const full = `${options.owner}/${options.repo}`;
  const api = `${apiBase}/repos/${full}`;
  const html = `${htmlBase}/${full}`;
  const commit = (sha: string) => options.commits.find(c => c.sha === sha);
  const blobs = new Map<string, string>();
  for (const c of options.commits) {
    for (const v of Object.values(c.files)) {
      const text = typeof v === 'string' ? v : v.symlink;
      blobs.set(gitBlobSha(text), text);
    }
  }
  const ancestors = (sha: string) => {
    const out: string[] = [];
    for (let c = commit(sha); c; c = c.parent ? commit(c.parent) : undefined) out.push(c.sha);
    return out;
  };
  const error = (status: number, message: string, doc: string, headers?: Record<string, string>) =>
    HttpResponse.json({ message, documentation_url: doc, status: String(status) }, { status, headers });
  const intercept = (r: Request) => {
    const u = new URL(r.url);
    const rest = u.pathname.slice(`/repos/${full}`.length);
    options.calls?.push(`${r.method} ${rest}${u.search} ${r.headers.get('authorization') ?? 'anonymous'}`);
    const failure = options.failures?.[rest];
    if (failure === 'rate-limit') {
      return error(403, 'API rate limit exceeded for installation ID 4242.', 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api', {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': '5000',
        'x-ratelimit-reset': '1764870000',
        'x-ratelimit-resource': 'core',
      });
    }
    if (failure === 404) return error(404, 'Not Found', 'https://docs.github.com/rest');
    if (failure === 500) return error(500, 'Server Error', 'https://docs.github.com/rest');
    return undefined;
  };
  const user = (login: string) => ({
    login,
    id: 1000 + login.length,
    node_id: `U_${login}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${1000 + login.length}?v=4`,
    html_url: `${htmlBase}/${login}`,
    type: 'User',
    site_admin: false,
  });
  const repoJson = (fullName: string) => {
    const [owner, name] = fullName.split('/');
    return {
      id: fullName.length * 7919,
      node_id: `R_${fullName}`,
      name,
      full_name: fullName,
      private: false,
      owner: user(owner),
      html_url: `${htmlBase}/${fullName}`,
      fork: fullName !== full,
      url: `${apiBase}/repos/${fullName}`,
      default_branch: 'main',
    };
  };
  const commitJson = (sha: string) => {
    const c = commit(sha);
    const person = { name: 'Platform Engineer', email: 'platform@example.com', date: '2026-12-01T10:00:00Z' };
    return {
      sha,
      node_id: `C_${sha.slice(0, 10)}`,
      commit: {
        author: person,
        committer: person,
        message: c?.message ?? 'change',
        tree: { sha: `${sha.slice(0, 39)}f`, url: `${api}/git/trees/${sha.slice(0, 39)}f` },
        url: `${api}/git/commits/${sha}`,
        comment_count: 0,
        verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
      },
      url: `${api}/commits/${sha}`,
      html_url: `${html}/commit/${sha}`,
      comments_url: `${api}/commits/${sha}/comments`,
      author: null,
      committer: null,
      parents: c?.parent ? [{ sha: c.parent, url: `${api}/commits/${c.parent}`, html_url: `${html}/commit/${c.parent}` }] : [],
    };
  };
  const pullJson = (p: FakePull) => {
    const headRepo = p.head.repo === undefined ? full : p.head.repo;
    const headOwner = (headRepo ?? 'ghost/deleted').split('/')[0];
    const at = p.updatedAt ?? '2026-12-04T12:00:00Z';
    return {
      url: `${api}/pulls/${p.number}`,
      id: 900000 + p.number,
      node_id: `PR_${p.number}`,
      html_url: `${html}/pull/${p.number}`,
      diff_url: `${html}/pull/${p.number}.diff`,
      patch_url: `${html}/pull/${p.number}.patch`,
      issue_url: `${api}/issues/${p.number}`,
      commits_url: `${api}/pulls/${p.number}/commits`,
      review_comments_url: `${api}/pulls/${p.number}/comments`,
      comments_url: `${api}/issues/${p.number}/comments`,
      statuses_url: `${api}/statuses/${p.head.sha}`,
      number: p.number,
      state: 'open',
      locked: false,
      title: p.title,
      user: user(headOwner),
      body: 'Requested through the MLOps Portal.',
      labels: [],
      milestone: null,
      active_lock_reason: null,
      created_at: '2026-12-01T09:00:00Z',
      updated_at: at,
      closed_at: null,
      merged_at: null,
      merge_commit_sha: null,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: { label: `${headOwner}:${p.head.ref}`, ref: p.head.ref, sha: p.head.sha, user: user(headOwner), repo: headRepo ? repoJson(headRepo) : null },
      base: { label: `${options.owner}:${p.base.ref}`, ref: p.base.ref, sha: p.base.sha, user: user(options.owner), repo: repoJson(full) },
      _links: {
        self: { href: `${api}/pulls/${p.number}` },
        html: { href: `${html}/pull/${p.number}` },
      },
      author_association: headRepo === full ? 'MEMBER' : 'CONTRIBUTOR',
      auto_merge: null,
      draft: false,
    };
  };
  const treeEntries = (c: FakeTreeCommit) => {
    const dirs = new Set<string>();
    const entries: any[] = [];
    for (const [p, v] of Object.entries(c.files)) {
      const parts = p.split('/');
      for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
      const text = typeof v === 'string' ? v : v.symlink;
      const sha = gitBlobSha(text);
      entries.push({ path: p, mode: typeof v === 'string' ? '100644' : '120000', type: 'blob', sha, size: Buffer.byteLength(text), url: `${api}/git/blobs/${sha}` });
    }
    for (const d of dirs) {
      const sha = createHash('sha1').update(`${c.sha}:${d}`).digest('hex');
      entries.push({ path: d, mode: '040000', type: 'tree', sha, url: `${api}/git/trees/${sha}` });
    }
    return entries.sort((a, b) => (a.path < b.path ? -1 : 1));
  };

  return [
    http.get(`${api}/pulls`, ({ request }) => {
      const failed = intercept(request);
      if (failed) return failed;
      const u = new URL(request.url);
      const perPage = Math.min(100, Number(u.searchParams.get('per_page') ?? '30'));
      const page = Number(u.searchParams.get('page') ?? '1');
      const all = [...options.pulls].sort((a, b) => ((a.updatedAt ?? '') < (b.updatedAt ?? '') ? 1 : -1));
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const link = (n: number, rel: string) => `<${api}/pulls?state=open&per_page=${perPage}&page=${n}>; rel="${rel}"`;
      const links = [
        ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
        ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : []),
      ];
      return HttpResponse.json(all.slice((page - 1) * perPage, page * perPage).map(pullJson), {
        headers: links.length ? { link: links.join(', ') } : {},
      });
    }),
    http.get(`${api}/compare/:basehead`, ({ request, params }) => {
      const failed = intercept(request);
      if (failed) return failed;
      const [base, head] = String(params.basehead).split('...');
      if (!commit(base) || !commit(head)) {
        return error(404, `No common ancestor between ${base} and ${head}.`, 'https://docs.github.com/rest/commits/commits#compare-two-commits');
      }
      const fromBase = new Set(ancestors(base));
      const headLine = ancestors(head);
      const mergeBase = headLine.find(s => fromBase.has(s));
      if (!mergeBase) {
        return error(404, `No common ancestor between ${base} and ${head}.`, 'https://docs.github.com/rest/commits/commits#compare-two-commits');
      }
      const ahead = headLine.indexOf(mergeBase);
      const behind = ancestors(base).indexOf(mergeBase);
      const before = commit(mergeBase)!.files;
      const after = commit(head)!.files;
      const files = [...new Set([...Object.keys(before), ...Object.keys(after)])]
        .filter(p => JSON.stringify(before[p]) !== JSON.stringify(after[p]))
        .map(p => {
          const v = after[p] ?? before[p];
          const sha = gitBlobSha(typeof v === 'string' ? v : v.symlink);
          return {
            sha,
            filename: p,
            status: fileStatus(p in before, p in after),
            additions: 1,
            deletions: 1,
            changes: 2,
            blob_url: `${html}/blob/${head}/${p}`,
            raw_url: `${html}/raw/${head}/${p}`,
            contents_url: `${api}/contents/${p}?ref=${head}`,
          };
        });
      return HttpResponse.json({
        url: `${api}/compare/${base}...${head}`,
        html_url: `${html}/compare/${base}...${head}`,
        permalink_url: `${html}/compare/${options.owner}:${base.slice(0, 7)}...${options.owner}:${head.slice(0, 7)}`,
        diff_url: `${html}/compare/${base}...${head}.diff`,
        patch_url: `${html}/compare/${base}...${head}.patch`,
        base_commit: commitJson(base),
        merge_base_commit: commitJson(mergeBase),
        status: compareStatus(ahead, behind),
        ahead_by: ahead,
        behind_by: behind,
        total_commits: ahead,
        commits: headLine.slice(0, ahead).reverse().slice(0, Number(new URL(request.url).searchParams.get('per_page') ?? '250')).map(commitJson),
        files,
      });
    }),
    http.get(`${api}/git/trees/:sha`, ({ request, params }) => {
      const failed = intercept(request);
      if (failed) return failed;
      const c = commit(String(params.sha));
      if (!c) return error(404, 'Not Found', 'https://docs.github.com/rest/git/trees#get-a-tree');
      const recursive = new URL(request.url).searchParams.has('recursive');
      const entries = treeEntries(c).filter(e => recursive || !e.path.includes('/'));
      return HttpResponse.json({
        sha: c.sha,
        url: `${api}/git/trees/${c.sha}`,
        tree: entries,
        truncated: options.truncated?.includes(c.sha) ?? false,
      });
    }),
    http.get(`${api}/git/blobs/:sha`, ({ request, params }) => {
      const failed = intercept(request);
      if (failed) return failed;
      const sha = String(params.sha);
      const text = blobs.get(sha);
      if (text === undefined) return error(404, 'Not Found', 'https://docs.github.com/rest/git/blobs#get-a-blob');
      return HttpResponse.json({
        sha,
        node_id: `B_${sha.slice(0, 12)}`,
        size: Buffer.byteLength(text),
        url: `${api}/git/blobs/${sha}`,
        // GitHub wraps base64 at 60 characters.
        content: `${(Buffer.from(text).toString('base64').match(/.{1,60}/g) ?? []).join('\n')}\n`,
        encoding: 'base64',
      });
    }),
  ];
}

function fileStatus(before: boolean, after: boolean): string {
  if (!before) return 'added';
  if (!after) return 'removed';
  return 'modified';
}

function compareStatus(ahead: number, behind: number): string {
  if (behind === 0) return ahead === 0 ? 'identical' : 'ahead';
  return ahead === 0 ? 'behind' : 'diverged';
}

/** An entry of a test tarball: a file, a directory or a symbolic link; its name is taken as given (`../` too). */
export type TarEntry =
  | { name: string; content: string }
  | { name: string; directory: true }
  | { name: string; symlink: string };

/**
 * A gzipped ustar archive as GitHub's tarball endpoint sends it: a pax
 * global header holding the commit sha, then every entry below
 * `<owner>-<repo>-<sha7>/`. Written by hand so tests can put entries in it
 * that no archiver would (`..` in names, links leading out).
 */
export function githubTarball(options: { owner: string; repo: string; sha: string; entries: TarEntry[] }): Buffer {
  const blocks: Buffer[] = [];
  const header = (name: string, type: string, size: number, linkname = '') => {
    const h = Buffer.alloc(512);
    const put = (value: string, offset: number, length: number) => h.write(value, offset, Math.min(length, Buffer.byteLength(value)), 'utf8');
    const octal = (n: number, length: number) => `${n.toString(8).padStart(length - 1, '0')}\0`;
    // Names over 100 bytes go to the ustar prefix field.
    let prefix = '';
    let short = name;
    if (Buffer.byteLength(name) > 100) {
      const cut = name.lastIndexOf('/', name.length - 2);
      prefix = name.slice(0, cut);
      short = name.slice(cut + 1);
    }
    put(short, 0, 100);
    put(octal(type === '5' ? 0o775 : 0o664, 8), 100, 8);
    put(octal(0, 8), 108, 8);
    put(octal(0, 8), 116, 8);
    put(octal(size, 12), 124, 12);
    put(octal(1764850000, 12), 136, 12);
    h.fill(' ', 148, 156);
    put(type, 156, 1);
    put(linkname, 157, 100);
    put('ustar\u000000', 257, 8);
    put('root', 265, 32);
    put('root', 297, 32);
    put(prefix, 345, 155);
    let sum = 0;
    for (const b of h) sum += b;
    put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
    return h;
  };
  const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc((512 - (b.length % 512)) % 512)]);
  const pax = Buffer.from(`52 comment=${options.sha}\n`);
  blocks.push(header('pax_global_header', 'g', pax.length), pad(pax));
  const root = `${options.owner}-${options.repo}-${options.sha.slice(0, 7)}/`;
  blocks.push(header(root, '5', 0));
  for (const e of options.entries) {
    if ('directory' in e) blocks.push(header(`${root}${e.name.replace(/\/?$/, '/')}`, '5', 0));
    else if ('symlink' in e) blocks.push(header(`${root}${e.name}`, '2', 0, e.symlink));
    else {
      const body = Buffer.from(e.content);
      blocks.push(header(`${root}${e.name}`, '0', body.length), pad(body));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

/**
 * msw handlers answering what Backstage's GitHub UrlReader reads for
 * `readTree` (fetch:plain): "get the combined status for a reference"
 * (https://docs.github.com/en/rest/commits/statuses#get-the-combined-status-for-a-specific-reference),
 * whose `repository.archive_url` it follows, and "download a repository
 * archive (tar)" (https://docs.github.com/en/rest/repos/contents#download-a-repository-archive-tar),
 * which GitHub answers with a redirect to codeload. `tarballs` maps a
 * commit sha to its archive; a sha mapped to a status code is answered with
 * that error.
 */
export function githubArchiveHandlers(options: {
  apiBase?: string;
  owner: string;
  repo: string;
  branches: Record<string, string>;
  tarballs: Record<string, Buffer | 404 | 500>;
  calls?: string[];
}) {
  const apiBase = options.apiBase ?? 'https://api.github.com';
  const full = `${options.owner}/${options.repo}`;
  const api = `${apiBase}/repos/${full}`;
  const record = (r: Request) => {
    const u = new URL(r.url);
    options.calls?.push(`${r.method} ${u.host}${u.pathname}${u.search} ${r.headers.get('authorization') ?? 'anonymous'}`);
  };
  const notFound = (doc: string) => HttpResponse.json({ message: 'Not Found', documentation_url: doc, status: '404' }, { status: 404 });
  return [
    http.get(`${api}/commits/:ref/status`, ({ request, params }) => {
      record(request);
      const ref = String(params.ref);
      const sha = options.branches[ref] ?? (/^[0-9a-f]{40}$/.test(ref) ? ref : undefined);
      if (!sha) return notFound('https://docs.github.com/rest/commits/statuses#get-the-combined-status-for-a-specific-reference');
      return HttpResponse.json({
        state: 'pending',
        statuses: [],
        sha,
        total_count: 0,
        repository: {
          id: 777,
          node_id: 'R_777',
          name: options.repo,
          full_name: full,
          private: true,
          owner: { login: options.owner, id: 42, type: 'Organization' },
          html_url: `https://github.com/${full}`,
          url: api,
          archive_url: `${api}/{archive_format}{/ref}`,
          trees_url: `${api}/git/trees{/sha}`,
          contents_url: `${api}/contents/{+path}`,
        },
        commit_url: `${api}/commits/${sha}`,
        url: `${api}/commits/${sha}/status`,
      });
    }),
    http.get(`${api}/tarball/:ref`, ({ request, params }) => {
      record(request);
      const ref = String(params.ref);
      if (!(ref in options.tarballs)) return notFound('https://docs.github.com/rest/repos/contents#download-a-repository-archive-tar');
      // GitHub redirects to codeload, which sends the archive.
      return new HttpResponse(null, {
        status: 302,
        headers: { location: `https://codeload.github.com/${full}/legacy.tar.gz/${ref}` },
      });
    }),
    http.get(`https://codeload.github.com/${full}/legacy.tar.gz/:ref`, ({ request, params }) => {
      record(request);
      const ref = String(params.ref);
      const tarball = options.tarballs[ref];
      if (tarball === undefined || tarball === 404) return new HttpResponse('Not Found', { status: 404 });
      if (tarball === 500) return new HttpResponse('upstream error', { status: 500 });
      return new HttpResponse(tarball, {
        headers: {
          'content-type': 'application/x-gzip',
          'content-disposition': `attachment; filename=${options.owner}-${options.repo}-${ref.slice(0, 7)}.tar.gz`,
        },
      });
    }),
  ];
}
