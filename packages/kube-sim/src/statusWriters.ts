import { createHash } from 'node:crypto';

/**
 * Status blocks shaped like the real controllers write them. Field names and
 * reasons come from the controllers' API types:
 * Flux `fluxcd/source-controller/api/v1`, `fluxcd/kustomize-controller/api/v1`,
 * `fluxcd/helm-controller/api/v2`; Strimzi `KafkaStatus`; MinIO operator
 * `TenantStatus`; Spark operator `SparkApplicationStatus`; Flink operator
 * `FlinkDeploymentStatus`; Prometheus operator `PrometheusStatus`.
 */

/** A condition as controllers write it. @public */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

/** Deterministic hex of a given length from a seed. @public */
export function hexOf(seed: string, len = 40): string {
  let out = '';
  let i = 0;
  while (out.length < len) {
    out += createHash('sha256').update(`${seed}#${i++}`).digest('hex');
  }
  return out.slice(0, len);
}

/**
 * Keeps a condition's lastTransitionTime when its status did not change, as
 * `meta.SetStatusCondition` does in every controller-runtime controller.
 */
export function mergeConditions(
  previous: Condition[] | undefined,
  next: Omit<Condition, 'lastTransitionTime'>[],
  now: string,
): Condition[] {
  return next.map(c => {
    const old = previous?.find(p => p.type === c.type);
    return {
      ...c,
      lastTransitionTime:
        old && old.status === c.status ? old.lastTransitionTime : now,
    } as Condition;
  });
}

/**
 * The Git revision the simulated source serves: `<branch>@sha1:<commit>`,
 * the followed repository's commit when there is one, else one made up per
 * repository and epoch. @public
 */
export function gitRevision(repo: any, epoch = 0, commit?: string): string {
  const branch = repo?.spec?.ref?.branch ?? 'main';
  return `${branch}@sha1:${commit ?? hexOf(`${repo?.metadata?.namespace}/${repo?.metadata?.name}/${epoch}`)}`;
}

/** A source artifact block. @public */
export function artifact(kind: string, o: any, revision: string, now: string) {
  const ns = o.metadata.namespace;
  const name = o.metadata.name;
  const digest = `sha256:${hexOf(`${kind}/${ns}/${name}/${revision}`, 64)}`;
  const file = `${hexOf(revision, 16)}.tar.gz`;
  return {
    digest,
    lastUpdateTime: now,
    path: `${kind.toLowerCase()}/${ns}/${name}/${file}`,
    revision,
    size: 10_000 + (parseInt(hexOf(name, 4), 16) % 50_000),
    url: `http://source-controller.flux-system.svc.cluster.local./${kind.toLowerCase()}/${ns}/${name}/${file}`,
  };
}

/** A chart's app version as the reference charts publish it (for history snapshots). */
const APP_VERSIONS: Record<string, string> = {
  airflow: '3.0.2',
  'strimzi-kafka-operator': '0.48.0',
  operator: 'v7.1.1',
  'spark-operator': '2.2.1',
  'flink-kubernetes-operator': '1.12.1',
  mlflow: '3.1.1',
  postgresql: '17.5.0',
  'kube-prometheus-stack': 'v0.83.0',
};

/** A HelmRelease history snapshot (helm-controller v2 `Snapshot`). @public */
export function helmSnapshot(
  hr: any,
  chartName: string,
  chartVersion: string,
  version: number,
  status: 'deployed' | 'failed' | 'superseded' | 'pending-upgrade',
  deployedAt: string,
) {
  const ns = hr.spec?.targetNamespace ?? hr.metadata.namespace;
  // helm-controller GetReleaseName: releaseName, else [targetNamespace-]name.
  const name = hr.spec?.releaseName || (hr.spec?.targetNamespace ? `${hr.spec.targetNamespace}-${hr.metadata.name}` : hr.metadata.name);
  const configDigest = `sha256:${hexOf(JSON.stringify(hr.spec?.values ?? {}), 64)}`;
  return {
    name,
    namespace: ns,
    version,
    status,
    chartName,
    chartVersion,
    appVersion: APP_VERSIONS[chartName] ?? chartVersion,
    configDigest,
    digest: `sha256:${hexOf(`${ns}/${name}/${version}/${chartVersion}`, 64)}`,
    firstDeployed: deployedAt,
    lastDeployed: deployedAt,
  };
}

/** The chart name and version a HelmRelease asks for (`spec.chart` or `spec.chartRef`). @public */
export function chartOf(hr: any): { chart: string; version: string } {
  const spec = hr.spec?.chart?.spec;
  if (spec) {
    return { chart: String(spec.chart ?? hr.metadata.name), version: String(spec.version ?? '0.0.0').replace(/^[~^>=<\s]+/, '') };
  }
  // chartRef points at an OCIRepository/HelmChart; the chart is named after the release.
  return { chart: hr.metadata.name, version: '0.0.0' };
}

/** Prior chart version for a failed upgrade's previous snapshot. */
export function previousVersion(v: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)(.*)$/.exec(v);
  if (!m) return v;
  const minor = Number(m[2]);
  return minor > 0 ? `${m[1]}.${minor - 1}.${m[3]}${m[4]}` : `${Math.max(0, Number(m[1]) - 1)}.${m[2]}.${m[3]}${m[4]}`;
}
