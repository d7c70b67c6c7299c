import type { LayerOverview } from '@mlops-portal/plugin-mlops-common';

/**
 * Orders layers so every layer comes after the layers it depends on, like the
 * platform guide's diagram, which reads top to bottom in deployment order.
 * A depth-first walk in the backend's order keeps the result stable and keeps
 * a layer as close as possible to its original position. Unknown
 * dependencies are ignored; a cycle is broken where it is found.
 */
export function orderLayers(layers: LayerOverview[]): LayerOverview[] {
  const byId = new Map(layers.map(l => [l.id, l]));
  const state = new Map<string, 'visiting' | 'placed'>();
  const result: LayerOverview[] = [];
  const visit = (layer: LayerOverview) => {
    if (state.has(layer.id)) return;
    state.set(layer.id, 'visiting');
    for (const dep of layer.dependsOn) {
      const d = byId.get(dep);
      if (d) visit(d);
    }
    state.set(layer.id, 'placed');
    result.push(layer);
  };
  layers.forEach(visit);
  return result;
}
