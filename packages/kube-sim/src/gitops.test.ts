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
