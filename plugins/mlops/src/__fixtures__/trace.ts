import type { EntityTrace, TraceNode } from '@mlops-portal/plugin-mlops-common';

const node = (n: Partial<TraceNode> & Pick<TraceNode, 'kind' | 'name' | 'level'>): TraceNode => {
  const cluster = n.cluster ?? 'sim-a';
  const namespace = n.namespace;
  return {
    id: `${cluster}|${n.kind}|${namespace ?? ''}|${n.name}`,
    cluster,
    groupId: `${n.level}:${n.kind}:${namespace ?? '_'}`,
    ...n,
  } as TraceNode;
};

export const gitRepo = node({ kind: 'GitRepository', namespace: 'flux-system', name: 'mlops-infrastructure', level: 'source', status: 'Ready', reason: 'Succeeded', message: 'stored artifact' });
export const ksOrchestration = node({
  kind: 'Kustomization',
  namespace: 'flux-system',
  name: 'orchestration',
  level: 'kustomization',
  status: 'Failed',
  reason: 'HealthCheckFailed',
  message: "health check failed after 9.9s: HelmRelease/orchestration/airflow status: 'Failed'",
  firstFailure: true,
  entityRef: 'system:default/orchestration',
});
export const ksDataStorage = node({ kind: 'Kustomization', namespace: 'flux-system', name: 'data-storage', level: 'kustomization', status: 'Failed', reason: 'HealthCheckFailed', message: 'kafka', dependencyOnly: true });
export const hrAirflow = node({ kind: 'HelmRelease', namespace: 'orchestration', name: 'airflow', level: 'helmrelease', status: 'Failed', reason: 'UpgradeFailed', message: 'Helm upgrade failed', root: true, entityRef: 'component:default/airflow' });
export const scheduler = node({ kind: 'Deployment', namespace: 'orchestration', name: 'airflow-scheduler', level: 'workload', status: 'Ready', reason: 'Available', message: '' });

/** The trace of component:default/airflow on one cluster: pods folded into a group of 30. */
export const airflowTrace: EntityTrace = {
  entityRef: 'component:default/airflow',
  generatedAt: '2026-11-26T10:00:00Z',
  clusters: ['sim-a', 'sim-b'],
  status: 'Failed',
  counts: { Ready: 32, Progressing: 0, Failed: 3, Suspended: 0, Unknown: 0 },
  size: 35,
  groups: [
    { id: 'source:GitRepository:flux-system', level: 'source', kind: 'GitRepository', namespace: 'flux-system', size: 1, counts: { Ready: 1, Progressing: 0, Failed: 0, Suspended: 0, Unknown: 0 }, notWatched: 0, status: 'Ready', clusters: ['sim-a'], firstFailures: 0, expanded: true, shown: 1, root: false },
    { id: 'kustomization:Kustomization:flux-system', level: 'kustomization', kind: 'Kustomization', namespace: 'flux-system', size: 2, counts: { Ready: 0, Progressing: 0, Failed: 2, Suspended: 0, Unknown: 0 }, notWatched: 0, status: 'Failed', clusters: ['sim-a'], firstFailures: 1, expanded: true, shown: 2, root: false },
    { id: 'helmrelease:HelmRelease:orchestration', level: 'helmrelease', kind: 'HelmRelease', namespace: 'orchestration', size: 1, counts: { Ready: 0, Progressing: 0, Failed: 1, Suspended: 0, Unknown: 0 }, notWatched: 0, status: 'Failed', clusters: ['sim-a'], firstFailures: 0, expanded: true, shown: 1, root: true },
    { id: 'workload:Deployment:orchestration', level: 'workload', kind: 'Deployment', namespace: 'orchestration', size: 1, counts: { Ready: 1, Progressing: 0, Failed: 0, Suspended: 0, Unknown: 0 }, notWatched: 0, status: 'Ready', clusters: ['sim-a'], firstFailures: 0, expanded: true, shown: 1, root: false },
    { id: 'pod:Pod:orchestration', level: 'pod', kind: 'Pod', namespace: 'orchestration', size: 30, counts: { Ready: 30, Progressing: 0, Failed: 0, Suspended: 0, Unknown: 0 }, notWatched: 0, status: 'Ready', clusters: ['sim-a', 'sim-b'], firstFailures: 0, expanded: false, shown: 0, root: false },
  ],
  nodes: [ksOrchestration, hrAirflow, ksDataStorage, gitRepo, scheduler],
  edges: [
    { from: gitRepo.id, to: ksOrchestration.id, type: 'source' },
    { from: ksOrchestration.id, to: hrAirflow.id, type: 'applies' },
    { from: ksOrchestration.id, to: ksDataStorage.id, type: 'dependsOn' },
    { from: hrAirflow.id, to: scheduler.id, type: 'applies' },
    { from: scheduler.id, to: 'pod:Pod:orchestration', type: 'owns' },
  ],
  groupEdges: [
    { from: 'source:GitRepository:flux-system', to: 'kustomization:Kustomization:flux-system', type: 'source', count: 1 },
    { from: 'kustomization:Kustomization:flux-system', to: 'helmrelease:HelmRelease:orchestration', type: 'applies', count: 1 },
    { from: 'helmrelease:HelmRelease:orchestration', to: 'workload:Deployment:orchestration', type: 'applies', count: 1 },
    { from: 'workload:Deployment:orchestration', to: 'pod:Pod:orchestration', type: 'owns', count: 30 },
  ],
  firstFailures: [ksOrchestration],
  hidden: 0,
  truncated: false,
  entityRefs: ['component:default/airflow', 'system:default/orchestration'],
  errors: [],
  notes: [],
};
