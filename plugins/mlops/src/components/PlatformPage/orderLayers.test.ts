import type { LayerOverview } from '@mlops-portal/plugin-mlops-common';
import { orderLayers } from './orderLayers';

const layer = (id: string, dependsOn: string[]): LayerOverview => ({
  id,
  title: id,
  namespace: id,
  systemRef: `system:default/${id}`,
  dependsOn,
  status: 'Ready',
  counts: { Ready: 0, Progressing: 0, Failed: 0, Suspended: 0, Unknown: 0 },
  entities: [],
});

describe('orderLayers', () => {
  it('puts every layer after its dependencies, as close to its given place as possible', () => {
    const out = orderLayers([
      layer('processing', ['orchestration', 'ml']),
      layer('observability', ['gitops']),
      layer('ml', ['data']),
      layer('orchestration', ['data']),
      layer('data', ['operators']),
      layer('operators', ['gitops']),
      layer('gitops', []),
    ]).map(l => l.id);
    expect(out).toEqual([
      'gitops',
      'operators',
      'data',
      'orchestration',
      'ml',
      'processing',
      'observability',
    ]);
  });

  it('survives cycles and unknown dependencies', () => {
    const out = orderLayers([
      layer('a', ['b']),
      layer('b', ['a']),
      layer('c', ['missing']),
    ]).map(l => l.id);
    expect(out).toEqual(['b', 'a', 'c']);
  });
});
