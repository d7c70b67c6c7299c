import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inventoryId, loadGitops, substituteVariables } from './gitops';

const FIXTURE = path.join(__dirname, '__fixtures__', 'gitops');

describe('substituteVariables', () => {
  it.each([
    ['${A}', { A: 'x' }, 'x'],
    ['${A}', {}, ''],
    ['${A:=d}', {}, 'd'],
    ['${A:=d}', { A: '' }, 'd'],
    ['${A:-d}', { A: 'x' }, 'x'],
    ['${A=d}', { A: '' }, ''],
    ['$${A}', { A: 'x' }, '${A}'],
    ['${A} and ${B:=0 2 * * *}', { A: 'a' }, 'a and 0 2 * * *'],
  ])('%s with %j gives %s', (text, vars, expected) => {
    expect(substituteVariables(text, vars as Record<string, string>)).toBe(expected);
  });
});

describe('loadGitops', () => {
  const objects = loadGitops(FIXTURE);
  const find = (kind: string, name: string) => objects.find(o => o.obj.kind === kind && o.obj.metadata.name === name);

  it('applies bootstrap Flux objects and what each Kustomization builds', () => {
    expect(find('GitRepository', 'flux-system')).toBeDefined();
    expect(find('ConfigMap', 'settings')?.appliedBy).toEqual({ name: 'flux-system', namespace: 'flux-system' });
    // apps/ has no kustomization.yaml: every YAML below it is applied, as kustomize-controller generates one.
    expect(find('HelmRelease', 'airflow')?.appliedBy?.name).toBe('apps');
    expect(find('SparkApplication', 'nightly-features')?.obj.metadata.labels).toMatchObject({
      'kustomize.toolkit.fluxcd.io/name': 'apps',
      'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
    });
  });

  it('substitutes postBuild variables: inline substitute over substituteFrom, defaults, escapes', () => {
    expect(find('KafkaNodePool', 'broker')?.obj.spec.replicas).toBe(1);
    expect(find('KafkaTopic', 'events')?.obj.spec.partitions).toBe(6);
    expect(find('KafkaTopic', 'events')?.obj.spec.config['retention.ms']).toBe(604800000);
    expect(find('Kafka', 'platform-kafka')?.obj.metadata.annotations['example.com/literal']).toBe('${NOT_A_VAR}');
  });

  it('builds inventory ids as <namespace>_<name>_<group>_<kind>', () => {
    expect(inventoryId(find('Kafka', 'platform-kafka')!.obj)).toBe('data-plane_platform-kafka_kafka.strimzi.io_Kafka');
    expect(inventoryId(find('Namespace', 'data-plane')!.obj)).toBe('_data-plane__Namespace');
  });

  it('fails clearly for a missing directory', () => {
    expect(() => loadGitops(path.join(FIXTURE, 'nope'))).toThrow(/does not exist/);
  });
});

describe('loadGitops on a hostile repository', () => {
  // What a merged change could hold: links and paths that lead out of the repository.
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-sim-hostile-'));
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: apps\ndata:\n  a: b\n`;
    const kustomization = (name: string, specPath: string) =>
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  path: ${specPath}\n  sourceRef:\n    kind: GitRepository\n    name: repo\n`;
    write('outside/secret.yaml', configMap('outside-file'));
    write('repo/gitops/clusters/apps.yaml', kustomization('apps', './gitops/apps'));
    write('repo/gitops/clusters/escape.yaml', kustomization('escape', '../../outside'));
    write(
      'repo/gitops/apps/kustomization.yaml',
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - app.yaml\n  - ../../../outside/secret.yaml\n  - linked-dir\n',
    );
    write('repo/gitops/apps/app.yaml', configMap('app'));
    fs.symlinkSync(path.join(dir, 'outside'), path.join(dir, 'repo/gitops/apps/linked-dir'));
    write('repo/gitops/loose/kept.yaml', configMap('loose'));
    fs.symlinkSync(path.join(dir, 'outside/secret.yaml'), path.join(dir, 'repo/gitops/loose/linked.yaml'));
    write('repo/gitops/clusters/loose.yaml', kustomization('loose', './gitops/loose'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('follows no spec.path, resource or symbolic link out of the repository', () => {
    const objects = loadGitops(path.join(dir, 'repo/gitops'), { repoRoot: path.join(dir, 'repo') });
    const configMaps = objects.filter(o => o.obj.kind === 'ConfigMap').map(o => o.obj.metadata.name).sort();
    expect(configMaps).toEqual(['app', 'loose']);
    expect(objects.filter(o => o.appliedBy?.name === 'escape')).toEqual([]);
  });

  it('does follow the same files when they are inside the repository root', () => {
    // The control: with the whole folder as the root, the resource path is inside and is read.
    const objects = loadGitops(path.join(dir, 'repo/gitops'), { repoRoot: dir });
    expect(objects.map(o => o.obj.metadata.name)).toContain('outside-file');
  });
});
