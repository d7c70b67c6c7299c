import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';

/** The last commit that touched a file, as GitHub's REST API reports it. */
export interface GithubFileCommit {
  sha: string;
  /** First line of the commit message. */
  subject: string;
  /** First parent (undefined for a root commit). */
  parent?: string;
}

/**
 * Reads a file's history from GitHub's REST API with the GitHub
 * integration's credentials (token or GitHub App, from `integrations.github`),
 * for checkouts that have no Git history (fetch:plain).
 *
 * Endpoints (https://docs.github.com/en/rest/commits/commits#list-commits and
 * https://docs.github.com/en/rest/repos/contents#get-repository-content):
 * `GET /repos/{owner}/{repo}/commits?sha=&path=&per_page=1` and
 * `GET /repos/{owner}/{repo}/contents/{path}?ref=`.
 * Plain fetch rather than Octokit: this package does not depend on Octokit,
 * and two GET endpoints do not need it.
 */
export class GithubHistory {
  private constructor(
    private readonly apiBaseUrl: string,
    private readonly owner: string,
    private readonly repo: string,
    private readonly headers: Record<string, string>,
  ) {}

  /**
   * @param repoUrl - the scaffolder's `github.com?owner=o&repo=r` (mlops.gitops.github.repoUrl)
   */
  static async create(options: {
    repoUrl: string;
    integrations: ScmIntegrationRegistry;
    credentialsProvider: GithubCredentialsProvider;
  }): Promise<GithubHistory> {
    const [host, query = ''] = options.repoUrl.split('?');
    const params = new URLSearchParams(query);
    const owner = params.get('owner');
    const repo = params.get('repo');
    if (!owner || !repo) {
      throw new InputError(
        `mlops.gitops.github.repoUrl: must look like github.com?owner=<owner>&repo=<repo>, got '${options.repoUrl}'`,
      );
    }
    const integration = options.integrations.github.byHost(host);
    if (!integration) {
      throw new InputError(
        `mlops.gitops.github.repoUrl: no integrations.github entry for host '${host}' in app-config`,
      );
    }
    const { headers } = await options.credentialsProvider.getCredentials({
      url: `https://${host}/${owner}/${repo}`,
    });
    return new GithubHistory(
      (integration.config.apiBaseUrl ?? 'https://api.github.com').replace(
        /\/+$/,
        '',
      ),
      owner,
      repo,
      {
        Accept: 'application/vnd.github+json',
        'X-GitHub-Api-Version': '2022-11-28',
        ...headers,
      },
    );
  }

  /** `owner/repo`, for messages. */
  get slug(): string {
    return `${this.owner}/${this.repo}`;
  }

  /** The newest commit on `branch` that touched `filePath`, or undefined. */
  async lastCommit(
    filePath: string,
    branch: string,
  ): Promise<GithubFileCommit | undefined> {
    const qs = new URLSearchParams({ sha: branch, path: filePath, per_page: '1' });
    const res = await this.get(`/commits?${qs}`, `history of ${filePath}`);
    if (res === undefined) {
      throw new NotFoundError(
        `mlops.gitops.github.branch: branch '${branch}' of ${this.slug} not found on GitHub (or the token cannot read the repository)`,
      );
    }
    if (!Array.isArray(res)) {
      throw new ServiceUnavailableError(
        `GitHub answered the commit list of ${this.slug} with something that is not a list`,
      );
    }
    const first = res[0];
    if (!first) return undefined;
    return {
      sha: String(first.sha),
      subject: String(first.commit?.message ?? '').split('\n')[0],
      parent: first.parents?.[0]?.sha,
    };
  }

  /** A file's text at a commit; undefined when it does not exist there (404). */
  async fileAt(filePath: string, ref: string): Promise<string | undefined> {
    const encoded = filePath.split('/').map(encodeURIComponent).join('/');
    const res = await this.get(
      `/contents/${encoded}?${new URLSearchParams({ ref })}`,
      `${filePath} at ${ref.slice(0, 12)}`,
    );
    if (res === undefined) return undefined;
    if (Array.isArray(res) || res.type !== 'file') {
      throw new InputError(
        `name: ${filePath} at ${ref.slice(0, 12)} is not a file in ${this.slug}`,
      );
    }
    // Files over 1 MB come back with encoding "none" and no content; a
    // HelmRelease manifest is never that large.
    if (res.encoding !== 'base64' || typeof res.content !== 'string') {
      throw new ServiceUnavailableError(
        `GitHub returned ${filePath} at ${ref.slice(0, 12)} without base64 content (encoding '${res.encoding}')`,
      );
    }
    return Buffer.from(res.content, 'base64').toString('utf8');
  }

  /**
   * GET under /repos/{owner}/{repo} with the integration's credentials;
   * undefined on 404; 401/403 (including rate limits) → NotAllowedError,
   * other failures → ServiceUnavailableError, never with the token.
   * `what` names the thing read, for messages.
   */
  async get(pathAndQuery: string, what: string): Promise<any> {
    const url = `${this.apiBaseUrl}/repos/${encodeURIComponent(
      this.owner,
    )}/${encodeURIComponent(this.repo)}${pathAndQuery}`;
    let res: Response;
    try {
      res = await fetch(url, { headers: this.headers });
    } catch (e) {
      throw new ServiceUnavailableError(
        `GitHub API unreachable while reading ${what} of ${this.slug}: ${
          (e as Error).message
        }`,
      );
    }
    if (res.status === 404) return undefined;
    if (!res.ok) {
      // GitHub's error body is { message, documentation_url }; only the
      // message is passed on (never the request headers: they hold the token).
      let message = res.statusText;
      try {
        message = (await res.json())?.message ?? message;
      } catch {
        // not JSON: keep the status text
      }
      const text = `GitHub API refused reading ${what} of ${this.slug}: ${res.status} ${message}`;
      if (res.status === 401 || res.status === 403) {
        throw new NotAllowedError(
          `${text} (check the token or app of integrations.github)`,
        );
      }
      throw new ServiceUnavailableError(text);
    }
    return res.json();
  }
}
