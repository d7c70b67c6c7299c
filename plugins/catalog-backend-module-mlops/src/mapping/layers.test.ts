import { LayerRule } from '../config/readProviderConfigs';
import { ManifestObject } from '../reader/types';
import { createLayerResolver, layerRuleOf } from './layers';

const obj = (
  kind: string,
  name: string,
  namespace: string,
  extra: Partial<ManifestObject> = {},
): ManifestObject => ({
  apiVersion: kind === 'Kustomization' ? 'kustomize.toolkit.fluxcd.io/v1' : 'v1',
  kind,
  metadata: { name, namespace, ...(extra.metadata ?? {}) },
  source: { path: 'apps/x.yaml', document: 0 },
  ...extra,
} as ManifestObject);

const rule = (id: string, match: Partial<LayerRule['match']>): LayerRule => ({
  id,
  title: id,
  namespace: '',
  description: '',
  dependsOn: [],
  match: { namespaces: [], folders: [], kustomizations: [], labels: {}, ...match },
});

function resolver(rules: LayerRule[], autoLayers: 'kustomization' | 'namespace' | 'none' = 'kustomization', namespaces: ManifestObject[] = []) {
  return createLayerResolver({
    rules,
    autoLayers,
    namespaces: new Map(namespaces.map(n => [n.metadata.name, n])),
    kustomizations: new Map(),
  });
}

describe('createLayerResolver', () => {
  it('matches namespace globs, folders, Kustomizations and labels, first rule first', () => {
    const r = resolver([
      rule('data', { namespaces: ['kafka-*', 'minio'] }),
      rule('infra', { folders: ['infrastructure'] }),
      rule('apps', { kustomizations: ['flux-system/apps'] }),
      rule('tenants', { labels: { tenant: 'a' } }),
    ]);
    expect(r.layerOf(obj('ConfigMap', 'x', 'kafka-prod'), 'kafka-prod', false)).toBe('data');
    expect(r.layerOf(obj('ConfigMap', 'x', 'kafka'), 'kafka', false)).not.toBe('data');
    expect(
      r.layerOf(obj('ConfigMap', 'x', 'n', { source: { path: 'infrastructure/nginx/a.yaml', document: 0 } }), 'n', false),
    ).toBe('infra');
    // `infrastructure` does not match `infrastructure-old/`.
    expect(
      r.layerOf(obj('ConfigMap', 'x', 'n', { source: { path: 'infrastructure-old/a.yaml', document: 0 } }), 'n', false),
    ).not.toBe('infra');
    expect(r.layerOf(obj('ConfigMap', 'x', 'n', { appliedBy: { namespace: 'flux-system', name: 'apps' } }), 'n', false)).toBe('apps');
    expect(r.layerOf(obj('Kustomization', 'apps', 'flux-system'), 'flux-system', true)).toBe('apps');
    expect(r.layerOf(obj('ConfigMap', 'x', 'n', { metadata: { name: 'x', labels: { tenant: 'a' } } }), 'n', false)).toBe('tenants');
  });

  it("counts the Namespace's labels, and the layer label before any rule", () => {
    const ns = obj('Namespace', 'team-a', '', { metadata: { name: 'team-a', labels: { tenant: 'a' } } });
    const r = resolver([rule('tenants', { labels: { tenant: 'a' } }), rule('all', { namespaces: ['*'] })], 'none', [ns]);
    expect(r.layerOf(obj('ConfigMap', 'x', 'team-a'), 'team-a', false)).toBe('tenants');
    expect(
      r.layerOf(obj('ConfigMap', 'x', 'team-a', { metadata: { name: 'x', labels: { 'mlops-portal.io/layer': 'special' } } }), 'team-a', false),
    ).toBe('special');
    expect(r.layers().map(l => l.id)).toEqual(['tenants', 'all', 'special']);
  });

  it('makes layers per Kustomization or ResourceSet, per namespace, or none', () => {
    const applied = obj('ConfigMap', 'x', 'shop', { appliedBy: { namespace: 'flux-system', name: 'apps' } });
    const generated = obj('ConfigMap', 'y', 'shop', { generatedBy: { namespace: 'flux-system', name: 'tenants' } });
    const walked = obj('ConfigMap', 'z', 'shop');
    const byKs = resolver([], 'kustomization');
    expect([byKs.layerOf(applied, 'shop', false), byKs.layerOf(generated, 'shop', false), byKs.layerOf(walked, 'shop', false)]).toEqual([
      'apps',
      'tenants',
      'shop',
    ]);
    expect(resolver([], 'namespace').layerOf(applied, 'shop', false)).toBe('shop');
    expect(resolver([], 'none').layerOf(applied, 'shop', false)).toBeUndefined();
  });

  it('puts Flux objects no rule places into the control-plane layer', () => {
    const r = createLayerResolver({
      rules: [rule('cp', {})],
      autoLayers: 'kustomization',
      controlPlaneLayer: 'cp',
      namespaces: new Map(),
      kustomizations: new Map(),
    });
    expect(r.layerOf(obj('Kustomization', 'k', 'flux-system'), 'flux-system', true)).toBe('cp');
    expect(r.layerOf(obj('ConfigMap', 'c', 'flux-system'), 'flux-system', false)).toBe('flux-system');
  });

  it('treats glob patterns as globs only (no regular expressions)', () => {
    const r = resolver([rule('x', { namespaces: ['a.b'] })], 'none');
    expect(r.layerOf(obj('ConfigMap', 'c', 'aXb'), 'aXb', false)).toBeUndefined();
    expect(r.layerOf(obj('ConfigMap', 'c', 'a.b'), 'a.b', false)).toBe('x');
  });

  it('turns a plain layer definition into a rule on its namespace', () => {
    expect(layerRuleOf({ id: 'a', title: 'A', namespace: 'ns', description: '', dependsOn: [] }).match).toEqual({
      namespaces: ['ns'],
      folders: [],
      kustomizations: [],
      labels: {},
    });
  });
});
