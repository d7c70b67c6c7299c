import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  MLOPS_SIGNAL_CHANNEL,
  type MlopsStatusSignal,
} from '@mlops-portal/plugin-mlops-common';
import type {
  ClusterChange,
  MlopsClustersService,
} from '@mlops-portal/plugin-mlops-node';
import type { EntityIndex } from './EntityIndex';

/** Above this many changed entities one signal says "everything on these clusters". */
const MAX_REFS = 200;

/**
 * Pushes cluster changes to browsers through Backstage signals, so no page
 * polls. The cluster service already batches changes (`mlops.watch.changeBatchMs`,
 * 250 ms by default); one batch becomes one signal. An empty `entityRefs`
 * with clusters means "reload everything on these clusters". A catalog
 * change the entity index picks up (an entity added by a merged GitOps
 * change, one removed, a new owner) is one signal too, for every cluster.
 */
export function startSignalPublisher(deps: {
  clusters: MlopsClustersService;
  entities: EntityIndex;
  signals: SignalsService;
  logger: LoggerService;
  now?: () => Date;
}): () => void {
  const publish = (clusters: string[], refs: Set<string> | undefined) => {
    const message: MlopsStatusSignal = {
      type: 'changed',
      clusters,
      entityRefs: refs ? [...refs] : [],
      at: (deps.now?.() ?? new Date()).toISOString(),
    };
    deps.signals
      .publish<any>({
        recipients: { type: 'broadcast' },
        channel: MLOPS_SIGNAL_CHANNEL,
        message,
      })
      .catch(e => deps.logger.warn(`could not publish status signal: ${(e as Error).message}`));
  };
  const stopClusters = deps.clusters.subscribe((batch: ClusterChange[]) => {
    const clusters = batch.map(c => c.cluster);
    const refs = new Set<string>();
    let overflow = false;
    for (const change of batch) {
      for (const { kind, key } of change.objects) {
        const [namespace, name] = key.includes('/') ? key.split('/') : [undefined, key];
        const cached = deps.clusters.getObject({ cluster: change.cluster, kind, namespace, name });
        // A deleted object is no longer cached: match it on its name only.
        for (const ref of deps.entities.ownersOf(
          cached ?? { cluster: change.cluster, kind, namespace, name },
        )) {
          refs.add(ref);
        }
        if (refs.size > MAX_REFS) {
          overflow = true;
          break;
        }
      }
    }
    publish(clusters, overflow ? undefined : refs);
  });
  const stopEntities = deps.entities.onChange(refs =>
    publish(deps.clusters.listClusterNames(), refs.length > MAX_REFS ? undefined : new Set(refs)),
  );
  return () => {
    stopClusters();
    stopEntities();
  };
}
