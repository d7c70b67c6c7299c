import type {
  EntityObjects,
  ObjectDetails,
  ObjectEvents,
  ObjectSummary,
  StatusResult,
} from '@mlops-portal/plugin-mlops-common';
import { countsOf, demoCluster, brokenCluster } from './overview';

const status = (s: Partial<StatusResult> & Pick<StatusResult, 'status'>): StatusResult => ({
  reason: '',
  message: '',
  badges: [],
  ...s,
});

export const airflowRelease: ObjectSummary = {
  cluster: 'demo',
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  namespace: 'orchestration',
  name: 'airflow',
  status: status({
    status: 'Failed',
    reason: 'RetriesExceeded',
    message: "Helm upgrade failed for release orchestration/airflow with chart airflow@1.15.0: context deadline exceeded",
    revision: '1.15.0',
    since: '2026-11-25T19:42:10Z',
    badges: ['drifted'],
  }),
  flux: true,
  suspended: false,
  lastHandledReconcileAt: '2026-11-25T19:40:00Z',
  lastChange: '2026-11-25T19:42:10Z',
  facts: { chart: 'airflow', chartVersion: '1.15.0', failures: 3 },
};

export const redisRelease: ObjectSummary = {
  cluster: 'demo',
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  namespace: 'orchestration',
  name: 'redis',
  status: status({ status: 'Suspended', reason: 'Suspended', message: 'last known: Ready', badges: ['last-known'] }),
  flux: true,
  suspended: true,
  suspendedBy: 'user:default/alice',
  suspendReason: 'maintenance window CHG-42',
  facts: {},
};

export const postgresRelease: ObjectSummary = {
  cluster: 'demo',
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  namespace: 'orchestration',
  name: 'postgresql',
  status: status({ status: 'Ready', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded', revision: '16.2.1' }),
  flux: true,
  suspended: false,
  facts: {},
};

export const layerKustomization: ObjectSummary = {
  cluster: 'demo',
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  namespace: 'flux-system',
  name: 'orchestration',
  status: status({ status: 'Progressing', reason: 'DependencyNotReady', message: "dependency 'flux-system/data-plane' is not ready", revision: 'main@sha1:0a1b2c3' }),
  flux: true,
  suspended: false,
  facts: {},
};

export const gitRepository: ObjectSummary = {
  cluster: 'demo',
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'GitRepository',
  namespace: 'flux-system',
  name: 'mlops-infrastructure',
  status: status({ status: 'Unknown', reason: '', message: 'no Ready condition yet' }),
  flux: true,
  suspended: false,
  facts: {},
};

export const schedulerDeployment: ObjectSummary = {
  cluster: 'demo',
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  namespace: 'orchestration',
  name: 'airflow-scheduler',
  status: status({ status: 'Ready', reason: 'Available', message: '' }),
  flux: false,
  suspended: false,
  facts: { replicas: 1, readyReplicas: 1, updatedReplicas: 1, availableReplicas: 1, labels: { tier: 'airflow', component: 'scheduler', release: 'airflow' } },
};

export const entityObjects: EntityObjects = {
  entityRef: 'component:default/airflow',
  status: 'Failed',
  counts: countsOf('Failed', 'Suspended', 'Ready', 'Progressing', 'Unknown', 'Ready'),
  objects: [airflowRelease, redisRelease, postgresRelease, layerKustomization, gitRepository, schedulerDeployment],
  clusters: [demoCluster, brokenCluster],
  errors: [{ cluster: 'edge-eu', message: 'connect ECONNREFUSED 10.0.0.7:6443' }],
  notes: [],
};

export const airflowDetails: ObjectDetails = {
  ...airflowRelease,
  conditions: [
    { type: 'Ready', status: 'False', reason: 'UpgradeFailed', message: 'Helm upgrade failed', lastTransitionTime: '2026-11-25T19:42:10Z' },
    { type: 'Stalled', status: 'True', reason: 'RetriesExceeded', message: 'Failed to upgrade after 3 attempts', lastTransitionTime: '2026-11-25T19:42:10Z' },
  ],
  observedGeneration: 4,
  generation: 4,
  revisions: { chartVersion: '1.15.0' },
  history: [
    { name: 'airflow', namespace: 'orchestration', version: 4, status: 'failed', chartName: 'airflow', chartVersion: '1.15.0', appVersion: '2.10.3', firstDeployed: '2026-11-20T10:00:00Z', lastDeployed: '2026-11-25T19:40:00Z', digest: 'sha256:aaa' },
    { name: 'airflow', namespace: 'orchestration', version: 3, status: 'superseded', chartName: 'airflow', chartVersion: '1.14.0', appVersion: '2.9.3', firstDeployed: '2026-11-20T10:00:00Z', lastDeployed: '2026-11-21T08:00:00Z', digest: 'sha256:bbb' },
  ],
  inventory: [
    { id: 'orchestration_airflow-scheduler_apps_Deployment', group: 'apps', kind: 'Deployment', namespace: 'orchestration', name: 'airflow-scheduler', children: [] },
  ],
  dependsOn: [{ kind: 'HelmRelease', namespace: 'orchestration', name: 'postgresql', status: 'Ready' }],
  dependedOnBy: [{ kind: 'HelmRelease', namespace: 'processing-jobs', name: 'feature-pipeline', status: 'Progressing' }],
  source: { kind: 'HelmRepository', namespace: 'flux-system', name: 'apache-airflow', revision: 'sha256:cafe' },
  entityRef: 'component:default/airflow',
};

export const airflowEvents: ObjectEvents = {
  events: [
    { type: 'Normal', reason: 'InstallSucceeded', message: 'Helm install succeeded', lastTimestamp: '2026-11-20T10:00:00Z', involvedObject: { kind: 'HelmRelease', namespace: 'orchestration', name: 'airflow' } },
    { type: 'Warning', reason: 'UpgradeFailed', message: 'Helm upgrade failed: context deadline exceeded', lastTimestamp: '2026-11-25T19:42:10Z', count: 3, involvedObject: { kind: 'HelmRelease', namespace: 'orchestration', name: 'airflow' } },
  ],
  sourceEvents: [],
};
