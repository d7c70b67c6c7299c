import { hexOf } from './statusWriters';

/**
 * The workloads a HelmRelease's chart creates, by chart name, with the
 * labels those charts really put on them. `labels` are the object's own
 * metadata labels; `podLabels` are what the chart's pod template carries
 * (the Deployment/StatefulSet selector is a subset of them). helm-controller
 * adds its `helm.toolkit.fluxcd.io/name`/`namespace` origin labels to each
 * rendered object's metadata only, never to pod templates (fluxcd/helm-controller
 * internal/postrender), so pods and ReplicaSets carry `podLabels` alone.
 * Sources per chart: Strimzi helm3 chart 060-Deployment (pods: `name`,
 * `strimzi.io/kind`); Airflow's official chart (`tier`, `component`,
 * `release`); MinIO operator, Spark operator, Flink operator, MLflow
 * (community-charts), Bitnami: the `app.kubernetes.io/*` recommended labels;
 * kube-prometheus-stack operator: `app`, `release` + the stack's labels.
 * Unknown charts get one Deployment named like Helm's `fullname` helper.
 */

/** A workload to create. @public */
export interface WorkloadSpec {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  replicas: number;
  /** The object's own metadata labels, as the chart renders them. */
  labels: Record<string, string>;
  /** The pod template's labels; default `labels`. */
  podLabels?: Record<string, string>;
  /** `spec.selector.matchLabels` (and the Service selector); default `podLabels`. */
  selector?: Record<string, string>;
  image: string;
  /** Container port, for realism in the pod spec. */
  port?: number;
}

function fullname(release: string, chart: string, values: any): string {
  if (typeof values?.fullnameOverride === 'string' && values.fullnameOverride) {
    return values.fullnameOverride;
  }
  return release.includes(chart) ? release : `${release}-${chart}`;
}

/** A values map of labels, as strings (Helm's toYaml of a map). */
function stringMap(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]));
}

function std(name: string, release: string, component?: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': release,
    ...(component ? { 'app.kubernetes.io/component': component } : {}),
  };
}

/**
 * The Helm release name helm-controller uses: `spec.releaseName`, else
 * `<spec.targetNamespace>-<metadata.name>`, else `metadata.name`
 * (helm-controller api/v2 `HelmRelease.GetReleaseName`).
 * @public
 */
export function helmReleaseName(hr: any): string {
  if (hr?.spec?.releaseName) return hr.spec.releaseName;
  if (hr?.spec?.targetNamespace) return `${hr.spec.targetNamespace}-${hr.metadata.name}`;
  return hr.metadata.name;
}

