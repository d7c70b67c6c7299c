import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import { MLOPS_SIGNAL_CHANNEL, type MlopsStatusSignal } from '@mlops-portal/plugin-mlops-common';
import type { MlopsClustersService } from '@mlops-portal/plugin-mlops-node';
import type { EntityIndex } from '../EntityIndex';
import type { DriftEventChange } from './DriftEventWatcher';

/**
 * Pushes new drift events to browsers as a status signal naming the clusters
 * and the entities that own the HelmReleases, like a change seen by the
 * watches: pages showing those entities (the Desired vs live tab, the
 * platform page's drift counts) refetch. The signal carries names only; what
 * a browser then reads goes through the routes' permission checks, so a user
 * sees the new counts of the entities they may read and nothing else.
 */
export function publishDriftSignal(
  deps: {
    clusters: MlopsClustersService;
    entities: EntityIndex;
    signals: SignalsService;
    logger: LoggerService;
    now?: () => Date;
  },
  changes: DriftEventChange[],
): void {
  const clusters = new Set<string>();
  const refs = new Set<string>();
  for (const c of changes) {
    clusters.add(c.cluster);
    const ref = { cluster: c.cluster, kind: 'HelmRelease', namespace: c.namespace, name: c.name };
    for (const owner of deps.entities.ownersOf(deps.clusters.getObject(ref) ?? ref)) refs.add(owner);
  }
  const message: MlopsStatusSignal = {
    type: 'changed',
    clusters: [...clusters],
    entityRefs: [...refs],
    at: (deps.now?.() ?? new Date()).toISOString(),
  };
  deps.signals
    .publish<any>({ recipients: { type: 'broadcast' }, channel: MLOPS_SIGNAL_CHANNEL, message })
    .catch(e => deps.logger.warn(`could not publish drift signal: ${(e as Error).message}`));
}
