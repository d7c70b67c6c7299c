import type { ObjectStatus } from '@mlops-portal/plugin-mlops-common';
import type { CachedObject } from '@mlops-portal/plugin-mlops-node';
import { buildClusterTrace, markFirstFailures } from './buildClusterTrace';
import { ClusterTraceIndex, objectIndexKey } from './ClusterTraceIndex';

function obj(apiVersion: string, kind: string, namespace: string, name: string, status: ObjectStatus, object: Record<string, any> = {}): CachedObject {
  const labels: Record<string, string> = object.metadata?.labels ?? {};
  return {
    cluster: 'real',
    apiVersion,
    kind,
    namespace,
    name,
    labels,
    object: { apiVersion, kind, metadata: { name, namespace, labels }, ...object },
    summary: {
      cluster: 'real',
      apiVersion,
      kind,
      namespace,
      name,
      status: { status, reason: `${status}Reason`, message: `${name} is ${status}`, badges: [] },
      flux: true,
      suspended: false,
      facts: {},
    },
  } as CachedObject;
}

// As helm-controller v1.4.0 leaves them on the real-cluster tier: the
// HelmChart it creates for the release carries the release's origin labels
// (fluxcd/pkg ssa SetOwnerLabels) and is the release's chart source
// (status.helmChart).
const helmLabels = { 'helm.toolkit.fluxcd.io/name': 'stack', 'helm.toolkit.fluxcd.io/namespace': 'obs' };
function cluster(release: ObjectStatus) {
  return new ClusterTraceIndex(
    'real',
    [
      obj('source.toolkit.fluxcd.io/v1', 'GitRepository', 'flux-system', 'platform', 'Ready'),
      obj('kustomize.toolkit.fluxcd.io/v1', 'Kustomization', 'flux-system', 'obs', 'Ready', { spec: { sourceRef: { kind: 'GitRepository', name: 'platform' } } }),
      obj('source.toolkit.fluxcd.io/v1', 'HelmRepository', 'obs', 'charts', 'Ready', {
        metadata: { labels: { 'kustomize.toolkit.fluxcd.io/name': 'obs', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } },
      }),
      obj('source.toolkit.fluxcd.io/v1', 'HelmChart', 'obs', 'obs-stack', 'Ready', {
        metadata: { labels: helmLabels },
        spec: { sourceRef: { kind: 'HelmRepository', name: 'charts' } },
      }),
      obj('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'obs', 'stack', release, {
        metadata: { labels: { 'kustomize.toolkit.fluxcd.io/name': 'obs', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } },
        spec: { chart: { spec: { chart: 'stack', sourceRef: { kind: 'HelmRepository', name: 'charts' } } } },
        status: { helmChart: 'obs/obs-stack' },
      }),
      obj('apps/v1', 'Deployment', 'obs', 'stack-grafana', 'Ready', { metadata: { labels: helmLabels } }),
    ],
    [],
  );
}

describe('buildClusterTrace with the HelmChart helm-controller creates', () => {
  const release = objectIndexKey('HelmRelease', 'obs', 'stack');

  it('links the HelmChart as the release\'s source only, not as something the release applies', () => {
    const index = cluster('Ready');
    const chart = objectIndexKey('HelmChart', 'obs', 'obs-stack');
    expect(index.parents(release)).toContainEqual({ from: chart, to: release, type: 'source' });
    expect(index.children(release).map(e => e.to)).toEqual([objectIndexKey('Deployment', 'obs', 'stack-grafana')]);
    expect(index.parents(chart).map(e => e.from)).toEqual([objectIndexKey('HelmRepository', 'obs', 'charts')]);
  });

  it('marks a failing release as the first failure (it is not upstream of itself)', () => {
    const t = buildClusterTrace(cluster('Failed'), [release], 100);
    const first = markFirstFailures(t.nodes, t.edges);
    expect(first.map(n => n.id)).toEqual(['real|HelmRelease|obs|stack']);
    expect(t.nodes.get('real|GitRepository|flux-system|platform')).toBeDefined();
  });
});