/** The workloads of one HelmRelease. @public */
export function workloadsForChart(
  chart: string,
  release: string,
  values: any,
): WorkloadSpec[] {
  switch (chart) {
    case 'strimzi-kafka-operator':
      // helm-charts/helm3/strimzi-kafka-operator/templates/060-Deployment-strimzi-cluster-operator.yaml:
      // the Deployment and its pods share no label; values `deploymentLabels`
      // add to the Deployment's, `labels` to the pod template's.
      return [{
        kind: 'Deployment',
        name: 'strimzi-cluster-operator',
        replicas: Number(values?.replicas ?? 1) || 1,
        labels: { app: 'strimzi', component: 'deployment', release, heritage: 'Helm', ...stringMap(values?.deploymentLabels) },
        podLabels: { name: 'strimzi-cluster-operator', 'strimzi.io/kind': 'cluster-operator', ...stringMap(values?.labels) },
        selector: { name: 'strimzi-cluster-operator', 'strimzi.io/kind': 'cluster-operator' },
        image: 'quay.io/strimzi/operator:0.48.0',
        port: 8080,
      }];
    case 'operator':
    case 'minio-operator':
      return [{ kind: 'Deployment', name: 'minio-operator', replicas: 2, labels: std('operator', release), image: 'quay.io/minio/operator:v7.1.1', port: 4221 }];
    case 'spark-operator':
      return [
        { kind: 'Deployment', name: `${fullname(release, 'spark-operator', values)}-controller`, replicas: 1, labels: std('spark-operator', release, 'controller'), image: 'docker.io/kubeflow/spark-operator:2.2.1' },
        { kind: 'Deployment', name: `${fullname(release, 'spark-operator', values)}-webhook`, replicas: 1, labels: std('spark-operator', release, 'webhook'), image: 'docker.io/kubeflow/spark-operator:2.2.1', port: 9443 },
      ];
    case 'flink-kubernetes-operator':
      return [{ kind: 'Deployment', name: 'flink-kubernetes-operator', replicas: 1, labels: { 'app.kubernetes.io/name': 'flink-kubernetes-operator', 'app.kubernetes.io/instance': release }, image: 'ghcr.io/apache/flink-kubernetes-operator:1.12.1', port: 9999 }];
    case 'airflow': {
      // chart/templates/*: objects and pods carry tier/component/release (no app.kubernetes.io/*).
      const airflow = (component: string) => ({ tier: 'airflow', component, release });
      const image = 'apache/airflow:3.0.2';
      const workers = Number(values?.workers?.replicas ?? 1) || 1;
      return [
        { kind: 'Deployment', name: `${release}-scheduler`, replicas: 1, labels: airflow('scheduler'), image },
        { kind: 'Deployment', name: `${release}-api-server`, replicas: 1, labels: airflow('api-server'), image, port: 8080 },
        { kind: 'Deployment', name: `${release}-dag-processor`, replicas: 1, labels: airflow('dag-processor'), image },
        { kind: 'StatefulSet', name: `${release}-triggerer`, replicas: 1, labels: airflow('triggerer'), image },
        { kind: 'StatefulSet', name: `${release}-worker`, replicas: workers, labels: airflow('worker'), image },
        { kind: 'StatefulSet', name: `${release}-redis`, replicas: 1, labels: airflow('redis'), image: 'redis:7.2-bookworm', port: 6379 },
        { kind: 'Deployment', name: `${release}-statsd`, replicas: 1, labels: airflow('statsd'), image: 'quay.io/prometheus/statsd-exporter:v0.28.0', port: 9102 },
        ...(values?.pgbouncer?.enabled
          ? [{ kind: 'Deployment' as const, name: `${release}-pgbouncer`, replicas: 1, labels: airflow('pgbouncer'), image: 'apache/airflow:airflow-pgbouncer-2025.03.05-1.23.1', port: 6543 }]
          : []),
      ];
    }
    case 'postgresql':
      return [{ kind: 'StatefulSet', name: fullname(release, 'postgresql', values), replicas: 1, labels: std('postgresql', release, 'primary'), image: 'docker.io/bitnami/postgresql:17.5.0', port: 5432 }];
    case 'redis':
      return [{ kind: 'StatefulSet', name: `${fullname(release, 'redis', values)}-master`, replicas: 1, labels: std('redis', release, 'master'), image: 'docker.io/bitnami/redis:8.0.2', port: 6379 }];
    case 'mlflow':
      return [{ kind: 'Deployment', name: fullname(release, 'mlflow', values), replicas: Number(values?.replicaCount ?? 1) || 1, labels: { ...std('mlflow', release, 'tracking'), 'app.kubernetes.io/part-of': 'mlflow' }, image: 'burakince/mlflow:3.1.1', port: 5000 }];
    case 'kube-prometheus-stack': {
      const name = fullname(release, 'kube-prometheus-stack', values);
      return [
        // templates/prometheus-operator/deployment.yaml: `app` + kube-prometheus-stack.labels; selector app/release.
        { kind: 'Deployment', name: `${name}-operator`, replicas: 1, labels: { app: 'kube-prometheus-stack-operator', 'app.kubernetes.io/instance': release, 'app.kubernetes.io/part-of': 'kube-prometheus-stack', release, heritage: 'Helm' }, selector: { app: 'kube-prometheus-stack-operator', release }, image: 'quay.io/prometheus-operator/prometheus-operator:v0.83.0', port: 10250 },
        { kind: 'Deployment', name: `${release}-grafana`, replicas: 1, labels: std('grafana', release), image: 'docker.io/grafana/grafana:12.0.2', port: 3000 },
        { kind: 'Deployment', name: `${release}-kube-state-metrics`, replicas: 1, labels: std('kube-state-metrics', release, 'metrics'), image: 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.16.0', port: 8080 },
      ];
    }
    default:
      return [{ kind: 'Deployment', name: fullname(release, chart, values), replicas: 1, labels: std(chart, release), image: `example.com/${chart}:latest` }];
  }
}

/** A pod name suffix like the ReplicaSet controller's (5 chars of [bcdfghjklmnpqrstvwxz2456789]). @public */
export function podSuffix(seed: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const hex = hexOf(seed, 10);
  let out = '';
  for (let i = 0; i < 5; i++) out += alphabet[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % alphabet.length];
  return out;
}

/** A pod-template-hash like value (10 chars). @public */
export function templateHash(seed: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const hex = hexOf(`tpl:${seed}`, 20);
  let out = '';
  for (let i = 0; i < 10; i++) out += alphabet[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % alphabet.length];
  return out;
}
