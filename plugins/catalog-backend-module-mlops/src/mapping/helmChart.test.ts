import { ManifestObject } from '../reader/types';
import { helmChartInfo } from './helmChart';

const o = (kind: string, name: string, spec: any, namespace = 'apps'): ManifestObject => ({
  apiVersion: kind === 'HelmRelease' ? 'helm.toolkit.fluxcd.io/v2' : 'source.toolkit.fluxcd.io/v1',
  kind,
  metadata: { name, namespace },
  spec,
  source: { path: 'a.yaml', document: 0 },
});

const sources = [
  o('HelmRepository', 'bitnami', { type: 'oci', url: 'oci://registry-1.docker.io/bitnamicharts' }, 'flux-system'),
  o('OCIRepository', 'podinfo', { url: 'oci://ghcr.io/stefanprodan/charts/podinfo', ref: { semver: '6.x' } }),
  o('OCIRepository', 'pinned', { url: 'oci://ghcr.io/x/charts/pinned/', ref: { digest: 'sha256:abc' } }),
  o('HelmChart', 'redis', { chart: 'redis', version: '21.x', sourceRef: { kind: 'HelmRepository', name: 'bitnami', namespace: 'flux-system' } }),
];
const lookup = (kind: string, namespace: string, name: string) =>
  sources.find(s => s.kind === kind && s.metadata.namespace === namespace && s.metadata.name === name);

describe('helmChartInfo', () => {
  it('reads spec.chart.spec and the source URL', () => {
    const hr = o('HelmRelease', 'db', {
      chart: { spec: { chart: 'postgresql', version: '16.2.1', sourceRef: { kind: 'HelmRepository', name: 'bitnami', namespace: 'flux-system' } } },
    });
    expect(helmChartInfo(hr, lookup)).toEqual({
      chart: 'postgresql',
      version: '16.2.1',
      source: 'HelmRepository:flux-system/bitnami',
      url: 'oci://registry-1.docker.io/bitnamicharts',
    });
  });

  it('reads a chartRef to an OCIRepository (tag, semver or digest) or a HelmChart', () => {
    expect(helmChartInfo(o('HelmRelease', 'a', { chartRef: { kind: 'OCIRepository', name: 'podinfo' } }), lookup)).toEqual({
      chart: 'podinfo',
      version: '6.x',
      source: 'OCIRepository:apps/podinfo',
      url: 'oci://ghcr.io/stefanprodan/charts/podinfo',
    });
    expect(helmChartInfo(o('HelmRelease', 'b', { chartRef: { kind: 'OCIRepository', name: 'pinned' } }), lookup)).toMatchObject({
      chart: 'pinned',
      version: 'sha256:abc',
    });
    expect(helmChartInfo(o('HelmRelease', 'c', { chartRef: { kind: 'HelmChart', name: 'redis' } }), lookup)).toEqual({
      chart: 'redis',
      version: '21.x',
      source: 'HelmChart:apps/redis',
      url: 'oci://registry-1.docker.io/bitnamicharts',
    });
  });

  it('names a source that is not in Git without a URL, and survives odd specs', () => {
    expect(helmChartInfo(o('HelmRelease', 'd', { chartRef: { kind: 'OCIRepository', name: 'elsewhere', namespace: 'x' } }), lookup)).toEqual({
      chart: undefined,
      version: undefined,
      source: 'OCIRepository:x/elsewhere',
      url: undefined,
    });
    expect(helmChartInfo(o('HelmRelease', 'e', { chartRef: 'nonsense' }), lookup)).toEqual({});
    expect(helmChartInfo(o('HelmRelease', 'f', undefined), lookup)).toEqual({});
  });
});
