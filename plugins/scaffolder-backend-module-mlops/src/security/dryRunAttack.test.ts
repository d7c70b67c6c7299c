/**
 * The attack of issue 11 as it was found: a caller-written template and
 * workspace files posted to the real scaffolder's dry-run endpoint
 * (`POST /api/scaffolder/v2/dry-run`), `fetch:plain` putting the files into
 * the workspace, then the portal's git actions on them. Every file-only
 * variant of src/__fixtures__/attacks/gitAttacks.ts, both as a repository
 * the workspace brings and planted over a clone mlops:git:clone made.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { scaffolderModuleMlopsActions } from '../module';
import { GIT_WORKSPACE_ATTACKS, GitWorkspaceAttack } from '../__fixtures__/attacks/gitAttacks';
import { FLUX_REPO_FIXTURE } from '../__testUtils__/fixtureRepos';
import { gitSync, makeGitRepo } from '../__testUtils__/gitRepo';
import { testCatalog } from '../__testUtils__/testCatalog';

jest.setTimeout(180_000);

describe('git attacks through the scaffolder dry-run API', () => {
  let server: any;
  let remote: ReturnType<typeof makeGitRepo>;
  let tmp: string;
  let marker: string;
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-dry-run-attack-'));
    fs.mkdirSync(path.join(tmp, 'work'));
    marker = path.join(tmp, 'PWNED');
    remote = makeGitRepo(FLUX_REPO_FIXTURE, 'platform');
    ({ server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleMlopsActions,
        createServiceFactory({ service: catalogServiceRef, deps: {}, factory: () => testCatalog() }),
        mockServices.rootConfig.factory({
          data: {
            backend: { workingDirectory: path.join(tmp, 'work') },
            mlops: { gitops: { local: { repoDir: remote.dir, branch: 'main', path: 'platform' } } },
          },
        }),
      ],
    }));
  });
  afterAll(() => {
    remote.cleanup();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const fill = (s: string) =>
    s
      .replace(/\{\{MARKER\}\}/g, marker)
      .replace(/\{\{[A-Z_]+\}\}/g, path.join(tmp, 'elsewhere'));

  /** The variant as dry-run files under `prefix` (folders get a .keep file). */
  function files(attack: GitWorkspaceAttack, prefix: string) {
    const out = Object.entries(attack.files ?? {}).map(([rel, content]) => ({
      path: `${prefix}/${rel}`,
      base64Content: Buffer.from(fill(content)).toString('base64'),
      executable: attack.executable?.includes(rel) ?? false,
    }));
    for (const dir of attack.dirs ?? []) out.push({ path: `${prefix}/${dir}/.keep`, base64Content: '', executable: false });
    return out;
  }

  async function dryRun(steps: object[], directoryContents: object[]) {
    const template = {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: 'attack', namespace: 'default' },
      spec: { owner: 'group:default/ml-team', type: 'service', parameters: [], steps },
    };
    const res = await request(server).post('/api/scaffolder/v2/dry-run').send({ template, values: {}, directoryContents });
    return JSON.stringify(res.body);
  }
  const branchStep = { id: 'branch', action: 'mlops:git:branch', input: { gitRoot: 'gitops', branchName: 'mlops/attack', commitMessage: 'x' } };
  const revertStep = { id: 'revert', action: 'mlops:revert', input: { repoPath: 'gitops/platform', name: 'mlflow' } };
  const fetchStep = (from: string) => ({ id: `fetch-${from}`, action: 'fetch:plain', input: { url: `./${from}`, targetPath: 'gitops' } });

  it.each(GIT_WORKSPACE_ATTACKS.filter(a => !a.symlinks).map(a => [a.id, a]))(
    '%s: a repository brought by the dry-run workspace is refused by mlops:git:branch and mlops:revert',
    async (_id, attack) => {
      // A plausible repository: HEAD, refs, objects and a HelmRelease, plus the variant.
      const base = [
        { path: 'ws/.git/HEAD', base64Content: Buffer.from('ref: refs/heads/main\n').toString('base64') },
        { path: 'ws/.git/config', base64Content: Buffer.from('[core]\n\trepositoryformatversion = 0\n').toString('base64') },
        { path: 'ws/.git/objects/.keep', base64Content: '' },
        { path: 'ws/.git/refs/heads/.keep', base64Content: '' },
        { path: 'ws/platform/apps/ml/mlflow.yaml', base64Content: fs.readFileSync(path.join(FLUX_REPO_FIXTURE, 'apps/ml/mlflow.yaml')).toString('base64') },
      ].filter(f => !(attack.remove?.includes('.git') && f.path.startsWith('ws/.git/')));
      const planted = files(attack, 'ws');
      const contents = [...base.filter(b => !planted.some(p => p.path === b.path)), ...planted];
      const branchLog = await dryRun([fetchStep('ws'), branchStep], contents);
      expect(branchLog).toContain("gitRoot: 'gitops' was not made by mlops:git:clone in this task");
      const revertLog = await dryRun([fetchStep('ws'), revertStep], contents);
      expect(revertLog).toContain("repoPath: 'gitops' was not made by mlops:git:clone in this task");
      expect(fs.existsSync(marker)).toBe(false);
      expect(gitSync(remote.dir, 'branch', '--list').trim()).toBe('* main');
    },
  );

  it.each(GIT_WORKSPACE_ATTACKS.filter(a => !a.symlinks && !a.remove).map(a => [a.id, a]))(
    '%s: fetched over a clone mlops:git:clone made in the same dry-run, the clone is refused',
    async (_id, attack) => {
      const cloneStep = { id: 'clone', action: 'mlops:git:clone', input: { targetPath: 'gitops' } };
      const log = await dryRun([cloneStep, fetchStep('evil'), branchStep], files(attack, 'evil'));
      expect(log).toContain("gitRoot: 'gitops' was not made by mlops:git:clone in this task (");
      expect(fs.existsSync(marker)).toBe(false);
      expect(gitSync(remote.dir, 'branch', '--list').trim()).toBe('* main');
    },
  );

  it('an untouched clone in the same dry-run still works (the refusals are not blanket)', async () => {
    const cloneStep = { id: 'clone', action: 'mlops:git:clone', input: { targetPath: 'gitops' } };
    const log = await dryRun([cloneStep, branchStep, revertStep], []);
    expect(log).not.toContain('was not made by mlops:git:clone');
    // Dry-run edits write nothing, so the branch step finds no change; the revert shows its diff.
    expect(log).toContain('No change to commit; no branch made');
    expect(log).toContain('Finished step mlops:git:branch');
    expect(log).toContain('Finished step mlops:revert');
  });
});
