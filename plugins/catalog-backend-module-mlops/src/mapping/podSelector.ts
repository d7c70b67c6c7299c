import { ManifestObject } from '../reader/types';

/**
 * The Helm release name helm-controller installs a HelmRelease as:
 * `spec.releaseName`, else `<spec.targetNamespace>-<metadata.name>` when a
 * target namespace is set, else `metadata.name` (helm-controller's
 * `HelmRelease.GetReleaseName`, api/v2/helmrelease_types.go in
 * https://github.com/fluxcd/helm-controller).
 * @public
 */
export function helmReleaseName(hr: ManifestObject): string {
  const spec = hr.spec ?? {};
  if (typeof spec.releaseName === 'string' && spec.releaseName) {
    return spec.releaseName;
  }
  if (typeof spec.targetNamespace === 'string' && spec.targetNamespace) {
    return `${spec.targetNamespace}-${hr.metadata.name}`;
  }
  return hr.metadata.name;
}

/**
 * Pod label selectors for charts whose pods do not carry Helm's recommended
 * `app.kubernetes.io/instance: <release>` label, by chart name; `{release}`
 * is replaced by the release name. helm-controller puts its
 * `helm.toolkit.fluxcd.io/name`/`namespace` labels only on each rendered
 * object's own metadata, never on pod templates (helm-controller
 * internal/postrender origin labels), so the Kubernetes tab — which uses one
 * selector for pods, ReplicaSets and Deployments — must select on what the
 * chart's pod templates themselves carry. Extend or replace entries with the
 * provider's `podSelectors` config.
 * @public
 */
export const DEFAULT_POD_SELECTORS: Readonly<Record<string, string>> = {
  // strimzi/strimzi-kafka-operator helm-charts/helm3/strimzi-kafka-operator/
  // templates/060-Deployment-strimzi-cluster-operator.yaml: the pod template
  // carries only `name: strimzi-cluster-operator` and `strimzi.io/kind`, and
  // the Deployment neither: releases set the chart value
  // `deploymentLabels: {name: strimzi-cluster-operator}` so the tab (one
  // selector for Deployments and pods) finds both.
  'strimzi-kafka-operator': 'name=strimzi-cluster-operator',
  // apache/airflow chart/templates: every pod carries `tier: airflow`,
  // `component: <x>` and `release: {{ .Release.Name }}`, no app.kubernetes.io/*.
  airflow: 'release={release}',
};

/**
 * The `backstage.io/kubernetes-label-selector` of a HelmRelease's workloads:
 * the chart's entry in the override table (config first, then
 * {@link DEFAULT_POD_SELECTORS}), else `app.kubernetes.io/instance=<release>`.
 * @public
 */
export function helmPodSelector(
  hr: ManifestObject,
  overrides: Readonly<Record<string, string>> = {},
): string {
  const release = helmReleaseName(hr);
  const chart = String(
    hr.spec?.chart?.spec?.chart ?? hr.spec?.chartRef?.name ?? '',
  );
  const own = (table: Readonly<Record<string, string>>) =>
    Object.hasOwn(table, chart) ? table[chart] : undefined;
  const template =
    own(overrides) ??
    own(DEFAULT_POD_SELECTORS) ??
    'app.kubernetes.io/instance={release}';
  return template.split('{release}').join(release);
}
