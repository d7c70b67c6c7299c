import {
  substituteObject,
  substituteString,
  substitutionVariables,
} from './substitute';
import { ManifestObject } from './types';

const obj = (
  spec: any,
  annotations?: Record<string, string>,
): ManifestObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'x', namespace: 'flux-system', annotations },
  spec,
  source: { path: 'x.yaml', document: 0 },
});

describe('substituteString', () => {
  it.each([
    ['${A}', { A: '1' }, '1'],
    ['${A:=3}', {}, '3'],
    ['${A:-3}', {}, '3'],
    ['${A:=3}', { A: '5' }, '5'],
    ['${A:=3}', { A: '' }, '3'],
    ['${A=3}', { A: '' }, ''],
    ['${MISSING}', {}, '${MISSING}'],
    [
      'host-${ENV:=dev}.${DOMAIN:=example.com}',
      { DOMAIN: 'corp.io' },
      'host-dev.corp.io',
    ],
    ['$${A}', { A: '1' }, '${A}'],
  ])('%s with %j gives %s', (input, vars, expected) => {
    expect(substituteString(input, vars as Record<string, string>)).toBe(
      expected,
    );
  });
});

describe('substituteObject', () => {
  it('replaces string values and keeps the source', () => {
    const out = substituteObject(
      obj({ replicas: '${R:=1}', list: ['${R:=1}'] }),
      { R: '3' },
    );
    expect(out.spec).toEqual({ replicas: '3', list: ['3'] });
    expect(out.source).toEqual({ path: 'x.yaml', document: 0 });
  });

  it('leaves objects that opt out alone', () => {
    const o = obj(
      { a: '${R:=1}' },
      { 'kustomize.toolkit.fluxcd.io/substitute': 'disabled' },
    );
    expect(substituteObject(o, { R: '3' }).spec).toEqual({ a: '${R:=1}' });
  });
});

describe('substitutionVariables', () => {
  it('takes substituteFrom ConfigMaps in order, then the inline map wins', () => {
    const ks = obj({
      postBuild: {
        substitute: { B: 'inline' },
        substituteFrom: [
          { kind: 'ConfigMap', name: 'one' },
          { kind: 'Secret', name: 'secret' },
          { kind: 'ConfigMap', name: 'missing', optional: true },
        ],
      },
    });
    const cm = { ...obj(undefined), data: { A: 'a', B: 'cm' } };
    const vars = substitutionVariables(ks, (ns, name) =>
      ns === 'flux-system' && name === 'one' ? cm : undefined,
    );
    expect(vars).toEqual({ A: 'a', B: 'inline' });
  });
});
