import {
  classifyBucket,
  classifyFluxObject,
  classifyGitRepository,
  classifyHelmChart,
  classifyHelmRelease,
  classifyHelmRepository,
  classifyKustomization,
  classifyOCIRepository,
} from './flux';
import { classifyKafka, classifyKafkaNodePool, classifyKafkaTopic, classifyStrimziResource } from './strimzi';
import { classifyTenant } from './minio';
import { classifyScheduledSparkApplication, classifySparkApplication } from './spark';
import { classifyFlinkDeployment, classifyFlinkSessionJob } from './flink';
import { classifyAlertmanager, classifyPrometheus } from './prometheus';
import { classifyDeployment, classifyGeneric, classifyStatefulSet } from './workloads';
import { result } from './conditions';
import type { KubeObject, StatusResult } from './types';

const RULES: Record<string, (o: KubeObject) => StatusResult> = {
  GitRepository: classifyGitRepository,
  HelmRepository: classifyHelmRepository,
  OCIRepository: classifyOCIRepository,
  HelmChart: classifyHelmChart,
  Bucket: classifyBucket,
  Kustomization: classifyKustomization,
  HelmRelease: classifyHelmRelease,
  Kafka: classifyKafka,
  KafkaConnect: classifyStrimziResource,
  KafkaUser: classifyStrimziResource,
  KafkaBridge: classifyStrimziResource,
  KafkaMirrorMaker2: classifyStrimziResource,
  KafkaNodePool: classifyKafkaNodePool,
  KafkaTopic: classifyKafkaTopic,
  Tenant: classifyTenant,
  SparkApplication: classifySparkApplication,
  ScheduledSparkApplication: classifyScheduledSparkApplication,
  FlinkDeployment: classifyFlinkDeployment,
  FlinkSessionJob: classifyFlinkSessionJob,
  Prometheus: classifyPrometheus,
  Alertmanager: classifyAlertmanager,
  Deployment: classifyDeployment,
  StatefulSet: classifyStatefulSet,
};

/** Flux and Flux Operator API groups: their kinds share the Flux conditions. */
const FLUX_GROUP = /^([a-z]+\.toolkit\.fluxcd\.io|fluxcd\.controlplane\.io)\//;

/**
 * Classifies one object into one of the five statuses, following
 * status-semantics.md, by its kind. Kinds without a rule of their own use the
 * Flux rule when their apiVersion is a Flux group, else the generic `Ready`
 * condition rule. Never throws, whatever the object looks like.
 * @public
 */
export function classifyObject(kind: string, obj: KubeObject): StatusResult {
  try {
    const o: KubeObject = obj !== null && typeof obj === 'object' ? obj : {};
    const rule = RULES[kind];
    if (rule) return rule(o);
    if (typeof o.apiVersion === 'string' && FLUX_GROUP.test(o.apiVersion)) {
      return classifyFluxObject(kind, o);
    }
    return classifyGeneric(o);
  } catch (e) {
    // The rules are written to be total; this is a last line of defence so a
    // single odd object can never break a whole overview.
    return result('Unknown', 'ClassificationError', `Could not read the status: ${String(e)}`);
  }
}

/** Kinds with a rule of their own. @public */
export const CLASSIFIED_KINDS: string[] = Object.keys(RULES);
