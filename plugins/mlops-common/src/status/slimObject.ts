import { FLUX_OPERATOR_RECONCILE_ANNOTATION } from './flux';
import { STRIMZI_PAUSE_ANNOTATION } from './strimzi';
import { MLOPS_ANNOTATION_PREFIX } from '../annotations';
import { ownRuleKind } from './ruleKind';
import type { KubeObject } from './types';

/*
 * Keeps only the fields the status rules, the facts and the details views
 * read, so watch caches hold little per object (a Deployment's pod template
 * or a Kafka's config is most of its size and never shown).
 * Paths are dot-separated; `[]` maps over an array.
 */

const FLUX_COMMON = [
  'spec.suspend',
  'spec.interval',
  'spec.dependsOn',
  'status.observedGeneration',
  'status.conditions',
  'status.lastHandledReconcileAt',
];

const SOURCE = [
  ...FLUX_COMMON,
  'spec.url',
  'spec.type',
  'spec.provider',
  'spec.endpoint',
  'spec.bucketName',
  'spec.ref',
  'spec.chart',
  'spec.version',
  'spec.sourceRef',
  'status.url',
  'status.artifact.revision',
  'status.artifact.digest',
  'status.artifact.lastUpdateTime',
  'status.artifact.size',
  'status.observedChartName',
];

/** What both Flink kinds keep: the job, its lifecycle and its error. */
const FLINK_JOB_FIELDS = [
    'spec.job.state',
    'spec.job.upgradeMode',
    'spec.job.parallelism',
    'spec.job.jarURI',
    'status.observedGeneration',
    'status.conditions',
    'status.lifecycleState',
    'status.jobStatus.state',
    'status.jobStatus.jobName',
    'status.jobStatus.jobId',
    'status.jobStatus.startTime',
    'status.jobStatus.updateTime',
    'status.reconciliationStatus.state',
    'status.error',
];

