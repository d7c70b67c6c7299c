/**
 * The change branches of GitHub mode: the open pull requests of the GitOps
 * repository, against msw answering GitHub's REST API in its response shapes
 * (see __testUtils__/githubApi.ts), with the reference platform of gitops/
 * as the repository's Flux tree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setupServer } from 'msw/node';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { REFERENCE_GITOPS } from '../__testUtils__/fixtureRepos';
import { type FakePull, type FakeTreeCommit, gitBlobSha, githubPullsHandlers } from '../__testUtils__/githubApi';
import { ChangeBranches, MAX_CHANGE_BRANCHES, MAX_FILE_BYTES } from './ChangeBranches';
import { GithubChangeBranches } from './GithubChangeBranches';
import { ChangeBranchWatcher } from './ChangeBranchWatcher';
import { mockServices } from '@backstage/backend-test-utils';

const STRIMZI = 'gitops/components/platform-operators/strimzi-operator.yaml';
const SETTINGS = 'gitops/clusters/mlops/platform-settings.yaml';

/** Every file of gitops/ at `gitops/<rel>`, plus a README at the root. */
function referenceFiles(): Record<string, string> {
  const out: Record<string, string> = { 'README.md': '# platform\n' };
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out[`gitops/${path.relative(REFERENCE_GITOPS, p).split(path.sep).join('/')}`] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(REFERENCE_GITOPS);
  return out;
}
const base = referenceFiles();
const bumped = { ...base, [STRIMZI]: base[STRIMZI].replace('version: "0.48.0"', 'version: "0.49.0"') };
const sha = (c: string) => c.repeat(40);

/** main: A → C (C changes a setting); the bump PR branched from A. */
const A: FakeTreeCommit = { sha: sha('a'), message: 'Initial platform', files: base };
const C: FakeTreeCommit = {
  sha: sha('c'),
  parent: A.sha,
  message: 'Change a setting on main',
  files: { ...base, [SETTINGS]: `${base[SETTINGS]}  EXTRA_ON_MAIN: "1"\n` },
};
const BUMP: FakeTreeCommit = { sha: sha('b'), parent: A.sha, message: 'Bump strimzi-operator to 0.49.0', files: bumped };

const bumpPull: FakePull = {
  number: 41,
  title: 'Bump strimzi-operator to 0.49.0',
  head: { ref: 'mlops/helmrelease-bump/strimzi-operator', sha: BUMP.sha },
  base: { ref: 'main', sha: C.sha },
  updatedAt: '2026-12-04T15:00:00Z',
};

const target = { mode: 'github' as const, repoUrl: 'github.com?owner=mlops-portal&repo=mlops-platform', branch: 'main', path: 'gitops' };
const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({ integrations: { github: [{ host: 'github.com', token: 'gh-test-token' }] } }),
);

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
afterEach(() => server.resetHandlers());

function serve(options: Omit<Parameters<typeof githubPullsHandlers>[0], 'owner' | 'repo'>) {
  const calls: string[] = [];
  server.use(...githubPullsHandlers({ owner: 'mlops-portal', repo: 'mlops-platform', calls, ...options }));
  return calls;
}

