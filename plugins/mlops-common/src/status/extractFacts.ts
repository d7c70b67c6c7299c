import { arr, getConditions, num, obj, str, strings } from './conditions';
import { isFluxSuspended } from './flux';
import { parseFlinkError } from './flink';
import { strimziWarnings } from './strimzi';
import type { ObjectFacts } from '../api/types';
import type { KubeObject } from './types';
import { ownRuleKind } from './ruleKind';

/*
 * The kind-specific facts the UI cards show, and nothing else: the backend
 * sends these with every object, so they stay small. Missing or malformed
 * fields are left out rather than guessed.
 */

type Facts = Record<string, unknown>;

function compact(f: Facts): ObjectFacts {
  const out: ObjectFacts = {};
  for (const [k, v] of Object.entries(f)) if (v !== undefined) out[k] = v;
  return out;
}

function ref(v: unknown): { kind?: string; namespace?: string; name?: string } | undefined {
  const r = obj(v);
  if (!r || !str(r.name)) return undefined;
  return compact({ kind: str(r.kind), namespace: str(r.namespace), name: str(r.name) }) as any;
}

function refs(v: unknown) {
  return arr(v)
    .map(ref)
    .filter(r => r !== undefined);
}

function fluxCommon(o: KubeObject): Facts {
  return { suspend: isFluxSuspended(o) };
}

function sourceFacts(o: KubeObject): Facts {
  const spec = obj(o.spec) ?? {};
  const artifact = obj(obj(o.status)?.artifact);
  return {
    ...fluxCommon(o),
    url: str(spec.url) ?? str(spec.endpoint) ?? str(obj(o.status)?.url),
    type: str(spec.type) ?? str(spec.provider),
    artifact: artifact
      ? compact({
          revision: str(artifact.revision),
          digest: str(artifact.digest),
          lastUpdateTime: str(artifact.lastUpdateTime),
          size: num(artifact.size),
        })
      : undefined,
  };
}

function helmReleaseFacts(o: KubeObject): Facts {
  const spec = obj(o.spec) ?? {};
  const status = obj(o.status) ?? {};
  const chartSpec = obj(obj(spec.chart)?.spec);
  const latest = obj(arr(status.history)[0]);
  return {
    ...fluxCommon(o),
    chart: str(latest?.chartName) ?? str(chartSpec?.chart),
    chartVersion: str(latest?.chartVersion) ?? str(chartSpec?.version),
    appVersion: str(latest?.appVersion),
    failures: num(status.failures),
    installFailures: num(status.installFailures),
    upgradeFailures: num(status.upgradeFailures),
    lastAttemptedReleaseAction: str(status.lastAttemptedReleaseAction),
    lastAttemptedRevision: str(status.lastAttemptedRevision),
    // Either a chart template pointing at a source, or a chartRef to an
    // OCIRepository/HelmChart (helm-controller v2).
    sourceRef: ref(chartSpec?.sourceRef) ?? ref(spec.chartRef),
    chartRef: ref(spec.chartRef) ? true : undefined,
    dependsOn: refs(spec.dependsOn),
  };
}

function kustomizationFacts(o: KubeObject): Facts {
  const spec = obj(o.spec) ?? {};
  const status = obj(o.status) ?? {};
  const entries = obj(status.inventory)?.entries;
  return {
    ...fluxCommon(o),
    path: str(spec.path),
    sourceRef: ref(spec.sourceRef),
    dependsOn: refs(spec.dependsOn),
    lastAppliedRevision: str(status.lastAppliedRevision),
    lastAttemptedRevision: str(status.lastAttemptedRevision),
    inventoryCount: Array.isArray(entries) ? entries.length : undefined,
  };
}

