import { ObjectRef } from '@mlops-portal/plugin-mlops-common';
import type { MlopsClustersService } from '@mlops-portal/plugin-mlops-node';
import { FluxObjectLister } from './mapDriftEntities';

const FLUX_KINDS = [
  'Kustomization',
  'HelmRelease',
  'GitRepository',
  'HelmRepository',
  'OCIRepository',
  'Bucket',
];

/**
 * Lists Flux objects from the shared cluster watch caches of
 * `@mlops-portal/plugin-mlops-node`. Only (cluster, kind) pairs whose cache is
 * in sync (`watching`) are listed: a cluster that is down or still listing
 * says nothing about drift, rather than "everything is gone".
 * @public
 */
export function createClusterFluxObjectLister(
  clusters: Pick<MlopsClustersService, 'getClusterStates' | 'listObjects'>,
): FluxObjectLister {
  return {
    async listFluxObjects(): Promise<ObjectRef[]> {
      const out: ObjectRef[] = [];
      for (const state of clusters.getClusterStates()) {
        for (const kind of FLUX_KINDS) {
          const k = state.kinds.find(x => x.kind === kind);
          if (k?.state !== 'watching') continue;
          for (const o of clusters.listObjects({ cluster: state.name, kind })) {
            out.push({
              cluster: o.cluster,
              kind: o.kind,
              namespace: o.namespace,
              name: o.name,
            });
          }
        }
      }
      return out;
    },
  };
}