const SLIM_PATHS: Record<string, string[]> = {
  GitRepository: SOURCE,
  HelmRepository: SOURCE,
  OCIRepository: SOURCE,
  HelmChart: SOURCE,
  Bucket: SOURCE,
  Kustomization: [
    ...FLUX_COMMON,
    'spec.path',
    'spec.sourceRef',
    'spec.targetNamespace',
    'spec.prune',
    'status.lastAppliedRevision',
    'status.lastAttemptedRevision',
    'status.inventory.entries[].id',
    // kustomize-controller 1.7.0+ history snapshots.
    ...[
      'digest',
      'firstReconciled',
      'lastReconciled',
      'lastReconciledDuration',
      'lastReconciledStatus',
      'totalReconciliations',
      'metadata.revision',
    ].map(f => `status.history[].${f}`),
  ],
  HelmRelease: [
    ...FLUX_COMMON,
    'spec.chart.spec.chart',
    'spec.chart.spec.version',
    'spec.chart.spec.sourceRef',
    'spec.chartRef',
    'spec.releaseName',
    'spec.targetNamespace',
    'spec.driftDetection.mode',
    // Release snapshots without their test hooks.
    ...[
      'name',
      'namespace',
      'version',
      'status',
      'chartName',
      'chartVersion',
      'appVersion',
      'configDigest',
      'digest',
      'firstDeployed',
      'lastDeployed',
      'deleted',
      'ociDigest',
    ].map(f => `status.history[].${f}`),
    'status.lastAttemptedRevision',
    'status.lastAppliedRevision',
    'status.lastAttemptedGeneration',
    'status.lastAttemptedReleaseAction',
    'status.failures',
    'status.installFailures',
    'status.upgradeFailures',
    'status.storageNamespace',
    'status.helmChart',
    'status.lastHandledForceAt',
    'status.lastHandledResetAt',
    'status.inventory.entries[].id',
  ],
  Kafka: [
    'spec.kafka.version',
    'spec.kafka.metadataVersion',
    'status.observedGeneration',
    'status.conditions',
    'status.listeners[].name',
    'status.listeners[].type',
    'status.listeners[].bootstrapServers',
    'status.listeners[].addresses',
    'status.kafkaVersion',
    'status.kafkaMetadataVersion',
    'status.clusterId',
    'status.kafkaNodePools',
    'status.autoRebalance.state',
  ],
  KafkaNodePool: [
    'spec.replicas',
    'spec.roles',
    'status.observedGeneration',
    'status.conditions',
    'status.replicas',
    'status.nodeIds',
    'status.roles',
    'status.clusterId',
  ],
  KafkaTopic: [
    'spec.topicName',
    'spec.partitions',
    'spec.replicas',
    'status.observedGeneration',
    'status.conditions',
    'status.topicName',
    'status.topicId',
  ],
  Tenant: [
    'spec.pools[].name',
    'spec.pools[].servers',
    'spec.pools[].volumesPerServer',
    'status.observedGeneration',
    'status.currentState',
    'status.availableReplicas',
    'status.healthStatus',
    'status.healthMessage',
    'status.pools',
    'status.drivesOnline',
    'status.drivesOffline',
    'status.drivesHealing',
    'status.writeQuorum',
    'status.usage.capacity',
    'status.usage.rawCapacity',
    'status.usage.usage',
    'status.usage.rawUsage',
    'status.provisionedBuckets',
  ],
  SparkApplication: [
    'spec.type',
    'spec.mode',
    'spec.image',
    'spec.sparkVersion',
    'spec.mainApplicationFile',
    'spec.mainClass',
    'status.observedGeneration',
    'status.applicationState',
    'status.sparkApplicationId',
    'status.submissionID',
    'status.executionAttempts',
    'status.submissionAttempts',
    'status.lastSubmissionAttemptTime',
    'status.terminationTime',
    'status.driverInfo',
    'status.executorState',
  ],
  ScheduledSparkApplication: [
    'spec.schedule',
    'spec.suspend',
    'spec.concurrencyPolicy',
    'status.observedGeneration',
    'status.scheduleState',
    'status.reason',
    'status.lastRun',
    'status.nextRun',
    'status.lastRunName',
    'status.pastSuccessfulRunNames',
    'status.pastFailedRunNames',
  ],
  FlinkDeployment: [
    'spec.flinkVersion',
    'spec.image',
    'spec.mode',
    ...FLINK_JOB_FIELDS,
    'status.jobManagerDeploymentStatus',
  ],
  FlinkSessionJob: ['spec.deploymentName', ...FLINK_JOB_FIELDS],
  Prometheus: [
    'spec.paused',
    'spec.replicas',
    'spec.shards',
    'spec.version',
    'status.observedGeneration',
    'status.conditions',
    'status.paused',
    'status.replicas',
    'status.availableReplicas',
    'status.unavailableReplicas',
    'status.updatedReplicas',
    'status.shardStatuses',
  ],
  Alertmanager: [
    'spec.paused',
    'spec.replicas',
    'spec.version',
    'status.observedGeneration',
    'status.conditions',
    'status.paused',
    'status.replicas',
    'status.availableReplicas',
    'status.unavailableReplicas',
    'status.updatedReplicas',
  ],
  Deployment: [
    'spec.replicas',
    'spec.paused',
    'spec.selector',
    'status.observedGeneration',
    'status.conditions',
    'status.replicas',
    'status.readyReplicas',
    'status.updatedReplicas',
    'status.availableReplicas',
    'status.unavailableReplicas',
  ],
  StatefulSet: [
    'spec.replicas',
    'spec.selector',
    'spec.updateStrategy.type',
    'status.observedGeneration',
    'status.conditions',
    'status.replicas',
    'status.readyReplicas',
    'status.updatedReplicas',
    'status.availableReplicas',
    'status.currentReplicas',
    'status.currentRevision',
    'status.updateRevision',
  ],
};

/** Unknown kinds: enough for the generic Ready rule and the Flux rule. */
const DEFAULT_PATHS = [...FLUX_COMMON, 'status.artifact.revision'];

