/**
 * The resource types the simulator serves, as discovery describes them.
 * Versions and plurals follow the upstream CRDs:
 * Flux https://fluxcd.io/flux/components/, Strimzi
 * https://strimzi.io/docs/operators/latest/configuring.html, MinIO operator
 * `minio.min.io/v2`, Spark operator `sparkoperator.k8s.io/v1beta2`, Flink
 * operator `flink.apache.org/v1beta1`, Prometheus operator
 * `monitoring.coreos.com/v1`.
 */

/**
 * One served resource type (a group/version/kind and its plural).
 * @public
 */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Whether the type has a `/status` subresource. */
  status?: boolean;
  /** A custom resource (served from a CRD): no strategic merge patch. */
  crd?: boolean;
}

const FLUX_CATEGORIES = ['all', 'flux'];
const VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
];

function crd(
  group: string,
  version: string,
  kind: string,
  plural: string,
  shortNames?: string[],
  categories?: string[],
): ResourceType {
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced: true,
    shortNames,
    categories,
    status: true,
    crd: true,
  };
}

/**
 * Every resource type the simulator serves, core and CRDs.
 * @public
 */
export const RESOURCE_TYPES: ResourceType[] = [
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', singular: 'namespace', namespaced: false, shortNames: ['ns'], status: true },
  { group: '', version: 'v1', kind: 'Pod', plural: 'pods', singular: 'pod', namespaced: true, shortNames: ['po'], categories: ['all'], status: true },
  { group: '', version: 'v1', kind: 'Event', plural: 'events', singular: 'event', namespaced: true, shortNames: ['ev'] },
  { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', singular: 'configmap', namespaced: true, shortNames: ['cm'] },
  { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', singular: 'secret', namespaced: true },
  { group: '', version: 'v1', kind: 'Service', plural: 'services', singular: 'service', namespaced: true, shortNames: ['svc'], categories: ['all'], status: true },
  { group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', singular: 'serviceaccount', namespaced: true, shortNames: ['sa'] },
  { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', singular: 'deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'], status: true },
  { group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', singular: 'statefulset', namespaced: true, shortNames: ['sts'], categories: ['all'], status: true },
  { group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', singular: 'replicaset', namespaced: true, shortNames: ['rs'], categories: ['all'], status: true },
  // Served (mostly empty) so the stock Backstage Kubernetes plugin's default object types all answer.
  { group: '', version: 'v1', kind: 'LimitRange', plural: 'limitranges', singular: 'limitrange', namespaced: true, shortNames: ['limits'] },
  { group: '', version: 'v1', kind: 'ResourceQuota', plural: 'resourcequotas', singular: 'resourcequota', namespaced: true, shortNames: ['quota'], status: true },
  { group: '', version: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', singular: 'persistentvolumeclaim', namespaced: true, shortNames: ['pvc'], status: true },
  { group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', singular: 'daemonset', namespaced: true, shortNames: ['ds'], categories: ['all'], status: true },
  { group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', singular: 'job', namespaced: true, categories: ['all'], status: true },
  { group: 'batch', version: 'v1', kind: 'CronJob', plural: 'cronjobs', singular: 'cronjob', namespaced: true, shortNames: ['cj'], categories: ['all'], status: true },
  { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', singular: 'horizontalpodautoscaler', namespaced: true, shortNames: ['hpa'], categories: ['all'], status: true },
  { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', plural: 'ingresses', singular: 'ingress', namespaced: true, shortNames: ['ing'], status: true },
  { group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', plural: 'networkpolicies', singular: 'networkpolicy', namespaced: true, shortNames: ['netpol'] },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', plural: 'clusterroles', singular: 'clusterrole', namespaced: false },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', singular: 'clusterrolebinding', namespaced: false },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', plural: 'roles', singular: 'role', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', plural: 'rolebindings', singular: 'rolebinding', namespaced: true },
  { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', singular: 'customresourcedefinition', namespaced: false, shortNames: ['crd', 'crds'] },
  // Flux (current versions only; see status-semantics.md)
  crd('source.toolkit.fluxcd.io', 'v1', 'GitRepository', 'gitrepositories', ['gitrepo'], FLUX_CATEGORIES),
  crd('source.toolkit.fluxcd.io', 'v1', 'HelmRepository', 'helmrepositories', ['helmrepo'], FLUX_CATEGORIES),
  crd('source.toolkit.fluxcd.io', 'v1', 'HelmChart', 'helmcharts', ['hc'], FLUX_CATEGORIES),
  crd('source.toolkit.fluxcd.io', 'v1', 'OCIRepository', 'ocirepositories', ['ocirepo'], FLUX_CATEGORIES),
  crd('source.toolkit.fluxcd.io', 'v1', 'Bucket', 'buckets', undefined, FLUX_CATEGORIES),
  crd('kustomize.toolkit.fluxcd.io', 'v1', 'Kustomization', 'kustomizations', ['ks'], FLUX_CATEGORIES),
  crd('helm.toolkit.fluxcd.io', 'v2', 'HelmRelease', 'helmreleases', ['hr'], FLUX_CATEGORIES),
  crd('notification.toolkit.fluxcd.io', 'v1beta3', 'Alert', 'alerts', undefined, FLUX_CATEGORIES),
  crd('notification.toolkit.fluxcd.io', 'v1beta3', 'Provider', 'providers', undefined, FLUX_CATEGORIES),
  crd('notification.toolkit.fluxcd.io', 'v1', 'Receiver', 'receivers', undefined, FLUX_CATEGORIES),
  // Strimzi
  crd('kafka.strimzi.io', 'v1beta2', 'Kafka', 'kafkas', ['k'], ['strimzi']),
  crd('kafka.strimzi.io', 'v1beta2', 'KafkaNodePool', 'kafkanodepools', ['knp'], ['strimzi']),
  crd('kafka.strimzi.io', 'v1beta2', 'KafkaTopic', 'kafkatopics', ['kt'], ['strimzi']),
  crd('kafka.strimzi.io', 'v1beta2', 'KafkaUser', 'kafkausers', ['ku'], ['strimzi']),
  crd('kafka.strimzi.io', 'v1beta2', 'KafkaConnect', 'kafkaconnects', ['kc'], ['strimzi']),
  // MinIO operator
  crd('minio.min.io', 'v2', 'Tenant', 'tenants', ['tenant']),
  // Spark operator
  crd('sparkoperator.k8s.io', 'v1beta2', 'SparkApplication', 'sparkapplications', ['sparkapp']),
  crd('sparkoperator.k8s.io', 'v1beta2', 'ScheduledSparkApplication', 'scheduledsparkapplications', ['scheduledsparkapp']),
  // Flink operator
  crd('flink.apache.org', 'v1beta1', 'FlinkDeployment', 'flinkdeployments', ['flinkdep']),
  crd('flink.apache.org', 'v1beta1', 'FlinkSessionJob', 'flinksessionjobs', ['sessionjob']),
  // Prometheus operator
  crd('monitoring.coreos.com', 'v1', 'Prometheus', 'prometheuses', ['prom']),
  crd('monitoring.coreos.com', 'v1', 'Alertmanager', 'alertmanagers', ['am']),
  crd('monitoring.coreos.com', 'v1', 'ServiceMonitor', 'servicemonitors', ['smon']),
  crd('monitoring.coreos.com', 'v1', 'PodMonitor', 'podmonitors', ['pmon']),
  crd('monitoring.coreos.com', 'v1', 'PrometheusRule', 'prometheusrules', ['promrule']),
];

/** Verbs every served resource supports. @public */
export const RESOURCE_VERBS = VERBS;

/** `group/version` or `version` for core. @public */
export function apiVersionOf(t: { group: string; version: string }): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

const byKind = new Map<string, ResourceType>();
const byPath = new Map<string, ResourceType>();
for (const t of RESOURCE_TYPES) {
  byKind.set(`${t.group}/${t.kind}`, t);
  byPath.set(`${t.group}/${t.version}/${t.plural}`, t);
}

/** Finds a type by `apiVersion` + `kind` (any version of the group). @public */
export function findTypeByKind(
  apiVersion: string | undefined,
  kind: string,
): ResourceType | undefined {
  const group =
    apiVersion && apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return byKind.get(`${group}/${kind}`);
}

/** Finds a type by group (empty for core), version and plural. @public */
export function findTypeByPath(
  group: string,
  version: string,
  plural: string,
): ResourceType | undefined {
  return byPath.get(`${group}/${version}/${plural}`);
}

/** A stable key for a type: `group/plural`. @public */
export function typeKey(t: ResourceType): string {
  return `${t.group}/${t.plural}`;
}
