/**
 * The "New ML project takeover" of issue 11, through the real scaffolder and
 * the real catalog backend (startTestBackend, SQLite in memory), with users
 * and groups from a catalog location and the template from templates/: the
 * first team's project stays theirs when someone else re-runs the template
 * with the same name, and nothing is written by the refused runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { catalogModuleMlopsMlProjects } from '@mlops-portal/plugin-catalog-backend-module-mlops';
import { scaffolderModuleMlopsActions } from '../module';
import { REFERENCE_GITOPS } from '../__testUtils__/fixtureRepos';
import { gitSync, makeGitRepo } from '../__testUtils__/gitRepo';

jest.setTimeout(180_000);

const TEMPLATES = path.resolve(__dirname, '../../../../templates/all.yaml');

const ORG = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: ml-team }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: data-team }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: alex }
spec: { memberOf: [ml-team] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: jo }
spec: { memberOf: [ml-team] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: sam }
spec: { memberOf: [data-team] }
`;

describe('New ML project cannot be taken over (real scaffolder, real catalog)', () => {
  let server: any;
  let remote: ReturnType<typeof makeGitRepo>;
  let tmp: string;
  let reposDir: string;
  const as = (user: string) => ({ Authorization: mockCredentials.user.header(`user:default/${user}`) });

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-takeover-'));
    reposDir = path.join(tmp, 'ml-projects');
    fs.mkdirSync(reposDir);
    fs.mkdirSync(path.join(tmp, 'work'));
    fs.writeFileSync(path.join(tmp, 'org.yaml'), ORG);
    remote = makeGitRepo(REFERENCE_GITOPS, 'gitops');
    ({ server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleTemplateKind,
        catalogModuleMlopsMlProjects,
        scaffolderPlugin,
        scaffolderModuleMlopsActions,
        mockServices.rootConfig.factory({
          data: {
            backend: { workingDirectory: path.join(tmp, 'work') },
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [{ allow: ['Component', 'Resource', 'System', 'Group', 'User', 'Template', 'Location'] }],
              locations: [
                { type: 'file', target: path.join(tmp, 'org.yaml') },
                { type: 'file', target: TEMPLATES },
              ],
            },
            scaffolder: { defaultAuthor: { name: 'MLOps Portal', email: 'portal@mlops-portal.invalid' } },
            mlops: {
              gitops: { local: { repoDir: remote.dir, branch: 'main', path: 'gitops' } },
              mlProjects: { local: { reposDir } },
            },
          },
        }),
      ],
    }));
    await eventually(async () => {
      const res = await request(server).get('/api/catalog/entities/by-name/template/default/new-ml-project').set(as('alex'));
      const user = await request(server).get('/api/catalog/entities/by-name/user/default/sam').set(as('alex'));
      return res.status === 200 && user.status === 200 && user.body.relations?.length > 0;
    });
  });
  afterAll(() => {
    remote.cleanup();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function eventually(check: () => Promise<boolean>) {
    for (let i = 0; i < 600; i++) {
      if (await check()) return;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error('condition never met');
  }

  async function run(user: string, values: Record<string, unknown>) {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set(as(user))
      .send({ templateRef: 'template:default/new-ml-project', values });
    if (created.status !== 201) throw new Error(`create task ${created.status}: ${JSON.stringify(created.body)}`);
    for (;;) {
      const events = await request(server).get(`/api/scaffolder/v2/tasks/${created.body.id}/events`).set(as(user));
      const done = (events.body as any[]).find(e => e.type === 'completion');
      if (done) {
        const log = (events.body as any[]).filter(e => e.type === 'log').map(e => e.body.message).join('\n');
        const task = await request(server).get(`/api/scaffolder/v2/tasks/${created.body.id}`).set(as(user));
        return { status: task.body.status as string, log };
      }
      await new Promise(r => setTimeout(r, 100));
    }
  }

  const project = (owner: string) => ({ name: 'churn-model', description: 'Churn', owner, schedule: '@daily' });
  const projectRepo = () => path.join(reposDir, 'churn-model');
  const written = async () => ({
    commits: gitSync(projectRepo(), 'rev-list', 'main').trim(),
    branch: gitSync(remote.dir, 'rev-parse', 'refs/heads/mlops/ml-project/churn-model').trim(),
    catalogInfo: fs.readFileSync(path.join(projectRepo(), 'catalog-info.yaml'), 'utf8'),
    locations: (await request(server).get('/api/catalog/locations').set(as('alex'))).body.length,
  });
  const entityOwner = async () =>
    (await request(server).get('/api/catalog/entities/by-name/component/default/churn-model').set(as('alex'))).body?.spec?.owner;

  it('the first team makes it; another user re-running it with the same name is refused and writes nothing; a member re-runs it idempotently', async () => {
    const first = await run('alex', project('group:default/ml-team'));
    expect(first.status).toBe('completed');
    await eventually(async () => (await entityOwner()) === 'group:default/ml-team');
    const before = await written();
    expect(before.commits.split('\n')).toHaveLength(1);
    expect(gitSync(remote.dir, 'log', '-1', '--format=%B', before.branch)).toContain(
      'Mlops-Portal-Owner: group:default/ml-team\nMlops-Portal-Requested-By: user:default/alex',
    );

    // The takeover of the issue: same name, another owner, another user.
    const takeover = await run('sam', project('group:default/data-team'));
    expect(takeover.status).toBe('failed');
    expect(takeover.log).toContain(
      "name: ML project 'churn-model' belongs to group:default/ml-team (its repository",
    );
    expect(takeover.log).toContain('user:default/sam is not a member, so it cannot be changed or taken over');
    // Claiming to be the same owner does not help.
    const claim = await run('sam', project('group:default/ml-team'));
    expect(claim.status).toBe('failed');
    expect(claim.log).toContain('user:default/sam is not a member');
    // A member cannot hand it to another team by re-running either.
    const handOver = await run('alex', project('group:default/data-team'));
    expect(handOver.status).toBe('failed');
    expect(handOver.log).toContain("owner: ML project 'churn-model' belongs to group:default/ml-team");
    expect(await written()).toEqual(before);
    expect(await entityOwner()).toBe('group:default/ml-team');

    // Another member of the team re-runs it: nothing new, nothing fails.
    const again = await run('jo', project('group:default/ml-team'));
    expect(again.status).toBe('completed');
    expect(await written()).toEqual(before);
  });

  it('a new project can only be made for a group the user belongs to', async () => {
    const run1 = await run('sam', { ...project('group:default/ml-team'), name: 'fraud-model' });
    expect(run1.status).toBe('failed');
    expect(run1.log).toContain('owner: user:default/sam is not a member of group:default/ml-team');
    expect(fs.existsSync(path.join(reposDir, 'fraud-model'))).toBe(false);
    expect(gitSync(remote.dir, 'branch', '--list', 'mlops/ml-project/fraud-model').trim()).toBe('');
  });
});