function kafkaFacts(o: KubeObject): Facts {
  const status = obj(o.status) ?? {};
  return {
    kafkaVersion: str(status.kafkaVersion),
    kafkaMetadataVersion: str(status.kafkaMetadataVersion),
    clusterId: str(status.clusterId),
    listeners: arr(status.listeners)
      .map(obj)
      .filter(l => l !== undefined)
      .map(l => ({
        name: str(l!.name) ?? str(l!.type),
        bootstrapServers: str(l!.bootstrapServers),
        addresses: arr(l!.addresses)
          .map(obj)
          .filter(a => a !== undefined)
          .map(a => compact({ host: str(a!.host), port: num(a!.port) })),
      })),
    kafkaNodePools: arr(status.kafkaNodePools)
      .map(p => str(obj(p)?.name))
      .filter(n => n !== undefined),
    autoRebalance: str(obj(status.autoRebalance)?.state),
    warnings: strimziWarnings(o),
  };
}

function tenantFacts(o: KubeObject): Facts {
  const status = obj(o.status) ?? {};
  const usage = obj(status.usage);
  return {
    currentState: str(status.currentState),
    healthStatus: str(status.healthStatus),
    healthMessage: str(status.healthMessage),
    availableReplicas: num(status.availableReplicas),
    pools: arr(status.pools)
      .map(obj)
      .filter(p => p !== undefined)
      .map(p => compact({ ssName: str(p!.ssName), state: str(p!.state) })),
    drivesOnline: num(status.drivesOnline),
    drivesOffline: num(status.drivesOffline),
    drivesHealing: num(status.drivesHealing),
    writeQuorum: num(status.writeQuorum),
    usage: usage
      ? compact({
          capacity: num(usage.capacity),
          rawCapacity: num(usage.rawCapacity),
          usage: num(usage.usage),
          rawUsage: num(usage.rawUsage),
        })
      : undefined,
    provisionedBuckets: typeof status.provisionedBuckets === 'boolean' ? status.provisionedBuckets : undefined,
    // The console URL is not derivable from the Tenant object alone (it
    // depends on the Service/Ingress the operator or chart creates).
  };
}

function sparkFacts(o: KubeObject): Facts {
  const status = obj(o.status) ?? {};
  const app = obj(status.applicationState) ?? {};
  const driver = obj(status.driverInfo);
  const executors = obj(status.executorState);
  return {
    state: typeof app.state === 'string' ? app.state : undefined,
    errorMessage: str(app.errorMessage),
    sparkApplicationId: str(status.sparkApplicationId),
    executionAttempts: num(status.executionAttempts),
    submissionAttempts: num(status.submissionAttempts),
    lastSubmissionAttemptTime: str(status.lastSubmissionAttemptTime),
    terminationTime: str(status.terminationTime),
    driverInfo: driver
      ? compact({
          podName: str(driver.podName),
          webUIServiceName: str(driver.webUIServiceName),
          webUIAddress: str(driver.webUIAddress),
          webUIPort: num(driver.webUIPort),
          webUIIngressAddress: str(driver.webUIIngressAddress),
          webUIIngressName: str(driver.webUIIngressName),
        })
      : undefined,
    executorState: executors
      ? Object.fromEntries(Object.entries(executors).filter(([, v]) => typeof v === 'string'))
      : undefined,
  };
}

function scheduledSparkFacts(o: KubeObject): Facts {
  const spec = obj(o.spec) ?? {};
  const status = obj(o.status) ?? {};
  return {
    schedule: str(spec.schedule),
    suspend: spec.suspend === true,
    scheduleState: typeof status.scheduleState === 'string' ? status.scheduleState : undefined,
    lastRun: str(status.lastRun),
    nextRun: str(status.nextRun),
    lastRunName: str(status.lastRunName),
    pastSuccessfulRunNames: strings(status.pastSuccessfulRunNames),
    pastFailedRunNames: strings(status.pastFailedRunNames),
  };
}

function flinkFacts(o: KubeObject): Facts {
  const status = obj(o.status) ?? {};
  return {
    lifecycleState: str(status.lifecycleState),
    jobState: str(obj(status.jobStatus)?.state),
    jobName: str(obj(status.jobStatus)?.jobName),
    jobManagerDeploymentStatus: str(status.jobManagerDeploymentStatus),
    reconciliationState: str(obj(status.reconciliationStatus)?.state),
    error: parseFlinkError(status.error)?.message,
    // Written by recent operator releases only.
    running: getConditions(o).find(c => c.type === 'Running')?.status,
  };
}

