import { ResourceType } from './resources';

/**
 * Server-side printing (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`),
 * what kubectl asks for so that `kubectl get` shows the same columns as on a
 * real cluster: the built-in printers' columns for core/apps kinds, and the
 * CRDs' additionalPrinterColumns for Flux, Strimzi, MinIO, Spark and Flink.
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#receiving-resources-as-tables
 */

interface Column {
  name: string;
  type: 'string' | 'integer' | 'date';
  priority?: number;
  cell: (o: any, now: number) => string | number;
}

/** Like apimachinery's `duration.HumanDuration`. @public */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  if (h < 192) return h % 24 === 0 ? `${Math.floor(h / 24)}d` : `${Math.floor(h / 24)}d${h % 24}h`;
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24)}d`;
  return `${Math.floor(h / 24 / 365)}y`;
}

const since = (t: string | undefined, now: number) => {
  const d = t ? Date.parse(t) : NaN;
  return Number.isNaN(d) ? '<unknown>' : humanDuration(now - d);
};
const cond = (o: any, type: string) => (o.status?.conditions ?? []).find((c: any) => c.type === type);

const name: Column = { name: 'Name', type: 'string', cell: o => o.metadata.name };
const age: Column = { name: 'Age', type: 'date', cell: (o, now) => since(o.metadata.creationTimestamp, now) };
const fluxReady: Column = { name: 'Ready', type: 'string', cell: o => cond(o, 'Ready')?.status ?? '' };
const fluxStatus: Column = { name: 'Status', type: 'string', cell: o => cond(o, 'Ready')?.message ?? '' };
const url: Column = { name: 'URL', type: 'string', cell: o => o.spec?.url ?? '' };

const podReady = (o: any) => {
  const cs = o.status?.containerStatuses ?? [];
  return `${cs.filter((c: any) => c.ready).length}/${(o.spec?.containers ?? []).length}`;
};
const podStatus = (o: any) => {
  for (const c of o.status?.containerStatuses ?? []) {
    const reason = c.state?.waiting?.reason ?? c.state?.terminated?.reason;
    if (reason) return reason;
  }
  return o.status?.phase ?? 'Unknown';
};

const COLUMNS: Record<string, Column[]> = {
  Pod: [
    name,
    { name: 'Ready', type: 'string', cell: podReady },
    { name: 'Status', type: 'string', cell: podStatus },
    { name: 'Restarts', type: 'string', cell: o => String((o.status?.containerStatuses ?? []).reduce((n: number, c: any) => n + (c.restartCount ?? 0), 0)) },
    age,
    { name: 'IP', type: 'string', priority: 1, cell: o => o.status?.podIP ?? '<none>' },
    { name: 'Node', type: 'string', priority: 1, cell: o => o.spec?.nodeName ?? '<none>' },
  ],
  Deployment: [
    name,
    { name: 'Ready', type: 'string', cell: o => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}` },
    { name: 'Up-to-date', type: 'integer', cell: o => o.status?.updatedReplicas ?? 0 },
    { name: 'Available', type: 'integer', cell: o => o.status?.availableReplicas ?? 0 },
    age,
  ],
  StatefulSet: [name, { name: 'Ready', type: 'string', cell: o => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}` }, age],
  ReplicaSet: [
    name,
    { name: 'Desired', type: 'integer', cell: o => o.spec?.replicas ?? 1 },
    { name: 'Current', type: 'integer', cell: o => o.status?.replicas ?? 0 },
    { name: 'Ready', type: 'integer', cell: o => o.status?.readyReplicas ?? 0 },
    age,
  ],
  Service: [
    name,
    { name: 'Type', type: 'string', cell: o => o.spec?.type ?? 'ClusterIP' },
    { name: 'Cluster-IP', type: 'string', cell: o => o.spec?.clusterIP ?? '<none>' },
    { name: 'External-IP', type: 'string', cell: () => '<none>' },
    { name: 'Port(s)', type: 'string', cell: o => (o.spec?.ports ?? []).map((p: any) => `${p.port}/${p.protocol ?? 'TCP'}`).join(',') },
    age,
  ],
  Namespace: [name, { name: 'Status', type: 'string', cell: o => o.status?.phase ?? 'Active' }, age],
  ConfigMap: [name, { name: 'Data', type: 'integer', cell: o => Object.keys(o.data ?? {}).length }, age],
  Secret: [name, { name: 'Type', type: 'string', cell: o => o.type ?? 'Opaque' }, { name: 'Data', type: 'integer', cell: o => Object.keys(o.data ?? {}).length }, age],
  Event: [
    { name: 'Last Seen', type: 'string', cell: (o, now) => since(o.lastTimestamp ?? o.eventTime, now) },
    { name: 'Type', type: 'string', cell: o => o.type ?? '' },
    { name: 'Reason', type: 'string', cell: o => o.reason ?? '' },
    { name: 'Object', type: 'string', cell: o => `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${o.involvedObject?.name ?? ''}` },
    { name: 'Message', type: 'string', cell: o => o.message ?? '' },
  ],
  // Flux CRDs' additionalPrinterColumns.
  Kustomization: [name, age, fluxReady, fluxStatus],
  HelmRelease: [name, age, fluxReady, fluxStatus],
  GitRepository: [name, url, age, fluxReady, fluxStatus],
  HelmRepository: [name, url, age, fluxReady, fluxStatus],
  OCIRepository: [name, url, fluxReady, fluxStatus, age],
  HelmChart: [
    name,
    { name: 'Chart', type: 'string', cell: o => o.spec?.chart ?? '' },
    { name: 'Version', type: 'string', cell: o => o.spec?.version ?? '' },
    { name: 'Source Kind', type: 'string', cell: o => o.spec?.sourceRef?.kind ?? '' },
    { name: 'Source Name', type: 'string', cell: o => o.spec?.sourceRef?.name ?? '' },
    age,
    fluxReady,
    fluxStatus,
  ],
  // Strimzi CRDs' additionalPrinterColumns (0.48).
  Kafka: [
    name,
    { name: 'Ready', type: 'string', cell: o => cond(o, 'Ready')?.status ?? '' },
    { name: 'Metadata State', type: 'string', cell: o => o.status?.kafkaMetadataState ?? '' },
    { name: 'Warnings', type: 'string', cell: o => (cond(o, 'Warning') ? 'True' : '') },
  ],
  KafkaNodePool: [
    name,
    { name: 'Desired replicas', type: 'integer', cell: o => o.spec?.replicas ?? 0 },
    { name: 'Roles', type: 'string', cell: o => JSON.stringify(o.status?.roles ?? []) },
    { name: 'NodeIds', type: 'string', cell: o => JSON.stringify(o.status?.nodeIds ?? []) },
  ],
  KafkaTopic: [
    name,
    { name: 'Cluster', type: 'string', cell: o => o.metadata.labels?.['strimzi.io/cluster'] ?? '' },
    { name: 'Partitions', type: 'integer', cell: o => o.spec?.partitions ?? '' },
    { name: 'Replication factor', type: 'integer', cell: o => o.spec?.replicas ?? '' },
    { name: 'Ready', type: 'string', cell: o => cond(o, 'Ready')?.status ?? '' },
  ],
  Tenant: [
    name,
    { name: 'State', type: 'string', cell: o => o.status?.currentState ?? '' },
    { name: 'Health', type: 'string', cell: o => o.status?.healthStatus ?? '' },
    age,
  ],
  SparkApplication: [
    name,
    { name: 'Status', type: 'string', cell: o => o.status?.applicationState?.state ?? '' },
    { name: 'Attempts', type: 'string', cell: o => String(o.status?.executionAttempts ?? '') },
    { name: 'Start', type: 'string', cell: o => o.status?.lastSubmissionAttemptTime ?? '' },
    { name: 'Finish', type: 'string', cell: o => o.status?.terminationTime ?? '' },
    age,
  ],
  FlinkDeployment: [
    name,
    { name: 'Job Status', type: 'string', cell: o => o.status?.jobStatus?.state ?? '' },
    { name: 'Lifecycle State', type: 'string', cell: o => o.status?.lifecycleState ?? '' },
  ],
};

/** Whether an Accept header asks for a Table. @public */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /;\s*as=Table/.test(accept);
}

function rowObject(o: any, includeObject: string) {
  if (includeObject === 'None') return undefined;
  if (includeObject === 'Object') return o;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

/**
 * A `meta.k8s.io/v1` Table of `objects`. `includeObject` is the request's
 * parameter (`None`, `Metadata` default, `Object`).
 * @public
 */
export function toTable(
  t: ResourceType,
  objects: any[],
  listMeta: Record<string, unknown>,
  includeObject = 'Metadata',
  now = Date.now(),
): any {
  const columns = COLUMNS[t.kind] ?? [name, age];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: columns.map(c => ({
      name: c.name,
      type: c.type,
      format: c === name ? 'name' : '',
      description: '',
      priority: c.priority ?? 0,
    })),
    rows: objects.map(o => {
      const object = rowObject(o, includeObject);
      return { cells: columns.map(c => c.cell(o, now)), ...(object ? { object } : {}) };
    }),
  };
}
