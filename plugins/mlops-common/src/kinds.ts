/**
 * The kinds the portal watches. Versions are listed newest first; the served
 * version is picked by discovery, these are only the ones whose fields the
 * status rules understand.
 * @public
 */
export interface WatchedKind {
  group: string;
  kind: string;
  plural: string;
  versions: string[];
  namespaced: boolean;
  /** Flux kinds support reconcile / suspend / resume. */
  flux: boolean;
}

/** @public */
export const WATCHED_KINDS: WatchedKind[] = [
  { group: 'source.toolkit.fluxcd.io', kind: 'GitRepository', plural: 'gitrepositories', versions: ['v1', 'v1beta2'], namespaced: true, flux: true },
  { group: 'source.toolkit.fluxcd.io', kind: 'HelmRepository', plural: 'helmrepositories', versions: ['v1', 'v1beta2'], namespaced: true, flux: true },
  { group: 'source.toolkit.fluxcd.io', kind: 'OCIRepository', plural: 'ocirepositories', versions: ['v1', 'v1beta2'], namespaced: true, flux: true },
  { group: 'source.toolkit.fluxcd.io', kind: 'HelmChart', plural: 'helmcharts', versions: ['v1', 'v1beta2'], namespaced: true, flux: true },
  { group: 'source.toolkit.fluxcd.io', kind: 'Bucket', plural: 'buckets', versions: ['v1', 'v1beta2'], namespaced: true, flux: true },
  { group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization', plural: 'kustomizations', versions: ['v1', 'v1beta2'], namespaced: true, flux: true },
  { group: 'helm.toolkit.fluxcd.io', kind: 'HelmRelease', plural: 'helmreleases', versions: ['v2', 'v2beta2', 'v2beta1'], namespaced: true, flux: true },
  { group: 'kafka.strimzi.io', kind: 'Kafka', plural: 'kafkas', versions: ['v1', 'v1beta2'], namespaced: true, flux: false },
  { group: 'kafka.strimzi.io', kind: 'KafkaNodePool', plural: 'kafkanodepools', versions: ['v1', 'v1beta2'], namespaced: true, flux: false },
  { group: 'kafka.strimzi.io', kind: 'KafkaTopic', plural: 'kafkatopics', versions: ['v1', 'v1beta2'], namespaced: true, flux: false },
  { group: 'minio.min.io', kind: 'Tenant', plural: 'tenants', versions: ['v2'], namespaced: true, flux: false },
  { group: 'sparkoperator.k8s.io', kind: 'SparkApplication', plural: 'sparkapplications', versions: ['v1beta2'], namespaced: true, flux: false },
  { group: 'sparkoperator.k8s.io', kind: 'ScheduledSparkApplication', plural: 'scheduledsparkapplications', versions: ['v1beta2'], namespaced: true, flux: false },
  { group: 'flink.apache.org', kind: 'FlinkDeployment', plural: 'flinkdeployments', versions: ['v1beta1'], namespaced: true, flux: false },
  { group: 'flink.apache.org', kind: 'FlinkSessionJob', plural: 'flinksessionjobs', versions: ['v1beta1'], namespaced: true, flux: false },
  { group: 'monitoring.coreos.com', kind: 'Prometheus', plural: 'prometheuses', versions: ['v1'], namespaced: true, flux: false },
  { group: 'monitoring.coreos.com', kind: 'Alertmanager', plural: 'alertmanagers', versions: ['v1'], namespaced: true, flux: false },
  { group: 'apps', kind: 'Deployment', plural: 'deployments', versions: ['v1'], namespaced: true, flux: false },
  { group: 'apps', kind: 'StatefulSet', plural: 'statefulsets', versions: ['v1'], namespaced: true, flux: false },
];

/** Looks a watched kind up by its kind name. @public */
export function findWatchedKind(kind: string): WatchedKind | undefined {
  return WATCHED_KINDS.find(k => k.kind === kind);
}

/** Flux source kinds (have `status.artifact`). @public */
export const FLUX_SOURCE_KINDS = ['GitRepository', 'HelmRepository', 'OCIRepository', 'HelmChart', 'Bucket'];
