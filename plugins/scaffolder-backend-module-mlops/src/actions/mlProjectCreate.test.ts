import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import yaml from 'yaml';
import { ANNOTATION_OBJECTS } from '@mlops-portal/plugin-mlops-common';
import { createMlProjectCreateAction } from './mlProjectCreate';
import { examples } from './mlProjectCreate.examples';
import { makeWorkspace, REFERENCE_GITOPS, snapshotTree } from '../__testUtils__/fixtureRepos';
import { exampleInput, runAction } from '../__testUtils__/runAction';
import { componentEntity, testCatalog } from '../__testUtils__/testCatalog';

const action = createMlProjectCreateAction({ catalog: testCatalog() });

function has(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
// Both are installed on the project's machines (design/environment.md); a
// machine without them fails these two tests loudly rather than skipping.
const HAS_PYTHON = has('python3', ['--version']);
const HAS_KUBECTL = has('kubectl', ['version', '--client']);

// Real git, python3 and kubectl processes on a shared 2-core machine: generous
// timeouts (not timing assertions; nothing here checks speed).
jest.setTimeout(60_000);

describe('mlops:ml-project:create', () => {
  let ws: ReturnType<typeof makeWorkspace>;
  beforeEach(() => {
    ws = makeWorkspace(REFERENCE_GITOPS);
  });
  afterEach(() => ws.cleanup());
  const project = (rel: string) => fs.readFileSync(path.join(ws.workspacePath, 'project', rel), 'utf8');

  it('renders the project and its GitOps folder, listed in the processing layer', async () => {
    const out = await runAction(action, ws.workspacePath, exampleInput(examples[0].example));
    expect(out.filesChanged).toEqual(
      expect.arrayContaining([
        'gitops/infrastructure/processing/churn-model/bucket-job.yaml',
        'gitops/infrastructure/processing/churn-model/kafka-topics.yaml',
        'gitops/infrastructure/processing/churn-model/kustomization.yaml',
        'gitops/infrastructure/processing/kustomization.yaml',
        'project/catalog-info.yaml',
        'project/dags/churn_model_pipeline.py',
        'project/k8s/spark-feature-engineering.yaml',
        'project/src/churn_model/train.py',
        'project/tests/test_train.py',
      ]),
    );
    expect(out.gitopsPath).toBe('infrastructure/processing/churn-model');
    expect(ws.read('infrastructure/processing/kustomization.yaml')).toContain('resources:\n  - churn-model\n  - flink\n  - spark\n');

    const [component, bucket] = yaml.parseAllDocuments(project('catalog-info.yaml')).map(d => d.toJS());
    expect(component.spec).toMatchObject({ type: 'ml-pipeline', owner: 'group:default/ml-team', system: 'processing' });
    expect(component.metadata.description).toBe('Predicts churn: "weekly" # retrained nightly');
    expect(component.metadata.annotations[ANNOTATION_OBJECTS]).toBe(
      'SparkApplication:processing-jobs/churn-model-features, KafkaTopic:data-plane/churn-model-events, KafkaTopic:data-plane/churn-model-predictions',
    );
    expect(component.spec.dependsOn).toEqual([
      'resource:default/mlops-kafka',
      'resource:default/mlops-minio',
      'component:default/airflow',
      'component:default/mlflow',
      'component:default/spark-operator',
      'resource:default/churn-model-events',
      'resource:default/churn-model-predictions',
      'resource:default/churn-model-data',
    ]);
    expect(bucket).toMatchObject({ kind: 'Resource', metadata: { name: 'churn-model-data' }, spec: { type: 'bucket' } });

    const topics = yaml.parseAllDocuments(ws.read('infrastructure/processing/churn-model/kafka-topics.yaml')).map(d => d.toJS());
    expect(topics.map(t => [t.kind, t.metadata.namespace, t.metadata.name, t.metadata.labels['strimzi.io/cluster']])).toEqual([
      ['KafkaTopic', 'data-plane', 'churn-model-events', 'mlops-kafka'],
      ['KafkaTopic', 'data-plane', 'churn-model-predictions', 'mlops-kafka'],
    ]);
    const spark = yaml.parse(project('k8s/spark-feature-engineering.yaml'));
    expect(spark).toMatchObject({ apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'SparkApplication', metadata: { namespace: 'processing-jobs' } });
    expect(project('src/churn_model/config.py')).toContain('DESCRIPTION = "Predicts churn: \\"weekly\\" # retrained nightly"\n');
  });

  it('second run with the same input changes nothing; dry-run writes nothing', async () => {
    const snap0 = snapshotTree(ws.workspacePath);
    const dry = await runAction(action, ws.workspacePath, exampleInput(examples[0].example), { dryRun: true });
    expect(dry.diff).toContain('+++ b/project/catalog-info.yaml');
    expect(snapshotTree(ws.workspacePath)).toEqual(snap0);
    await runAction(action, ws.workspacePath, exampleInput(examples[0].example));
    const snap = snapshotTree(ws.workspacePath);
    const again = await runAction(action, ws.workspacePath, exampleInput(examples[0].example));
    expect(again).toMatchObject({ changed: false, filesChanged: [], diff: '' });
    expect(snapshotTree(ws.workspacePath)).toEqual(snap);
  });

  it.each(examples.map(e => [e.description, e.example]))('example: %s', async (_d, example) => {
    expect((await runAction(action, ws.workspacePath, exampleInput(example))).changed).toBe(true);
  });

  it('generates Python that compiles, with hostile text kept as data (python3)', async () => {
    if (!HAS_PYTHON) throw new Error('python3 is required for this test (installed on the project machines)');
    const description = `It's "quoted" \\ with """triple""" and {braces} $x %(x)s # hash`;
    await runAction(action, ws.workspacePath, { ...exampleInput(examples[1].example), description });
    const src = path.join(ws.workspacePath, 'project');
    const files = ['src/fraud_scoring/config.py', 'src/fraud_scoring/train.py', 'src/fraud_scoring/features.py', 'dags/fraud_scoring_pipeline.py', 'tests/test_train.py'];
    execFileSync('python3', ['-m', 'py_compile', ...files.map(f => path.join(src, f))]);
    const read = execFileSync('python3', ['-c', 'import sys, json; sys.path.insert(0, "src"); from fraud_scoring import config; print(json.dumps([config.DESCRIPTION, config.SCHEDULE]))'], {
      cwd: src,
      encoding: 'utf8',
    });
    expect(JSON.parse(read)).toEqual([description, '0 * * * *']);
  });

  it('the GitOps change builds with kubectl kustomize', async () => {
    if (!HAS_KUBECTL) throw new Error('kubectl is required for this test (installed on the project machines)');
    await runAction(action, ws.workspacePath, exampleInput(examples[0].example));
    const out = execFileSync('kubectl', ['kustomize', path.join(ws.repo, 'infrastructure/processing')], { encoding: 'utf8' });
    expect(out).toContain('name: churn-model-events');
    expect(out).toContain('name: churn-model-bucket');
  });

  it.each([
    ['an upper-case name', { name: 'Churn' }, /name: must be lower-case letters/],
    ['a spaced name', { name: 'churn model' }, /name: must be lower-case letters/],
    ['a path in the name', { name: 'a/../b' }, /name: must be lower-case letters/],
    ['a newline in the description', { description: 'a\nb' }, /description: must be a single line/],
    ['an unknown namespace', { processingNamespace: 'default' }, /processingNamespace: must be one of the platform's namespaces/],
    ['a bad schedule', { schedule: 'nightly' }, /schedule: .*cron schedule/],
    ['a quote in a URL', { mlflowTrackingUri: 'http://x"y' }, /mlflowTrackingUri: must be the URL of a platform Service/],
    ['a targetPath outside', { targetPath: '../out' }, /targetPath: must not contain '\.\.'/],
    ['a gitopsFolder without kustomization.yaml', { gitopsFolder: 'clusters' }, /gitopsFolder: 'clusters' has no kustomization.yaml/],
  ])('rejects %s, naming the field, writing nothing', async (_l, patch, message) => {
    const snap = snapshotTree(ws.workspacePath);
    await expect(runAction(action, ws.workspacePath, { ...exampleInput(examples[0].example), ...patch })).rejects.toThrow(message);
    expect(snapshotTree(ws.workspacePath)).toEqual(snap);
  });

  it('refuses a non-empty target folder', async () => {
    fs.mkdirSync(path.join(ws.workspacePath, 'project'));
    fs.writeFileSync(path.join(ws.workspacePath, 'project', 'x'), 'mine');
    await expect(runAction(action, ws.workspacePath, exampleInput(examples[0].example))).rejects.toThrow(/targetPath: 'project' already holds other files/);
  });

  describe('ownership (GitHub mode too: the catalog entity decides)', () => {
    const withCatalogOwner = (owner: string) =>
      createMlProjectCreateAction({ catalog: testCatalog({ entities: [componentEntity('churn-model', owner)] }) });

    it.each([
      ['a project the catalog says another team owns', 'group:default/data-team', {}, /name: ML project 'churn-model' belongs to group:default\/data-team \(component:default\/churn-model in the catalog\); user:default\/mock is not a member/],
      ['a rerun that would give the project to another of the caller\'s teams', 'group:default/ml-team', { owner: 'group:default/platform-team' }, /owner: ML project 'churn-model' belongs to group:default\/ml-team .*a rerun cannot give it to group:default\/platform-team/],
    ])('refuses %s, also in a dry-run, writing nothing', async (_l, existingOwner, patch, message) => {
      const snap = snapshotTree(ws.workspacePath);
      for (const dryRun of [true, false]) {
        await expect(
          runAction(withCatalogOwner(existingOwner), ws.workspacePath, { ...exampleInput(examples[0].example), ...patch }, { dryRun }),
        ).rejects.toThrow(message);
      }
      expect(snapshotTree(ws.workspacePath)).toEqual(snap);
    });

    it('the owner\'s members re-run it; a new project needs a group the caller is in; no user, no project', async () => {
      await runAction(withCatalogOwner('group:default/ml-team'), ws.workspacePath, exampleInput(examples[0].example));
      await expect(
        runAction(action, ws.workspacePath, { ...exampleInput(examples[0].example), name: 'fraud-model', owner: 'group:default/data-team' }),
      ).rejects.toThrow('owner: user:default/mock is not a member of group:default/data-team');
      await expect(runAction(action, ws.workspacePath, exampleInput(examples[0].example), { user: null })).rejects.toThrow(
        'mlops:ml-project:create writes on behalf of a signed-in user',
      );
    });
  });
});
