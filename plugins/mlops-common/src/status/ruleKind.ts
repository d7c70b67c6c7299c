/*
 * Which rule reads an object is decided by its API group AND its kind: a
 * `SparkApplication` or a `Tenant` of another vendor's group is not written by
 * the Spark operator or MinIO, and reading it with their rules would invent a
 * status. Kinds of other groups fall to the generic (kstatus) rules.
 */

/** The API group of each kind that has a rule of its own. */
const RULE_GROUPS: Record<string, string> = {
  GitRepository: 'source.toolkit.fluxcd.io',
  HelmRepository: 'source.toolkit.fluxcd.io',
  OCIRepository: 'source.toolkit.fluxcd.io',
  HelmChart: 'source.toolkit.fluxcd.io',
  Bucket: 'source.toolkit.fluxcd.io',
  Kustomization: 'kustomize.toolkit.fluxcd.io',
  HelmRelease: 'helm.toolkit.fluxcd.io',
  Kafka: 'kafka.strimzi.io',
  KafkaConnect: 'kafka.strimzi.io',
  KafkaUser: 'kafka.strimzi.io',
  KafkaBridge: 'kafka.strimzi.io',
  KafkaMirrorMaker2: 'kafka.strimzi.io',
  KafkaNodePool: 'kafka.strimzi.io',
  KafkaTopic: 'kafka.strimzi.io',
  Tenant: 'minio.min.io',
  SparkApplication: 'sparkoperator.k8s.io',
  ScheduledSparkApplication: 'sparkoperator.k8s.io',
  FlinkDeployment: 'flink.apache.org',
  FlinkSessionJob: 'flink.apache.org',
  Prometheus: 'monitoring.coreos.com',
  Alertmanager: 'monitoring.coreos.com',
  Deployment: 'apps',
  StatefulSet: 'apps',
};

/** Flux and Flux Operator API groups: their other kinds share the Flux conditions. */
const FLUX_GROUP = /^([a-z0-9-]+\.toolkit\.fluxcd\.io|fluxcd\.controlplane\.io)$/;

/**
 * The API group of an `apiVersion` (`apps/v1` → `apps`, `v1` → `''`);
 * `undefined` when there is no apiVersion string.
 * @public
 */
export function apiGroupOf(apiVersion: unknown): string | undefined {
  if (typeof apiVersion !== 'string' || apiVersion === '') return undefined;
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** What reads an object: a kind's own rule, the shared Flux rule, or the generic one. */
export type RuleChoice =
  | { rule: 'kind'; kind: string }
  | { rule: 'flux' }
  | { rule: 'generic' };

/**
 * Picks the rule for an object from its kind and API group. The apiVersion
 * is the caller's (`apiVersion` argument) or else the object's own; with
 * neither, the kind's well-known group is assumed, because callers that only
 * know a kind (the watch lists, the tests) mean the kinds the portal watches.
 */
export function chooseRule(kind: string, apiVersion: unknown, obj: unknown): RuleChoice {
  const own =
    obj !== null && typeof obj === 'object' ? (obj as { apiVersion?: unknown }).apiVersion : undefined;
  const group = apiGroupOf(apiVersion) ?? apiGroupOf(own);
  const expected = Object.prototype.hasOwnProperty.call(RULE_GROUPS, kind) ? RULE_GROUPS[kind] : undefined;
  if (expected !== undefined && (group === undefined || group === expected)) {
    return { rule: 'kind', kind };
  }
  if (group !== undefined && FLUX_GROUP.test(group)) return { rule: 'flux' };
  return { rule: 'generic' };
}

/**
 * The kind whose own rule, facts and slim paths apply, or `undefined` when the
 * object is of another group (or a kind without a rule of its own).
 */
export function ownRuleKind(kind: string, apiVersion: unknown, obj: unknown): string | undefined {
  const choice = chooseRule(kind, apiVersion, obj);
  return choice.rule === 'kind' ? choice.kind : undefined;
}
