import { createHelmReleaseBumpAction } from './helmReleaseBump';
import { examples } from './helmReleaseBump.examples';
import { FLUX_REPO_FIXTURE, makeWorkspace, REFERENCE_GITOPS, snapshotTree } from '../__testUtils__/fixtureRepos';
import { exampleInput, runAction } from '../__testUtils__/runAction';

const action = createHelmReleaseBumpAction();

describe('mlops:helmrelease:bump', () => {
  let ws: ReturnType<typeof makeWorkspace>;
  afterEach(() => ws.cleanup());

  describe('reference gitops/', () => {
    beforeEach(() => {
      ws = makeWorkspace(REFERENCE_GITOPS);
    });

    it('changes exactly the version line, keeping its quotes and every comment', async () => {
      const before = ws.read('components/platform-operators/strimzi-operator.yaml');
      const out = await runAction(action, ws.workspacePath, exampleInput(examples[0].example));
      expect(ws.read('components/platform-operators/strimzi-operator.yaml')).toBe(
        before.replace('version: "0.48.0"', 'version: "0.49.0"'),
      );
      expect(out).toMatchObject({
        changed: true,
        previousVersion: '0.48.0',
        filesChanged: ['components/platform-operators/strimzi-operator.yaml'],
        releasePath: 'components/platform-operators/strimzi-operator.yaml',
      });
      expect(out.diff).toContain('-      version: "0.48.0"\n+      version: "0.49.0"\n');
    });

    it("finds the release through the entity's objects annotation when the entity name differs", async () => {
      const out = await runAction(action, ws.workspacePath, {
        repoPath: 'gitops',
        name: 'kafka-operator',
        objects: 'Kafka:data-plane/mlops-kafka, HelmRelease:platform-operators/strimzi-operator',
        version: '0.49.0',
      });
      expect(out.releasePath).toBe('components/platform-operators/strimzi-operator.yaml');
      await expect(
        runAction(action, ws.workspacePath, { repoPath: 'gitops', name: 'x', objects: 'Kafka:data-plane/mlops-kafka', version: '1.0.0' }),
      ).rejects.toThrow(/objects: names no HelmRelease/);
    });

    it('moves a per-version chart repository URL with the version (Apache Flink)', async () => {
      const file = 'components/platform-operators/flink-operator.yaml';
      const before = ws.read(file);
      const out = await runAction(action, ws.workspacePath, { repoPath: 'gitops', name: 'flink-operator', version: '1.13.0' });
      expect(ws.read(file)).toBe(
        before
          .replace('flink-kubernetes-operator-1.12.1/', 'flink-kubernetes-operator-1.13.0/')
          .replace('version: "1.12.1"', 'version: "1.13.0"'),
      );
      expect(out.helmRepositoryUrl).toBe('https://archive.apache.org/dist/flink/flink-kubernetes-operator-1.13.0/');
      // A repository without the version in its URL is left alone.
      const strimzi = await runAction(action, ws.workspacePath, exampleInput(examples[0].example));
      expect(strimzi.helmRepositoryUrl).toBe('');
    });

    it('already at that version: changed false, no diff, nothing written', async () => {
      const snap = snapshotTree(ws.repo);
      const out = await runAction(action, ws.workspacePath, { repoPath: 'gitops', name: 'strimzi-operator', version: '0.48.0' });
      expect(out).toMatchObject({ changed: false, diff: '', filesChanged: [] });
      expect(snapshotTree(ws.repo)).toEqual(snap);
    });

    it.each(examples.map(e => [e.description, e.example]))('example: %s', async (_d, example) => {
      const out = await runAction(action, ws.workspacePath, exampleInput(example));
      expect(out.changed).toBe(true);
    });

    it.each([
      ['unknown release', { name: 'nope' }, /name: no HelmRelease 'nope'/],
      ['upper-case name', { name: 'Strimzi' }, /name: must be a DNS-1123 label/],
      ['bad version', { version: '1.0.0; rm -rf /' }, /version: must be a semver/],
      ['newline in version', { version: '1.0.0\nx: y' }, /version: must be a semver/],
      ['unknown namespace', { namespace: 'kube-system' }, /namespace: must be one of the platform's namespaces/],
      ['wrong namespace', { namespace: 'data-plane' }, /name: no HelmRelease 'strimzi-operator' in namespace 'data-plane'/],
    ])('rejects %s, naming the field', async (_l, patch, message) => {
      const snap = snapshotTree(ws.repo);
      await expect(
        runAction(action, ws.workspacePath, { repoPath: 'gitops', name: 'strimzi-operator', version: '0.49.0', ...patch }),
      ).rejects.toThrow(message);
      expect(snapshotTree(ws.repo)).toEqual(snap);
    });
  });

  it('keeps single quotes and the trailing comment in another layout; dry-run writes nothing', async () => {
    ws = makeWorkspace(FLUX_REPO_FIXTURE);
    const snap = snapshotTree(ws.repo);
    const dry = await runAction(action, ws.workspacePath, { repoPath: 'gitops', name: 'strimzi', version: '0.48.0' }, { dryRun: true });
    expect(dry.diff).toContain("-      version: '0.47.0' # pinned: 0.48 needs KRaft\n+      version: '0.48.0' # pinned: 0.48 needs KRaft\n");
    expect(snapshotTree(ws.repo)).toEqual(snap);
    await runAction(action, ws.workspacePath, { repoPath: 'gitops', name: 'mlflow', version: '5.2' });
    // A plain "5.2" would be read back as a number: it gets quoted.
    expect(ws.read('apps/ml/mlflow.yaml')).toContain('      version: "5.2"\n');
  });
});