describe('GithubChangeBranches', () => {
  it('lists the open mlops/ pull requests with previews against the merge base, with the integration token', async () => {
    const calls = serve({
      commits: [A, C, BUMP],
      pulls: [
        bumpPull,
        // Not a change branch of the portal.
        { number: 7, title: 'Fix typo', head: { ref: 'docs/typo', sha: BUMP.sha }, base: { ref: 'main', sha: C.sha } },
      ],
    });
    const lister = new GithubChangeBranches({ target, integrations });
    const list = await lister.list();
    expect(list.mode).toBe('github');
    expect(list.message).toBeUndefined();
    expect(list.more).toBe(0);
    expect(list.branches).toHaveLength(1);
    const [row] = list.branches;
    expect(row).toMatchObject({
      name: 'mlops/helmrelease-bump/strimzi-operator',
      commit: BUMP.sha,
      subject: 'Bump strimzi-operator to 0.49.0',
      date: '2026-12-04T15:00:00Z',
      base: 'main',
      mergeBase: A.sha,
      pullRequest: { number: 41, url: 'https://github.com/mlops-portal/mlops-platform/pull/41' },
    });
    expect(row.error).toBeUndefined();
    // Against the merge base: main's own later change is not part of it.
    expect(row.preview!.filesChanged).toEqual([STRIMZI]);
    expect(row.preview!.changed).toEqual([
      expect.objectContaining({
        kind: 'HelmRelease',
        name: 'strimzi-operator',
        namespace: 'platform-operators',
        fields: [{ field: 'spec.chart.spec.version', from: '0.48.0', to: '0.49.0', op: 'changed' }],
      }),
    ]);
    expect(row.preview!.added).toEqual([]);
    expect(row.preview!.removed).toEqual([]);
    // Layers come from the Kustomizations of the whole tree, dependents included.
    const layers = row.preview!.affectedLayers.map(l => `${l.name}:${l.reason}`);
    expect(layers).toContain('platform-operators:files');
    expect(layers).toContain('data-storage:dependsOn');
    expect(row.preview!.warnings).toEqual([]);
    expect(calls.every(c => c.endsWith(' Bearer gh-test-token'))).toBe(true);
    expect(calls.slice(0, 3)).toEqual([
      'GET /pulls?state=open&sort=updated&direction=desc&per_page=100&page=1 Bearer gh-test-token',
      `GET /compare/${C.sha}...${BUMP.sha}?per_page=1 Bearer gh-test-token`,
      `GET /git/trees/${A.sha}?recursive=1 Bearer gh-test-token`,
    ]);
    // Blobs by sha only, never by a path; the README is not read.
    expect(calls.filter(c => c.includes('/contents/'))).toEqual([]);
    expect(calls).not.toContain(`GET /git/blobs/${gitBlobSha(base['README.md'])} Bearer gh-test-token`);
    expect(JSON.stringify(list)).not.toContain('gh-test-token');

    // Merge bases, trees and blobs of fixed commits never change: a refresh reads only the list.
    calls.length = 0;
    const again = await lister.list();
    expect(again.branches[0].preview).toEqual(row.preview);
    expect(calls.map(c => c.split('?')[0].split(' ')[1])).toEqual(['/pulls']);
  });

  it('is watched: a pull request that opens, moves or closes is told, other pull requests and a quiet list are not', async () => {
    const pulls: FakePull[] = [];
    const calls = serve({ commits: [A, C, BUMP], pulls });
    const lister = new GithubChangeBranches({ target, integrations });
    const onChange = jest.fn();
    // No timer in the test: check() compares at once, as the interval would.
    const watcher = new ChangeBranchWatcher({
      fingerprint: () => lister.fingerprint(),
      source: 'the open pull requests',
      onChange,
      logger: mockServices.logger.mock(),
      intervalMs: 3_600_000,
    });
    await watcher.start();
    try {
      pulls.push(bumpPull);
      await watcher.check();
      expect(onChange).toHaveBeenCalledTimes(1);
      await watcher.check();
      expect(onChange).toHaveBeenCalledTimes(1);
      // Not a change branch of the portal.
      pulls.push({ number: 7, title: 'Fix typo', head: { ref: 'docs/typo', sha: A.sha }, base: { ref: 'main', sha: C.sha } });
      await watcher.check();
      expect(onChange).toHaveBeenCalledTimes(1);
      // A new head commit on the branch.
      pulls[0] = { ...bumpPull, head: { ...bumpPull.head, sha: C.sha } };
      await watcher.check();
      expect(onChange).toHaveBeenCalledTimes(2);
      // Merged or closed: no longer open.
      pulls.splice(0, 1);
      await watcher.check();
      expect(onChange).toHaveBeenCalledTimes(3);
      // Each check is the list request alone, never a preview's reads, always with the token.
      expect(new Set(calls.map(c => c.split('?')[0]))).toEqual(new Set(['GET /pulls']));
      expect(calls.every(c => c.endsWith(' Bearer gh-test-token'))).toBe(true);
    } finally {
      watcher.stop();
    }
  });

  it('goes through ChangeBranches in GitHub mode', async () => {
    serve({ commits: [A, C, BUMP], pulls: [bumpPull] });
    const list = await new ChangeBranches(target, new GithubChangeBranches({ target, integrations })).list();
    expect(list.branches.map(b => b.pullRequest?.number)).toEqual([41]);
    // Without the lister (no GitHub integration wired), the old message stays.
    const none = await new ChangeBranches(target).list();
    expect(none).toMatchObject({ mode: 'github', branches: [] });
    expect(none.message).toMatch(/see the pull requests on GitHub/);
  });

  it('uses the integration apiBaseUrl (GitHub Enterprise) and its host in links', async () => {
    const calls = serve({
      apiBase: 'https://ghe.example.com/api/v3',
      htmlBase: 'https://ghe.example.com',
      commits: [A, C, BUMP],
      pulls: [bumpPull],
    });
    const list = await new GithubChangeBranches({
      target: { ...target, repoUrl: 'ghe.example.com?owner=mlops-portal&repo=mlops-platform' },
      integrations: ScmIntegrations.fromConfig(
        new ConfigReader({
          integrations: { github: [{ host: 'ghe.example.com', apiBaseUrl: 'https://ghe.example.com/api/v3', token: 'ghe-token' }] },
        }),
      ),
    }).list();
    expect(list.branches[0].pullRequest).toEqual({ number: 41, url: 'https://ghe.example.com/mlops-portal/mlops-platform/pull/41' });
    expect(list.branches[0].preview!.changed).toHaveLength(1);
    expect(calls.length).toBeGreaterThan(3);
    expect(calls.every(c => c.endsWith(' Bearer ghe-token'))).toBe(true);
  });

  it('leaves out pull requests from forks, even with an mlops/ branch, and from deleted forks', async () => {
    serve({
      commits: [A, C, BUMP],
      pulls: [
        { ...bumpPull, number: 50, title: 'Looks like a portal change', head: { ...bumpPull.head, repo: 'stranger/mlops-platform' } },
        { ...bumpPull, number: 51, title: 'From a deleted fork', head: { ...bumpPull.head, repo: null } },
        bumpPull,
      ],
    });
    const list = await new GithubChangeBranches({ target, integrations }).list();
    expect(list.branches.map(b => b.pullRequest!.number)).toEqual([41]);
    expect(list.more).toBe(0);
  });

  it('a path that escapes, a symbolic link, a huge file and an unreadable file are warnings; nothing is read by path', async () => {
    const huge = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n  x: "${'x'.repeat(MAX_FILE_BYTES)}"\n`;
    const unreadable = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: unreadable\n  namespace: flux-system\n';
    const settingsChanged = `${base[SETTINGS]}# changed\n`;
    const hostile: FakeTreeCommit = {
      sha: sha('d'),
      parent: A.sha,
      files: {
        ...bumped,
        'gitops/../../../etc/passwd.yaml': 'root: x\n',
        'gitops/components/../../secrets.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: leaked\n',
        'gitops/clusters/mlops/link.yaml': { symlink: '/etc/passwd' },
        'gitops/clusters/mlops/huge.yaml': huge,
        'gitops/clusters/mlops/unreadable.yaml': unreadable,
        // Changed, and GitHub fails on its new content: it must not read as removed objects.
        [SETTINGS]: settingsChanged,
      },
    };
    const calls = serve({
      commits: [A, C, hostile],
      pulls: [{ ...bumpPull, number: 60, head: { ref: 'mlops/settings-set/hostile', sha: hostile.sha } }],
      failures: { [`/git/blobs/${gitBlobSha(unreadable)}`]: 404, [`/git/blobs/${gitBlobSha(settingsChanged)}`]: 500 },
    });
    const [row] = (await new GithubChangeBranches({ target, integrations }).list()).branches;
    expect(row.error).toBeUndefined();
    const p = row.preview!;
    // The real change is still shown.
    expect(p.changed.map(o => o.name)).toEqual(['strimzi-operator']);
    expect(p.filesChanged).toEqual([STRIMZI]);
    expect(p.added).toEqual([]);
    expect(p.removed).toEqual([]);
    expect(p.warnings).toEqual(
      expect.arrayContaining([
        '"gitops/../../../etc/passwd.yaml" is not a plain path inside the repository; left out of the preview',
        '"gitops/components/../../secrets.yaml" is not a plain path inside the repository; left out of the preview',
        `gitops/clusters/mlops/huge.yaml is larger than ${MAX_FILE_BYTES} bytes; left out of the preview`,
        expect.stringMatching(/^gitops\/clusters\/mlops\/unreadable\.yaml \(after the change\) could not be read; left out of the preview: blob [0-9a-f]{12} not found$/),
        `${SETTINGS} (after the change) could not be read; left out of the preview: GitHub API refused reading blob ${gitBlobSha(settingsChanged).slice(0, 12)} of mlops-portal/mlops-platform: 500 Server Error`,
      ]),
    );
    expect(p.warnings).toHaveLength(5);
    const blobReads = calls.filter(c => c.startsWith('GET /git/blobs/'));
    for (const content of ['root: x\n', hostile.files['gitops/components/../../secrets.yaml'] as string, '/etc/passwd', huge]) {
      expect(blobReads).not.toContain(`GET /git/blobs/${gitBlobSha(content)} Bearer gh-test-token`);
    }
    expect(calls.filter(c => c.includes('/..') || c.includes('/contents/'))).toEqual([]);
  });

  it('a pull request that cannot be read is one row with its error; the others still show', async () => {
    const gone: FakePull = { ...bumpPull, number: 70, title: 'Gone', head: { ref: 'mlops/revert/gone', sha: sha('e') } };
    const limited: FakePull = { ...bumpPull, number: 71, title: 'Rate limited', head: { ref: 'mlops/revert/limited', sha: sha('f') } };
    const truncated: FakePull = { ...bumpPull, number: 72, title: 'Huge repo', head: { ref: 'mlops/revert/huge', sha: sha('9') } };
    serve({
      commits: [A, C, BUMP, { sha: sha('f'), parent: A.sha, files: bumped }, { sha: sha('9'), parent: A.sha, files: bumped }],
      pulls: [bumpPull, gone, limited, truncated],
      truncated: [sha('9')],
      failures: { [`/git/trees/${sha('f')}`]: 'rate-limit' },
    });
    const list = await new GithubChangeBranches({ target, integrations }).list();
    const byNumber = Object.fromEntries(list.branches.map(b => [b.pullRequest!.number, b]));
    expect(Object.keys(byNumber).sort()).toEqual(['41', '70', '71', '72']);
    expect(byNumber[41].preview!.changed).toHaveLength(1);
    expect(byNumber[70].preview).toBeUndefined();
    expect(byNumber[70].error).toMatch(/^could not read pull request #70: GitHub gave no merge base/);
    expect(byNumber[71].error).toBe(
      'could not read pull request #71: GitHub API refused reading the tree of ffffffffffff of mlops-portal/mlops-platform: 403 API rate limit exceeded for installation ID 4242. (check the token or app of integrations.github)',
    );
    expect(byNumber[72].error).toMatch(/#72: the repository tree at 999999999999 is larger than GitHub lists in one answer/);
    expect(JSON.stringify(list)).not.toContain('gh-test-token');
  });

  it('a rate-limited or missing pull request list is a message, not a failure', async () => {
    serve({ commits: [A], pulls: [bumpPull], failures: { '/pulls': 'rate-limit' } });
    const limited = await new GithubChangeBranches({ target, integrations }).list();
    expect(limited).toEqual({
      mode: 'github',
      message:
        'Pull requests unavailable: GitHub API refused reading the open pull requests of mlops-portal/mlops-platform: 403 API rate limit exceeded for installation ID 4242. (check the token or app of integrations.github)',
      branches: [],
      more: 0,
    });
    server.resetHandlers();
    serve({ commits: [A], pulls: [], failures: { '/pulls': 404 } });
    const missing = await new GithubChangeBranches({ target, integrations }).list();
    expect(missing.message).toBe(
      "Pull requests unavailable: mlops-portal/mlops-platform not found on GitHub, or the integration's token cannot read it (mlops.gitops.github.repoUrl)",
    );
    const noIntegration = await new GithubChangeBranches({
      target: { ...target, repoUrl: 'elsewhere.example.com?owner=o&repo=r' },
      integrations,
    }).list();
    expect(noIntegration.message).toBe(
      "Pull requests unavailable: mlops.gitops.github.repoUrl: no integrations.github entry for host 'elsewhere.example.com' in app-config",
    );
  });

  it('pages through the open pull requests and lists at most MAX_CHANGE_BRANCHES', async () => {
    const pulls: FakePull[] = [];
    for (let i = 0; i < 150; i++) {
      const change = i % 2 === 0;
      pulls.push({
        number: 100 + i,
        title: `PR ${i}`,
        head: { ref: change ? `mlops/settings-set/s${i}` : `feature/f${i}`, sha: BUMP.sha },
        base: { ref: 'main', sha: C.sha },
        // Newest first: i = 0 is the most recently updated.
        updatedAt: new Date(Date.UTC(2026, 11, 4, 12) - i * 60_000).toISOString(),
      });
    }
    const calls = serve({ commits: [A, C, BUMP], pulls });
    const list = await new GithubChangeBranches({ target, integrations }).list();
    const changes = pulls.filter(p => p.head.ref.startsWith('mlops/'));
    expect(changes.length).toBe(75);
    expect(list.branches).toHaveLength(MAX_CHANGE_BRANCHES);
    expect(list.more).toBe(75 - MAX_CHANGE_BRANCHES);
    expect(list.branches.map(b => b.pullRequest!.number)).toEqual(changes.slice(0, MAX_CHANGE_BRANCHES).map(p => p.number));
    expect(calls.filter(c => c.startsWith('GET /pulls'))).toEqual([
      'GET /pulls?state=open&sort=updated&direction=desc&per_page=100&page=1 Bearer gh-test-token',
      'GET /pulls?state=open&sort=updated&direction=desc&per_page=100&page=2 Bearer gh-test-token',
    ]);
    // The same two commits for every row: each tree is read once.
    expect(calls.filter(c => c.startsWith('GET /git/trees/'))).toHaveLength(2);
  });
});
