import { ManifestObject } from '../reader/types';
import { mapDriftEntities } from './mapDriftEntities';

const inGit: ManifestObject[] = [
  {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: 'airflow', namespace: 'orchestration' },
    source: { path: 'a.yaml', document: 0 },
  },
];
const options = {
  providerId: 'p',
  defaultOwner: 'group:default/platform-team',
  controlPlaneLayer: 'gitops-control-plane',
};

describe('mapDriftEntities', () => {
  it('emits Flux objects that are on a cluster but not in Git, flagged unmanaged', () => {
    const entities = mapDriftEntities(
      [
        {
          cluster: 'prod',
          kind: 'HelmRelease',
          namespace: 'orchestration',
          name: 'airflow',
        },
        {
          cluster: 'prod',
          kind: 'Kustomization',
          namespace: 'flux-system',
          name: 'hotfix',
        },
        {
          cluster: 'prod',
          kind: 'HelmChart',
          namespace: 'flux-system',
          name: 'generated',
        },
      ],
      inGit,
      options,
    );
    expect(entities).toEqual([
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'unmanaged-prod-kustomization-flux-system-hotfix',
          title:
            'Kustomization flux-system/hotfix on prod (unmanaged: not in Git)',
          description: expect.stringContaining('not in the GitOps repository'),
          tags: ['kustomization', 'unmanaged'],
          annotations: {
            'backstage.io/managed-by-location': 'mlops-provider:p',
            'backstage.io/managed-by-origin-location': 'mlops-provider:p',
            'mlops-portal.io/drift': 'unmanaged',
            'mlops-portal.io/clusters': 'prod',
            'mlops-portal.io/objects': 'Kustomization:flux-system/hotfix',
            'backstage.io/kubernetes-id':
              'unmanaged-prod-kustomization-flux-system-hotfix',
            'backstage.io/kubernetes-namespace': 'flux-system',
          },
        },
        spec: {
          type: 'flux-kustomization',
          owner: 'group:default/platform-team',
          system: 'system:default/gitops-control-plane',
        },
      },
    ]);
  });

  it('gives long names a valid shortened name', () => {
    const [e] = mapDriftEntities(
      [
        {
          cluster: 'production-eu-west-1',
          kind: 'HelmRelease',
          namespace: 'processing-jobs',
          name: 'a-very-long-release-name-for-testing',
        },
      ],
      [],
      options,
    );
    expect(e.metadata.name.length).toBeLessThanOrEqual(63);
    expect(e.metadata.name).toMatch(
      /^unmanaged-production-eu-west-1-helmrelease-.*-[0-9a-f]{8}$/,
    );
  });
});