function keepAnnotation(key: string): boolean {
  return (
    key.startsWith('reconcile.fluxcd.io/') ||
    key.startsWith(`${MLOPS_ANNOTATION_PREFIX}/`) ||
    key === STRIMZI_PAUSE_ANNOTATION ||
    key === FLUX_OPERATOR_RECONCILE_ANNOTATION
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Copies the value at `path` (segments, `[]` for arrays) from `src` into `dst`. */
function copyPath(src: unknown, dst: Record<string, unknown>, segments: string[]): void {
  if (!isRecord(src) || segments.length === 0) return;
  const [head, ...rest] = segments;
  const isArray = head.endsWith('[]');
  const key = isArray ? head.slice(0, -2) : head;
  if (!(key in src)) return;
  const value = src[key];
  if (isArray) {
    if (!Array.isArray(value)) return;
    const existing = Array.isArray(dst[key]) ? (dst[key] as unknown[]) : [];
    dst[key] = value.map((item, i) => {
      if (rest.length === 0 || !isRecord(item)) return item;
      const target = isRecord(existing[i]) ? (existing[i] as Record<string, unknown>) : {};
      copyPath(item, target, rest);
      return target;
    });
    return;
  }
  if (rest.length === 0) {
    dst[key] = value;
    return;
  }
  if (!isRecord(value)) return;
  const target = isRecord(dst[key]) ? (dst[key] as Record<string, unknown>) : {};
  dst[key] = target;
  copyPath(value, target, rest);
}

/**
 * A copy of the object with only what {@link classifyObject},
 * {@link extractFacts} and the details views read: identifying metadata, all
 * labels, the annotations the portal acts on (`reconcile.fluxcd.io/*`,
 * `mlops-portal.io/*`, Strimzi's pause, the Flux Operator's reconcile switch),
 * owner references, and a per-kind subset of spec and status.
 * The subset is picked by API group and kind, as the rules are (`apiVersion`
 * as for {@link classifyObject}); `classifyObject(kind, slimObject(kind, o))`
 * equals `classifyObject(kind, o)`.
 * @public
 */
export function slimObject(kind: string, obj: KubeObject, apiVersion?: string): KubeObject {
  if (!isRecord(obj)) return {};
  const out: KubeObject = {};
  if (typeof obj.apiVersion === 'string') out.apiVersion = obj.apiVersion;
  if (typeof obj.kind === 'string') out.kind = obj.kind;
  const meta = isRecord(obj.metadata) ? obj.metadata : undefined;
  if (meta) {
    const m: NonNullable<KubeObject['metadata']> = {};
    for (const k of ['name', 'namespace', 'generation', 'creationTimestamp', 'resourceVersion', 'uid', 'deletionTimestamp'] as const) {
      if (meta[k] !== undefined) (m as Record<string, unknown>)[k] = meta[k];
    }
    if (isRecord(meta.labels)) m.labels = { ...(meta.labels as Record<string, string>) };
    if (isRecord(meta.annotations)) {
      const kept = Object.entries(meta.annotations as Record<string, string>).filter(([k]) =>
        keepAnnotation(k),
      );
      if (kept.length) m.annotations = Object.fromEntries(kept);
    }
    if (Array.isArray(meta.ownerReferences)) {
      m.ownerReferences = meta.ownerReferences
        .filter(isRecord)
        .map(r => ({ apiVersion: r.apiVersion, kind: r.kind, name: r.name, uid: r.uid, controller: r.controller }));
    }
    out.metadata = m;
  }
  const own = ownRuleKind(kind, apiVersion, obj);
  const paths = (own && SLIM_PATHS[own]) || DEFAULT_PATHS;
  const body: Record<string, unknown> = {};
  for (const p of paths) copyPath(obj, body, p.split('.'));
  if (body.spec !== undefined) out.spec = body.spec;
  if (body.status !== undefined) out.status = body.status;
  else if (isRecord(obj.status)) out.status = {};
  return out;
}
