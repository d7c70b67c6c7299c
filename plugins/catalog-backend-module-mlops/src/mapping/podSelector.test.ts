import { ManifestObject } from '../reader/types';
import { helmPodSelector, helmReleaseName } from './podSelector';

function hr(
  name: string,
  spec: Record<string, unknown>,
  chart = 'mlflow',
): ManifestObject {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name, namespace: 'apps' },
    spec: { chart: { spec: { chart } }, ...spec },
  } as ManifestObject;
}

describe('helmReleaseName (helm-controller GetReleaseName)', () => {
  it('uses spec.releaseName first', () => {
    expect(
      helmReleaseName(hr('a', { releaseName: 'rel', targetNamespace: 'ns' })),
    ).toBe('rel');
  });
  it('prefixes the target namespace when one is set', () => {
    expect(helmReleaseName(hr('a', { targetNamespace: 'ns' }))).toBe('ns-a');
  });
  it('else is the object name', () => {
    expect(helmReleaseName(hr('a', {}))).toBe('a');
  });
});

describe('helmPodSelector', () => {
  it('defaults to app.kubernetes.io/instance=<release>', () => {
    expect(helmPodSelector(hr('mlflow', { targetNamespace: 'ml' }))).toBe(
      'app.kubernetes.io/instance=ml-mlflow',
    );
  });
  it('uses the built-in table for charts with their own pod labels', () => {
    expect(
      helmPodSelector(hr('strimzi', {}, 'strimzi-kafka-operator')),
    ).toBe('name=strimzi-cluster-operator');
    expect(
      helmPodSelector(hr('af', { releaseName: 'airflow-prod' }, 'airflow')),
    ).toBe('release=airflow-prod');
  });
  it('lets config add and replace entries', () => {
    const overrides = { airflow: 'tier=airflow,release={release}', x: 'app={release}' };
    expect(helmPodSelector(hr('af', {}, 'airflow'), overrides)).toBe(
      'tier=airflow,release=af',
    );
    expect(helmPodSelector(hr('y', {}, 'x'), overrides)).toBe('app=y');
  });
  it('ignores inherited object keys as chart names', () => {
    expect(helmPodSelector(hr('c', {}, 'constructor'))).toBe(
      'app.kubernetes.io/instance=c',
    );
  });
});
