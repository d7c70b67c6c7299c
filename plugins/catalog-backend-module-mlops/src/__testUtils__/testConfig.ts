import { DEFAULT_LAYERS } from '@mlops-portal/plugin-mlops-common';
import { MlopsProviderConfig } from '../config/readProviderConfigs';

/** A provider config with the documented defaults, for tests. */
export function testConfig(
  overrides: Partial<MlopsProviderConfig> = {},
): MlopsProviderConfig {
  return {
    id: 'test',
    source: { type: 'local', path: '.' },
    branch: 'main',
    paths: ['.'],
    defaultOwner: 'group:default/platform-team',
    lifecycle: 'production',
    layers: DEFAULT_LAYERS,
    controlPlaneLayer: 'gitops-control-plane',
    operatorNamespaces: ['platform-operators'],
    podSelectors: {},
    clusters: [],
    deletionGraceRuns: 3,
    drift: { enabled: false },
    schedule: { frequency: { minutes: 5 }, timeout: { minutes: 3 } },
    ...overrides,
  };
}
