import { ManifestObject } from '../reader/types';

/**
 * The chart a HelmRelease installs, as far as Git says: from
 * `spec.chart.spec` (chart, version, sourceRef → HelmRepository URL) or from
 * `spec.chartRef` (an OCIRepository: the chart is the last segment of its
 * URL, the version its `ref.tag`, `ref.semver` or `ref.digest`; a HelmChart:
 * its own chart, version and source).
 * https://fluxcd.io/flux/components/helm/helmreleases/#chart-reference
 * @public
 */
export interface HelmChartInfo {
  chart?: string;
  version?: string;
  /** The chart's source object, `<Kind>:<namespace>/<name>`. */
  source?: string;
  /** The source's URL (`https://…` or `oci://…`), when the source is in Git. */
  url?: string;
}

type Lookup = (kind: string, namespace: string, name: string) => ManifestObject | undefined;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

function fromTemplate(spec: any, namespace: string, lookup: Lookup): HelmChartInfo {
  const ref = spec?.sourceRef ?? {};
  const kind = str(ref.kind);
  const name = str(ref.name);
  const ns = str(ref.namespace) ?? namespace;
  const source = kind && name ? lookup(kind, ns, name) : undefined;
  return {
    chart: str(spec?.chart),
    version: str(spec?.version),
    source: kind && name ? `${kind}:${ns}/${name}` : undefined,
    url: str(source?.spec?.url),
  };
}

/** @public */
export function helmChartInfo(hr: ManifestObject, lookup: Lookup): HelmChartInfo {
  const namespace = hr.metadata.namespace ?? 'default';
  if (hr.spec?.chart?.spec) return fromTemplate(hr.spec.chart.spec, namespace, lookup);
  const ref = hr.spec?.chartRef;
  const kind = str(ref?.kind);
  const name = str(ref?.name);
  if (!kind || !name) return {};
  const ns = str(ref?.namespace) ?? namespace;
  const source = lookup(kind, ns, name);
  if (kind === 'HelmChart' && source) {
    return { ...fromTemplate(source.spec, ns, lookup), source: `HelmChart:${ns}/${name}` };
  }
  const url = str(source?.spec?.url);
  const r = source?.spec?.ref ?? {};
  return {
    chart: url ? url.replace(/\/+$/, '').split('/').pop() : undefined,
    version: str(r.tag) ?? str(r.semver) ?? str(r.digest),
    source: `${kind}:${ns}/${name}`,
    url,
  };
}
