import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMlProjectCreateAction } from './mlProjectCreate';
import { createMlProjectPublishLocalAction } from './mlProjectPublishLocal';
import { examples } from './mlProjectPublishLocal.examples';
import { snapshotTree } from '../__testUtils__/fixtureRepos';
import { gitSync, makeEmptyWorkspace } from '../__testUtils__/gitRepo';
import { exampleInput, runAction } from '../__testUtils__/runAction';
import { testCatalog } from '../__testUtils__/testCatalog';

const catalog = testCatalog();

// Real git processes on a shared 2-core machine: generous timeouts (no timing assertions).
jest.setTimeout(60_000);

describe('mlops:ml-project:publish-local', () => {
  let ws: ReturnType<typeof makeEmptyWorkspace>;
  let reposDir: string;
  let publish: ReturnType<typeof createMlProjectPublishLocalAction>;
  const author = { name: 'MLOps Portal', email: 'portal@mlops-portal.invalid' };
  const render = (name = 'churn-model') =>
    runAction(createMlProjectCreateAction({ catalog }), ws.workspacePath, {
      name,
      description: 'Churn: "weekly" # nightly',
      owner: 'group:default/ml-team',
      targetPath: 'project',
    });
  const source = () => snapshotTree(path.join(ws.workspacePath, 'project'));

  beforeEach(() => {
    ws = makeEmptyWorkspace();
    reposDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-ml-projects-'));
    publish = createMlProjectPublishLocalAction({ mlProjects: { reposDir }, defaultAuthor: author, catalog });
  });
  afterEach(() => {
    ws.cleanup();
    fs.rmSync(reposDir, { recursive: true, force: true });
  });

  it.each(examples.map(e => [e.description, e.example]))('example: %s', async (_d, example) => {
    await render();
    const out = await runAction(publish, ws.workspacePath, exampleInput(example));
    const repo = path.join(reposDir, 'churn-model');
    expect(out).toMatchObject({
      repoDir: repo,
      remoteUrl: `file://${repo}`,
      catalogInfoPath: path.join(repo, 'catalog-info.yaml'),
      changed: true,
    });
    // A real repository: one commit on main by the portal, files checked out, clean.
    expect(gitSync(repo, 'log', '--format=%H %an <%ae> %s', 'main').trim()).toBe(
      `${out.commit} MLOps Portal <portal@mlops-portal.invalid> New ML project churn-model`,
    );
    expect(gitSync(repo, 'symbolic-ref', 'HEAD').trim()).toBe('refs/heads/main');
    expect(gitSync(repo, 'status', '--porcelain')).toBe('');
    expect(snapshotTree(repo)).toEqual(source());
    expect(gitSync(repo, 'show', 'main:catalog-info.yaml')).toContain('type: ml-pipeline');
  });

  it('a rerun with the same source changes nothing; a different source is the next commit, removed files go', async () => {
    await render();
    const first = await runAction(publish, ws.workspacePath, { name: 'churn-model' });
    const again = await runAction(publish, ws.workspacePath, { name: 'churn-model' });
    expect(again).toMatchObject({ changed: false, commit: first.commit });
    const repo = path.join(reposDir, 'churn-model');
    expect(gitSync(repo, 'rev-list', '--count', 'main').trim()).toBe('1');

    fs.appendFileSync(path.join(ws.workspacePath, 'project/README.md'), '\nMore notes.\n');
    fs.rmSync(path.join(ws.workspacePath, 'project/catalog-info.yaml'));
    fs.writeFileSync(
      path.join(ws.workspacePath, 'project/catalog-info.yaml'),
      `${fs.readFileSync(path.join(reposDir, 'churn-model/catalog-info.yaml'), 'utf8')}# edited\n`,
    );
    const removed = Object.keys(source()).find(f => f.startsWith('tests/'))!;
    fs.rmSync(path.join(ws.workspacePath, 'project', removed));
    const next = await runAction(publish, ws.workspacePath, { name: 'churn-model', commitMessage: 'Update' });
    expect(next.changed).toBe(true);
    expect(gitSync(repo, 'rev-parse', `${next.commit}^`).trim()).toBe(first.commit);
    expect(snapshotTree(repo)).toEqual(source());
    expect(fs.existsSync(path.join(repo, removed))).toBe(false);
  });

  it('dry-run writes nothing outside (or inside) the workspace', async () => {
    await render();
    const before = snapshotTree(ws.workspacePath);
    const out = await runAction(publish, ws.workspacePath, { name: 'churn-model' }, { dryRun: true });
    expect(out).toMatchObject({ changed: true, commit: '', repoDir: path.join(reposDir, 'churn-model') });
    expect(fs.readdirSync(reposDir)).toEqual([]);
    expect(snapshotTree(ws.workspacePath)).toEqual(before);
  });

  it.each([
    ['an upper-case name', { name: 'Churn' }, /name: must be lower-case letters/],
    ['a name with a path separator', { name: 'a/b' }, /name: must be lower-case letters/],
    ['a name with ..', { name: '..' }, /name: must be lower-case letters/],
    ['a source folder outside the workspace', { name: 'churn-model', sourcePath: '../elsewhere' }, /sourcePath: must not contain '\.\.'/],
    ['a source folder without catalog-info.yaml', { name: 'churn-model', sourcePath: 'nothing' }, /sourcePath: 'nothing' has no catalog-info.yaml/],
  ])('rejects %s and writes nothing', async (_l, input, message) => {
    await render();
    await expect(runAction(publish, ws.workspacePath, input)).rejects.toThrow(message);
    expect(fs.readdirSync(reposDir)).toEqual([]);
  });

  it('refuses a folder of that name that is not a Git repository, and leaves it alone', async () => {
    await render();
    fs.mkdirSync(path.join(reposDir, 'churn-model'));
    fs.writeFileSync(path.join(reposDir, 'churn-model/notes.txt'), 'mine');
    await expect(runAction(publish, ws.workspacePath, { name: 'churn-model' })).rejects.toThrow(
      /name: .*churn-model exists and is not a Git repository/,
    );
    expect(snapshotTree(path.join(reposDir, 'churn-model'))).toEqual({ 'notes.txt': 'mine' });
  });

  it('a failed first commit removes the half-made repository', async () => {
    await render();
    // An author git refuses makes commit-tree fail after git init and git add.
    const broken = createMlProjectPublishLocalAction({ mlProjects: { reposDir }, defaultAuthor: { name: '<>', email: 'x' }, catalog });
    await expect(runAction(broken, ws.workspacePath, { name: 'churn-model' })).rejects.toThrow(/git commit-tree failed/);
    expect(fs.readdirSync(reposDir)).toEqual([]);
  });

  it('says which key is missing when mlops.mlProjects.local is not configured', async () => {
    await render();
    await expect(
      runAction(createMlProjectPublishLocalAction({}), ws.workspacePath, { name: 'churn-model' }),
    ).rejects.toThrow('mlops.mlProjects.local.reposDir is not configured');
  });
});
