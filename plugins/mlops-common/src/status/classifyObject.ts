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
import { chooseRule } from './ruleKind';
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

/**
 * Classifies one object into one of the five statuses, following
 * status-semantics.md as corrected by the upstream sources cited in the
 * package README. The rule is picked by API group AND kind: a kind of another
 * group than the operator's (a `SparkApplication` of another vendor) uses the
 * generic kstatus rule, other Flux and Flux Operator kinds the Flux rule.
 * `apiVersion` is the one the caller listed the object with; without it, the
 * object's own `apiVersion` counts, and without either the kind's well-known
 * group is assumed. Never throws, whatever the object looks like.
 * @public
 */
export function classifyObject(kind: string, obj: KubeObject, apiVersion?: string): StatusResult {
  try {
    const o: KubeObject = obj !== null && typeof obj === 'object' ? obj : {};
    const choice = chooseRule(kind, apiVersion, o);
    if (choice.rule === 'kind' && RULES[choice.kind]) return RULES[choice.kind](o);
    if (choice.rule === 'flux') return classifyFluxObject(kind, o);
    return classifyGeneric(o);
  } catch (e) {
    // The rules are written to be total; this is a last line of defence so a
    // single odd object can never break a whole overview.
    return result('Unknown', 'ClassificationError', `Could not read the status: ${String(e)}`);
  }
}

/** Kinds with a rule of their own. @public */
export const CLASSIFIED_KINDS: string[] = Object.keys(RULES);
