import { gunzipSync, gzipSync } from 'node:zlib';
import { stringify } from 'yaml';
import { workloadsForChart } from './workloads';

/*
 * Helm's release storage as helm-controller leaves it (Helm's Secret
 * driver, helm/helm pkg/storage/driver/secrets.go and util.go): one Secret
 * per release revision, named `sh.helm.release.v1.<release>.v<revision>`,
 * type `helm.sh/release.v1`, labels `owner=helm`, `name`, `status`,
 * `version`, and `data.release` = base64(gzip(JSON of the release)) — which
 * the API shows base64-encoded once more, like all Secret data.
 */

/** The Secret type Helm's storage driver writes. @public */
export const HELM_RELEASE_SECRET_TYPE = 'helm.sh/release.v1';

/** `sh.helm.release.v1.<release>.v<revision>`. @public */
export function helmReleaseSecretName(release: string, revision: number): string {
  return `sh.helm.release.v1.${release}.v${revision}`;
}

/** The manifest a simulated chart renders: its workloads and Services, as `helm template` prints them. @public */
export function renderChartManifest(chart: string, chartVersion: string, release: string, namespace: string, values: any): string {
  const docs: string[] = [];
  for (const w of workloadsForChart(chart, release, values ?? {})) {
    const labels = { ...w.labels, 'helm.sh/chart': `${chart}-${chartVersion}` };
    const podLabels = w.podLabels ?? w.labels;
    const image = typeof values?.image?.tag === 'string' ? `${w.image.split(':')[0]}:${values.image.tag}` : w.image;
    docs.push(
      `# Source: ${chart}/templates/${w.kind.toLowerCase()}-${w.name}.yaml\n${stringify({
        apiVersion: 'apps/v1',
        kind: w.kind,
        metadata: { name: w.name, namespace, labels },
        spec: {
          replicas: w.replicas,
          selector: { matchLabels: w.selector ?? podLabels },
          template: { metadata: { labels: podLabels }, spec: { containers: [{ name: w.name.split('-').pop() ?? 'main', image, ...(w.port ? { ports: [{ containerPort: w.port }] } : {}) }] } },
        },
      })}`,
    );
    if (w.port) {
      docs.push(
        `# Source: ${chart}/templates/service-${w.name}.yaml\n${stringify({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: w.name, namespace, labels },
          spec: { selector: w.selector ?? podLabels, ports: [{ port: w.port, targetPort: w.port }] },
        })}`,
      );
    }
  }
  return docs.map(d => `---\n${d}`).join('');
}

/** What one revision of a release holds. @public */
export interface HelmRevision {
  release: string;
  namespace: string;
  revision: number;
  status: 'deployed' | 'failed' | 'superseded' | 'pending-upgrade';
  chart: string;
  chartVersion: string;
  appVersion?: string;
  /** The user-supplied values (`spec.values`). */
  config: any;
  manifest: string;
  deployedAt: string;
}

/** What Helm writes in `info.description` for a revision. */
function describeRevision(r: HelmRevision): string {
  if (r.status === 'failed') return 'Upgrade failed';
  return r.revision === 1 ? 'Install complete' : 'Upgrade complete';
}

/** The Helm storage Secret of one revision. @public */
export function helmReleaseSecret(r: HelmRevision): any {
  const release = {
    name: r.release,
    namespace: r.namespace,
    version: r.revision,
    info: {
      first_deployed: r.deployedAt,
      last_deployed: r.deployedAt,
      deleted: '',
      description: describeRevision(r),
      status: r.status,
    },
    chart: { metadata: { name: r.chart, version: r.chartVersion, appVersion: r.appVersion, apiVersion: 'v2' }, values: {} },
    config: r.config ?? {},
    manifest: r.manifest,
    hooks: [],
  };
  const payload = gzipSync(Buffer.from(JSON.stringify(release))).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: HELM_RELEASE_SECRET_TYPE,
    metadata: {
      name: helmReleaseSecretName(r.release, r.revision),
      namespace: r.namespace,
      labels: { owner: 'helm', name: r.release, status: r.status, version: String(r.revision) },
    },
    data: { release: Buffer.from(payload).toString('base64') },
  };
}

/**
 * The storage Secret with the release's status changed, in its labels and in
 * the release record itself: Helm rewrites the whole record when a revision
 * is superseded (pkg/action/upgrade.go), not just the label.
 */
export function withHelmReleaseStatus(secret: any, status: HelmRevision['status']): any {
  const once = Buffer.from(secret.data.release, 'base64').toString('utf8');
  const release = JSON.parse(gunzipSync(Buffer.from(once, 'base64')).toString('utf8'));
  release.info = { ...release.info, status };
  const payload = gzipSync(Buffer.from(JSON.stringify(release))).toString('base64');
  return {
    ...secret,
    metadata: { ...secret.metadata, labels: { ...secret.metadata.labels, status } },
    data: { ...secret.data, release: Buffer.from(payload).toString('base64') },
  };
}
