import type {
  ClusterState,
  EntityRollup,
  ObjectStatus,
  PlatformOverview,
  StatusCounts,
} from '@mlops-portal/plugin-mlops-common';
import { DEFAULT_LAYERS } from '@mlops-portal/plugin-mlops-common';

/** Counts with one object in the given status. */
export const countsOf = (
  ...statuses: ObjectStatus[]
): StatusCounts => {
  const c: StatusCounts = { Ready: 0, Progressing: 0, Failed: 0, Suspended: 0, Unknown: 0 };
  statuses.forEach(s => (c[s] += 1));
  return c;
};

export const demoCluster: ClusterState = {
  name: 'demo',
  title: 'kube-sim demo cluster',
  simulated: true,
  connection: 'connected',
  since: '2026-11-25T19:00:00Z',
  kinds: [
    { kind: 'HelmRelease', apiVersion: 'helm.toolkit.fluxcd.io/v2', state: 'watching', count: 9 },
    { kind: 'FlinkDeployment', state: 'not-installed', count: 0 },
  ],
};

export const brokenCluster: ClusterState = {
  name: 'edge-eu',
  simulated: false,
  connection: 'unreachable',
  since: '2026-11-25T19:30:00Z',
  lastError: 'connect ECONNREFUSED 10.0.0.7:6443 (listing HelmRelease)',
  kinds: [],
};

const rollup = (
  name: string,
  status: ObjectStatus,
  owner: string,
  extra: Partial<EntityRollup> = {},
): EntityRollup => ({
  entityRef: `component:default/${name}`,
  title: name,
  owner,
  status,
  counts: countsOf(status),
  failedRuns: 0,
  problems: [],
  ...extra,
});

// One entity per status, spread over the seven layers of the reference platform.
const entitiesByLayer: Record<string, EntityRollup[]> = {
  'gitops-control-plane': [rollup('flux-system', 'Ready', 'group:default/platform-team')],
  'platform-operators': [
    rollup('strimzi-operator', 'Ready', 'group:default/platform-team'),
    rollup('minio-operator', 'Suspended', 'group:default/platform-team'),
  ],
  'data-storage': [rollup('mlops-kafka', 'Progressing', 'group:default/data-team')],
  orchestration: [
    rollup('airflow', 'Failed', 'group:default/ml-platform-team', {
      problems: [
        {
          cluster: 'demo',
          kind: 'HelmRelease',
          namespace: 'orchestration',
          name: 'airflow',
          status: 'Failed',
          reason: 'RetriesExceeded',
          message: 'Helm upgrade failed: timed out waiting for the condition',
        },
      ],
    }),
  ],
  'ml-lifecycle': [rollup('mlflow', 'Unknown', 'group:default/ml-platform-team')],
  processing: [rollup('spark-jobs', 'Ready', 'group:default/data-team', { failedRuns: 2 })],
  observability: [rollup('kube-prometheus-stack', 'Ready', 'group:default/platform-team')],
};

export const overview: PlatformOverview = {
  generatedAt: '2026-11-25T20:00:00Z',
  status: 'Failed',
  counts: countsOf('Ready', 'Ready', 'Ready', 'Ready', 'Suspended', 'Progressing', 'Failed', 'Unknown'),
  clusters: [demoCluster, brokenCluster],
  layers: DEFAULT_LAYERS.map(l => {
    const entities = entitiesByLayer[l.id] ?? [];
    return {
      id: l.id,
      title: l.title,
      namespace: l.namespace,
      systemRef: `system:default/${l.id}`,
      dependsOn: l.dependsOn,
      status: entities[0]?.status ?? 'Unknown',
      counts: countsOf(...entities.map(e => e.status)),
      entities,
    };
  }),
  settings: [
    {
      cluster: 'demo',
      namespace: 'flux-system',
      name: 'platform-settings',
      values: { KAFKA_REPLICAS: '3', PROMETHEUS_RETENTION: '30d', BACKUP_SCHEDULE: '0 2 * * *' },
    },
  ],
};
