/**
 * Node-side code shared by the MLOps Portal backend plugins and modules:
 * cluster access (cluster config from the same
 * `kubernetes.clusterLocatorMethods` the Kubernetes plugin reads, watch
 * caches per cluster and kind, patches and events), and the local ML project
 * repositories' catalog locations (written by the scaffolder module, read by
 * the catalog module), and which catalog origins are trusted to decide
 * ownership (the MLOps backend and the scaffolder module's promotion).
 *
 * @packageDocumentation
 */

export * from './config/readClusterConfig';
export {
  MLOPS_PROVIDER_ORIGIN_PREFIX,
  ML_PROJECT_ORIGIN_PREFIX,
  readOwnershipConfig,
  isTrustedOrigin,
  type OwnershipConfig,
} from './config/readOwnershipConfig';
export { Backoff } from './cluster/backoff';
export { buildKubeConfig } from './cluster/kubeConfig';
export {
  mapKubeError,
  kubeErrorStatus,
  ClusterTimeoutError,
  isClusterTimeout,
} from './cluster/errors';
export {
  watchStream,
  type WatchStreamEnd,
  type WatchStreamOptions,
} from './cluster/watchStream';
export { withRequestTimeout } from './cluster/requestTimeout';
export {
  MAX_LABEL_SELECTOR_LENGTH,
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
export {
  ML_PROJECT_LOCATION_TYPE,
  CATALOG_INFO_FILE,
  readMlProjectsLocalConfig,
  checkCatalogInfoTarget,
  type MlProjectsLocalConfig,
} from './mlProjects/localProjectRepos';
export {
  PodCache,
  slimPod,
  toCachedPod,
  type CachedPod,
  type PodChange,
  type PodWatchState,
  type PodCacheOptions,
} from './cluster/PodCache';
export {
  HELM_RELEASE_SECRET_TYPE,
  decodeHelmReleaseSecret,
  helmStorageSecretName,
  readHelmReleaseRevision,
  type HelmReleaseRevision,
} from './cluster/helmStorage';
export * from './changePreview';
