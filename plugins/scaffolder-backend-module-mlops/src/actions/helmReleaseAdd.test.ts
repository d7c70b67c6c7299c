import fs from 'node:fs';
import path from 'node:path';
import { createHelmReleaseAddAction } from './helmReleaseAdd';
import { examples } from './helmReleaseAdd.examples';
import {
  FLUX_REPO_FIXTURE,
  makeWorkspace,
  REFERENCE_GITOPS,
  snapshotTree,
} from '../__testUtils__/fixtureRepos';
import { exampleInput, runAction } from '../__testUtils__/runAction';

const action = createHelmReleaseAddAction();

const redis = {
  repoPath: 'gitops',
  name: 'redis-operator',
  layer: 'platform-operators',
  chart: 'redis-operator',
  version: '0.18.0',
  helmRepoUrl: 'https://ot-container-kit.github.io/helm-charts/',
  owner: 'group:default/platform-team',
};

// Real git, python3 and kubectl processes on a shared 2-core machine: generous
// timeouts (not timing assertions; nothing here checks speed).
jest.setTimeout(60_000);

describe('mlops:helmrelease:add', () => {
  let ws: ReturnType<typeof makeWorkspace>;
  afterEach(() => ws?.cleanup());

  describe('on the reference gitops/ repo', () => {
    beforeEach(() => {
      ws = makeWorkspace(REFERENCE_GITOPS);
    });

    it('writes HelmRepository + HelmRelease in one file and lists it in sorted position, comments kept', async () => {
      const before = ws.read('components/platform-operators/kustomization.yaml');
      const out = await runAction(action, ws.workspacePath, {
        ...redis,
        description: 'Redis: "fast" # cache',
        values: '# one is enough for the demo\nreplicas: 1\nredis:\n  password: "a: b # c"\n',
      });
      expect(ws.read('components/platform-operators/redis-operator.yaml')).toBe(
        `apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: ot-container-kit-github-io-helm-charts
  namespace: platform-operators
  labels:
    mlops-portal.io/owner: platform-team
    mlops-portal.io/layer: platform-operators
    mlops-portal.io/component: redis-operator
spec:
  interval: 12h
  url: https://ot-container-kit.github.io/helm-charts/
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: redis-operator
  namespace: platform-operators
  labels:
    mlops-portal.io/owner: platform-team
    mlops-portal.io/layer: platform-operators
    mlops-portal.io/component: redis-operator
  annotations:
    mlops-portal.io/description: 'Redis: "fast" # cache'
spec:
  interval: 10m
  chart:
    spec:
      chart: redis-operator
      version: 0.18.0
      sourceRef:
        kind: HelmRepository
        name: ot-container-kit-github-io-helm-charts
  values:
    # one is enough for the demo
    replicas: 1
    redis:
      password: "a: b # c"
`,
      );
      const after = ws.read('components/platform-operators/kustomization.yaml');
      // Only one line added, between minio-operator.yaml and spark-operator.yaml;
      // the header comment stays.
      expect(after).toBe(
        before.replace('  - minio-operator.yaml\n', '  - minio-operator.yaml\n  - redis-operator.yaml\n'),
      );
      expect(out.filesChanged).toEqual([
        'components/platform-operators/kustomization.yaml',
        'components/platform-operators/redis-operator.yaml',
      ]);
      expect(out.changed).toBe(true);
      expect(out.diff).toContain('+  - redis-operator.yaml');
      expect(out.diff).toContain('--- /dev/null\n+++ b/components/platform-operators/redis-operator.yaml');
    });

    it('is idempotent: a second identical run changes nothing', async () => {
      await runAction(action, ws.workspacePath, redis);
      const snap = snapshotTree(ws.repo);
      const out = await runAction(action, ws.workspacePath, redis);
      expect(out.changed).toBe(false);
      expect(out.filesChanged).toEqual([]);
      expect(out.diff).toBe('');
      expect(snapshotTree(ws.repo)).toEqual(snap);
    });

    it('dry-run outputs the diff and writes nothing', async () => {
      const snap = snapshotTree(ws.repo);
      const out = await runAction(action, ws.workspacePath, redis, { dryRun: true });
      expect(out.diff).toContain('+kind: HelmRelease');
      expect(out.filesChanged).toHaveLength(2);
      expect(snapshotTree(ws.repo)).toEqual(snap);
    });

    it('reuses an existing HelmRepository for the same URL (trailing slash ignored), preferring the one in the release namespace', async () => {
      const out = await runAction(action, ws.workspacePath, {
        ...redis,
        name: 'airflow-extra',
        layer: 'orchestration',
        // Also present in ml-lifecycle: the one in the release's namespace wins.
        helmRepoUrl: 'oci://registry-1.docker.io/bitnamicharts/',
        chart: 'redis',
        version: '~20.1',
      });
      expect(out.helmRepositoryName).toBe('bitnami');
      const written = ws.read('components/orchestration/airflow-extra.yaml');
      expect(written).not.toMatch(/^kind: HelmRepository/m);
      expect(written).toContain('sourceRef:\n        kind: HelmRepository\n        name: bitnami\n');
      expect(written).toContain('version: ~20.1');
    });

    it('puts a release where the releases of its namespace are (discovered folder)', async () => {
      fs.writeFileSync(
        path.join(ws.repo, 'components/ml-lifecycle/extra.yaml'),
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: ml-lifecycle\n',
      );
      const out = await runAction(action, ws.workspacePath, {
        ...redis,
        name: 'mlflow-gateway',
        layer: undefined,
        namespace: 'ml-lifecycle',
      });
      expect(out.releasePath).toBe('components/ml-lifecycle/mlflow-gateway.yaml');
    });

    it('refuses an existing release with different content unless overwrite, and keeps other documents', async () => {
      const snap = snapshotTree(ws.repo);
      const input = {
        ...redis,
        name: 'strimzi-operator',
        chart: 'strimzi-kafka-operator',
        version: '0.49.0',
        helmRepoUrl: 'https://strimzi.io/charts/',
      };
      await expect(runAction(action, ws.workspacePath, input)).rejects.toThrow(
        /name: a HelmRelease 'strimzi-operator' already exists in namespace 'platform-operators'.*overwrite/,
      );
      expect(snapshotTree(ws.repo)).toEqual(snap);
      const out = await runAction(action, ws.workspacePath, { ...input, overwrite: true });
      expect(out.filesChanged).toEqual(['components/platform-operators/strimzi-operator.yaml']);
      const text = ws.read('components/platform-operators/strimzi-operator.yaml');
      // The HelmRepository document and the file's header comment survive.
      expect(text).toMatch(/^# Strimzi: runs Kafka clusters/);
      expect(text).toContain('kind: HelmRepository\nmetadata:\n  name: strimzi\n');
      expect(text).toContain('version: 0.49.0');
    });

    it.each(examples.map(e => [e.description, e.example]))('example: %s', async (_d, example) => {
      const out = await runAction(action, ws.workspacePath, exampleInput(example));
      expect(out.changed).toBe(true);
      for (const f of out.filesChanged) {
        expect(fs.existsSync(path.join(ws.repo, f))).toBe(true);
      }
    });

    it('writes an OCI HelmRepository with spec.type oci', async () => {
      await runAction(action, ws.workspacePath, exampleInput(examples[1].example));
      expect(ws.read('components/observability/loki.yaml')).toContain(
        'spec:\n  type: oci\n  interval: 12h\n  url: oci://ghcr.io/grafana/helm-charts\n',
      );
    });
  });

  describe('on a differently laid out Flux repo', () => {
    beforeEach(() => {
      ws = makeWorkspace(FLUX_REPO_FIXTURE);
    });

    it('finds the folder from existing releases, keeps flush list style, comments and unsorted order', async () => {
      const out = await runAction(action, ws.workspacePath, {
        ...redis,
        helmRepoUrl: 'https://strimzi.io/charts/',
        name: 'kafka-bridge',
        chart: 'strimzi-kafka-bridge',
        version: '0.1.0',
      });
      expect(out.releasePath).toBe('infrastructure/controllers/kafka-bridge.yaml');
      expect(out.helmRepositoryNamespace).toBe('flux-system');
      expect(ws.read('infrastructure/controllers/kustomization.yaml')).toBe(`apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
# Operators. Entries are unsorted on purpose: the order is the install order
# people read top to bottom.
resources:
- kafka-bridge.yaml
- strimzi.yaml
# MinIO after Strimzi
- minio.yaml
`);
      expect(ws.read('infrastructure/controllers/kafka-bridge.yaml')).toContain(
        '      sourceRef:\n        kind: HelmRepository\n        name: strimzi\n        namespace: flux-system\n',
      );
    });
  });

  describe('bad input: a clear error naming the field, nothing written', () => {
    beforeEach(() => {
      ws = makeWorkspace(REFERENCE_GITOPS);
    });

    it.each([
      ['upper-case name', { name: 'Redis' }, /name: must be a DNS-1123 label/],
      ['spaced name', { name: 'redis operator' }, /name: must be a DNS-1123 label/],
      ['path separator in name', { name: 'a/b' }, /name: must be a DNS-1123 label/],
      ['.. in name', { name: '..' }, /name: must be a DNS-1123 label/],
      ['unknown namespace', { layer: undefined, namespace: 'default' }, /namespace: must be one of the platform's namespaces/],
      ['unknown layer', { layer: 'storage' }, /layer: Invalid enum value/],
      ['namespace of another layer', { namespace: 'data-plane' }, /namespace: 'data-plane' is not the namespace of layer 'platform-operators'/],
      ['bad version', { version: 'latest' }, /version: must be a semver version/],
      ['newline in version', { version: '1.0.0\n' }, /version: must be a semver/],
      ['newline in description', { description: 'a\nb: c' }, /description: must be a single line/],
      ['invalid values YAML', { values: 'a: [b' }, /values: not valid YAML/],
      ['values not a mapping', { values: '- a\n- b' }, /values: must be a YAML mapping/],
      ['values with a language-specific tag', { values: 'x: !!python/object:os.system ls' }, /values: .*tag/i],
      ['values against schema', { values: 'replicas: two', valuesSchema: '{"properties":{"replicas":{"type":"integer"}}}' }, /values: do not match the chart's values schema: values\/replicas must be integer/],
      ['invalid schema JSON', { valuesSchema: '{' }, /valuesSchema: not valid JSON/],
      ['repo URL with a space', { helmRepoUrl: 'https://a b' }, /helmRepoUrl: host 'a b' must be a public DNS name/],
      ['absolute repoPath', { repoPath: '/etc' }, /repoPath: must be a path relative to the workspace/],
      ['.. in path', { path: '../../etc' }, /path: must not contain '\.\.'/],
      ['a path whose folder has no kustomization.yaml', { path: 'base/..x' }, /path: folder 'base\/\.\.x' has no kustomization.yaml/],
    ])('%s', async (_label, patch, message) => {
      const snap = snapshotTree(ws.workspacePath);
      await expect(
        runAction(action, ws.workspacePath, { ...redis, ...patch }),
      ).rejects.toThrow(message);
      expect(snapshotTree(ws.workspacePath)).toEqual(snap);
    });

    it('a folder without kustomization.yaml', async () => {
      fs.mkdirSync(path.join(ws.repo, 'extra'));
      await expect(
        runAction(action, ws.workspacePath, { ...redis, path: 'extra' }),
      ).rejects.toThrow("path: folder 'extra' has no kustomization.yaml");
      expect(fs.readdirSync(path.join(ws.repo, 'extra'))).toEqual([]);
    });

    it('a symlink escaping the workspace', async () => {
      fs.symlinkSync('/tmp', path.join(ws.repo, 'escape'));
      await expect(
        runAction(action, ws.workspacePath, { ...redis, path: 'escape/x' }),
      ).rejects.toThrow(/path: 'escape\/x' resolves through a symbolic link to outside the workspace/);
    });

    it('restores the workspace when a write fails half-way', async () => {
      const snap = snapshotTree(ws.repo);
      // A read-only kustomization.yaml makes the second write fail after the
      // release file was written.
      const k = path.join(ws.repo, 'components/platform-operators/kustomization.yaml');
      const realWrite = jest.requireActual('node:fs/promises').writeFile;
      const spy = jest
        .spyOn(require('node:fs/promises'), 'writeFile')
        .mockImplementation(async (...args: any[]) => {
          if (args[0] === k) throw new Error('disk full');
          return realWrite(...args);
        });
      try {
        await expect(runAction(action, ws.workspacePath, redis)).rejects.toThrow('disk full');
      } finally {
        spy.mockRestore();
      }
      expect(snapshotTree(ws.repo)).toEqual(snap);
    });
  });
});