function replicaFacts(o: KubeObject): Facts {
  const status = obj(o.status) ?? {};
  return {
    replicas: num(obj(o.spec)?.replicas) ?? num(status.replicas),
    availableReplicas: num(status.availableReplicas),
    unavailableReplicas: num(status.unavailableReplicas),
    updatedReplicas: num(status.updatedReplicas),
    shardStatuses: Array.isArray(status.shardStatuses)
      ? arr(status.shardStatuses)
          .map(obj)
          .filter(x => x !== undefined)
          .map(x =>
            compact({
              shardID: str(x!.shardID),
              replicas: num(x!.replicas),
              availableReplicas: num(x!.availableReplicas),
              unavailableReplicas: num(x!.unavailableReplicas),
              updatedReplicas: num(x!.updatedReplicas),
            }),
          )
      : undefined,
  };
}

/** Label keys the workload cards show (Airflow chart and app.kubernetes.io). */
function workloadLabels(o: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.metadata?.labels ?? {})) {
    if (typeof v !== 'string') continue;
    if (k === 'component' || k === 'tier' || k === 'release' || k.startsWith('app.kubernetes.io/')) {
      out[k] = v;
    }
  }
  return out;
}

function workloadFacts(o: KubeObject): Facts {
  const status = obj(o.status) ?? {};
  return {
    replicas: num(obj(o.spec)?.replicas) ?? 1,
    readyReplicas: num(status.readyReplicas) ?? 0,
    updatedReplicas: num(status.updatedReplicas) ?? 0,
    availableReplicas: num(status.availableReplicas) ?? 0,
    labels: workloadLabels(o),
  };
}

const EXTRACTORS: Record<string, (o: KubeObject) => Facts> = {
  GitRepository: sourceFacts,
  HelmRepository: sourceFacts,
  OCIRepository: sourceFacts,
  HelmChart: sourceFacts,
  Bucket: sourceFacts,
  Kustomization: kustomizationFacts,
  HelmRelease: helmReleaseFacts,
  Kafka: kafkaFacts,
  KafkaNodePool: o => {
    const status = obj(o.status) ?? {};
    return {
      cluster: o.metadata?.labels?.['strimzi.io/cluster'],
      replicas: num(status.replicas),
      nodeIds: arr(status.nodeIds).filter(n => typeof n === 'number'),
      roles: strings(status.roles ?? obj(o.spec)?.roles),
      warnings: strimziWarnings(o),
    };
  },
  KafkaTopic: o => {
    const spec = obj(o.spec) ?? {};
    return {
      cluster: o.metadata?.labels?.['strimzi.io/cluster'],
      topicName: str(obj(o.status)?.topicName) ?? str(spec.topicName) ?? o.metadata?.name,
      partitions: num(spec.partitions),
      replicas: num(spec.replicas),
      warnings: strimziWarnings(o),
    };
  },
  Tenant: tenantFacts,
  SparkApplication: sparkFacts,
  ScheduledSparkApplication: scheduledSparkFacts,
  FlinkDeployment: flinkFacts,
  FlinkSessionJob: flinkFacts,
  Prometheus: replicaFacts,
  Alertmanager: replicaFacts,
  Deployment: workloadFacts,
  StatefulSet: workloadFacts,
};

/**
 * The facts a UI card shows for an object of this kind (see the package
 * README for the list per kind), picked by API group and kind as the rules
 * are; `{}` for kinds without a card. Never throws.
 * @public
 */
export function extractFacts(kind: string, object: KubeObject, apiVersion?: string): ObjectFacts {
  const own = ownRuleKind(kind, apiVersion, object);
  const extractor = own ? EXTRACTORS[own] : undefined;
  if (!extractor || object === null || typeof object !== 'object') return {};
  try {
    return compact(extractor(object));
  } catch {
    return {};
  }
}
