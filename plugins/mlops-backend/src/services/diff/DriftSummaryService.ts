import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { DriftSummary } from '@mlops-portal/plugin-mlops-common';
import type { MlopsClustersService } from '@mlops-portal/plugin-mlops-node';
import type { MlopsAuthorizer } from '../../permissions/MlopsAuthorizer';
import type { EntityIndex } from '../EntityIndex';

/**
 * Drift counted per layer: the objects with HelmRelease drift detected
 * (`Drifted` True, the `drifted` badge) of every entity the caller may
 * read, grouped by the entity's layer System.
 */
export class DriftSummaryService {
  constructor(private readonly deps: { clusters: MlopsClustersService; entities: EntityIndex; authorizer: MlopsAuthorizer }) {}

  async getSummary(cluster: string | undefined, credentials: BackstageCredentials): Promise<DriftSummary> {
    const all = this.deps.clusters.listClusterNames();
    if (cluster !== undefined && !all.includes(cluster)) throw new NotFoundError(`no cluster named '${cluster}' is configured`);
    const clusterNames = cluster ? [cluster] : all;
    const entities = this.deps.entities.list();
    const viewer = await this.deps.authorizer.viewer(credentials, () => entities.map(e => e.ref));
    const layers = new Map<string, DriftSummary['layers'][number]>();
    for (const e of entities) {
      if (e.kind === 'System' && e.layer) {
        if (!layers.has(e.ref)) layers.set(e.ref, { systemRef: e.ref, title: e.title, drifted: 0, objects: [] });
      }
    }
    for (const e of entities) {
      if (!viewer.canRead(e.ref)) continue;
      const layerRef = e.kind === 'System' && e.layer ? e.ref : e.systemRef;
      if (!layerRef) continue;
      for (const o of this.deps.entities.resolve(e, clusterNames).objects) {
        if (!o.summary.status.badges.includes('drifted')) continue;
        const layer = layers.get(layerRef) ?? { systemRef: layerRef, drifted: 0, objects: [] };
        layer.drifted += 1;
        layer.objects.push({ cluster: o.cluster, kind: o.kind, namespace: o.namespace, name: o.name, entityRef: e.ref, since: o.summary.status.since });
        layers.set(layerRef, layer);
      }
    }
    return { layers: [...layers.values()].sort((a, b) => b.drifted - a.drifted || a.systemRef.localeCompare(b.systemRef)) };
  }
}
