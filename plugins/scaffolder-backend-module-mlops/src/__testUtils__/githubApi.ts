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
