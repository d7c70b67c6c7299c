/**
 * Cluster access for the MLOps Portal backend plugins: cluster config (the
 * same `kubernetes.clusterLocatorMethods` the Kubernetes plugin reads), watch
 * caches per cluster and kind, patches and events.
 *
 * @packageDocumentation
 */

export * from './config/readClusterConfig';
export { Backoff } from './cluster/backoff';
export { buildKubeConfig } from './cluster/kubeConfig';
export { mapKubeError, kubeErrorStatus } from './cluster/errors';
export {
  parseLabelSelector,
  matchesLabelSelector,
  type LabelRequirement,
} from './cluster/labelSelector';
export {
  toCachedObject,
  objectKey,
  type CachedObject,
} from './cluster/summarize';
export {
  ClusterWatcher,
  type ClusterChange,
  type ClusterWatcherOptions,
  type DelayFn,
  type KindState,
} from './cluster/ClusterWatcher';
export {
  ClusterManager,
  type ClusterManagerOptions,
  type MlopsClustersService,
} from './cluster/ClusterManager';
export { mlopsClustersServiceRef } from './service';
