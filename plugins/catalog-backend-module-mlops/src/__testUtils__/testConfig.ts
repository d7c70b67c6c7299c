import { DEFAULT_LAYERS } from '@mlops-portal/plugin-mlops-common';
import { MlopsProviderConfig } from '../config/readProviderConfigs';
import { layerRuleOf } from '../mapping/layers';

/**
 * A provider config as the portal's own app-config.yaml sets it up (the seven
 * MLOps layers by namespace, the `mlops-platform` Domain, the `default`
 * namespace, layers per namespace for the rest), for tests.
 */
export function testConfig(
  overrides: Partial<MlopsProviderConfig> = {},
): MlopsProviderConfig {
  return {
    id: 'test',
    source: { type: 'local', path: '.' },
    branch: 'main',
    paths: ['.'],
    repositoryFolder: '',
    entityNamespace: 'default',
    namePrefix: '',
    domain: {
      ref: 'domain:default/mlops-platform',
      entity: {
        name: 'mlops-platform',
        title: 'MLOps platform',
        description: 'The MLOps platform, generated from its GitOps repository.',
        owner: 'group:default/platform-team',
      },
    },
    defaultOwner: 'group:default/platform-team',
    lifecycle: 'production',
    layers: DEFAULT_LAYERS.map(layerRuleOf),
    autoLayers: 'namespace',
    controlPlaneLayer: 'gitops-control-plane',
    sources: [
      { kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system', folder: '' },
    ],
    repositories: {},
    operatorNamespaces: ['platform-operators'],
    podSelectors: {},
    clusters: [],
    deletionGraceRuns: 3,
    maxRemovalShare: 0.3,
    drift: { enabled: false },
    schedule: { frequency: { minutes: 5 }, timeout: { minutes: 3 } },
    ...overrides,
  };
}
