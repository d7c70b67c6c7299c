import { SelectorError, compileFieldSelector, compileLabelSelector } from './selectors';

const pod = (labels: Record<string, string>) => ({ metadata: { name: 'p', namespace: 'ns', labels } });

describe('compileLabelSelector', () => {
  it.each([
    ['app=web', { app: 'web' }, true],
    ['app==web', { app: 'web' }, true],
    ['app=web', { app: 'db' }, false],
    ['app!=web', { app: 'db' }, true],
    ['app!=web', {}, true],
    ['app!=web', { app: 'web' }, false],
    ['tier in (airflow, mlflow)', { tier: 'airflow' }, true],
    ['tier in (airflow,mlflow)', { tier: 'kafka' }, false],
    ['tier notin (airflow)', { tier: 'kafka' }, true],
    ['tier notin (airflow)', {}, true],
    ['tier notin (airflow)', { tier: 'airflow' }, false],
    ['helm.toolkit.fluxcd.io/name', { 'helm.toolkit.fluxcd.io/name': 'airflow' }, true],
    ['!helm.toolkit.fluxcd.io/name', { 'helm.toolkit.fluxcd.io/name': 'airflow' }, false],
    ['tier=airflow,component in (scheduler,worker),release', { tier: 'airflow', component: 'worker', release: 'a' }, true],
    ['tier=airflow,component in (scheduler,worker),release', { tier: 'airflow', component: 'worker' }, false],
  ])('%s against %j is %s', (selector, labels, expected) => {
    expect(compileLabelSelector(selector)!(pod(labels))).toBe(expected);
  });

  it('returns undefined for an empty selector', () => {
    expect(compileLabelSelector('')).toBeUndefined();
  });

  it('rejects malformed requirements like the API server', () => {
    expect(() => compileLabelSelector('a b c')).toThrow(SelectorError);
  });
});

describe('compileFieldSelector', () => {
  const event = {
    metadata: { name: 'e1', namespace: 'flux-system' },
    involvedObject: { kind: 'Kustomization', name: 'base', namespace: 'flux-system' },
    type: 'Warning',
  };

  it('matches events by involvedObject fields', () => {
    const p = compileFieldSelector('involvedObject.kind=Kustomization,involvedObject.name=base,involvedObject.namespace=flux-system', 'Event')!;
    expect(p(event)).toBe(true);
    expect(p({ ...event, involvedObject: { ...event.involvedObject, name: 'other' } })).toBe(false);
  });

  it('supports != and metadata fields', () => {
    expect(compileFieldSelector('metadata.name!=e1', 'Event')!(event)).toBe(false);
    expect(compileFieldSelector('metadata.namespace=flux-system', 'Kustomization')!(event)).toBe(true);
  });

  it('refuses fields the kind does not index', () => {
    expect(() => compileFieldSelector('involvedObject.name=x', 'Pod')).toThrow(/not a known field selector/);
  });
});
