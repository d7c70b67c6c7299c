import { ConfigReader } from '@backstage/config';
import { DEFAULT_LAYERS } from '@mlops-portal/plugin-mlops-common';
import { readProviderConfigs } from './readProviderConfigs';

const read = (mlops: any) =>
  readProviderConfigs(new ConfigReader({ catalog: { providers: { mlops } } }));

describe('readProviderConfigs', () => {
  it('returns nothing when no provider is configured', () => {
    expect(readProviderConfigs(new ConfigReader({}))).toEqual([]);
  });

  it('fills in every default', () => {
    expect(read({ local: { path: '../../gitops' } })).toEqual([
      {
        id: 'local',
        source: { type: 'local', path: '../../gitops' },
        repoUrl: undefined,
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
        schedule: {
          frequency: { minutes: 5 },
          timeout: { minutes: 3 },
          initialDelay: { seconds: 15 },
        },
      },
    ]);
  });

  it('skips a provider that is switched off, whatever else it says', () => {
    expect(
      read({
        local: { enabled: false, path: '../../gitops' },
        production: { target: 'https://github.com/org/platform/tree/main/gitops' },
      }).map(c => c.id),
    ).toEqual(['production']);
  });

  it('reads a URL target, its branch and every option', () => {
    const [c] = read({
      prod: {
        target: 'https://github.com/org/platform/tree/release/gitops',
        paths: ['clusters/prod'],
        defaultOwner: 'sre',
        layers: [
          { id: 'flux', namespace: 'flux-system' },
          { id: 'apps', namespace: 'apps', dependsOn: ['flux'] },
        ],
        operatorNamespaces: ['operators'],
        podSelectors: { 'my-chart': 'app={release}-api' },
        clusters: ['prod-eu'],
        deletionGraceRuns: 0,
        drift: { enabled: true },
        schedule: { frequency: { minutes: 30 }, timeout: { minutes: 10 } },
      },
    });
    expect(c).toMatchObject({
      source: {
        type: 'url',
        target: 'https://github.com/org/platform/tree/release/gitops',
      },
      branch: 'release',
      paths: ['clusters/prod'],
      defaultOwner: 'group:sre',
      controlPlaneLayer: 'flux',
      podSelectors: { 'my-chart': 'app={release}-api' },
      clusters: ['prod-eu'],
      deletionGraceRuns: 0,
      drift: { enabled: true },
      schedule: { frequency: { minutes: 30 }, timeout: { minutes: 10 } },
    });
    expect(c.layers[1]).toEqual({
      id: 'apps',
      title: 'apps',
      namespace: 'apps',
      description: '',
      dependsOn: ['flux'],
    });
  });

  it.each([
    [{ x: {} }, 'catalog.providers.mlops.x.target: set exactly one of target'],
    [
      { x: { path: 'a', target: 'https://github.com/a/b' } },
      'catalog.providers.mlops.x.target: set exactly one',
    ],
    [
      { x: { target: 'not a url' } },
      'catalog.providers.mlops.x.target: must be a URL',
    ],
    [
      { x: { path: 'a', podSelectors: { airflow: 'release in (a)' } } },
      'catalog.providers.mlops.x.podSelectors.airflow: must be an equality-based label selector',
    ],
    [
      { x: { path: 'a', deletionGraceRuns: -1 } },
      'catalog.providers.mlops.x.deletionGraceRuns',
    ],
    [
      { x: { path: 'a', layers: [{ id: 'Bad Id', namespace: 'n' }] } },
      'catalog.providers.mlops.x.layers.0.id: must be a valid entity name',
    ],
    [
      { x: { path: 'a', drift: { enabled: 'yes' } } },
      'catalog.providers.mlops.x.drift.enabled',
    ],
    [{ x: { path: 'a', unknownKey: 1 } }, 'catalog.providers.mlops.x'],
    [
      {
        x: {
          path: 'a',
          controlPlaneLayer: 'nope',
          layers: [{ id: 'a', namespace: 'a' }],
        },
      },
      'catalog.providers.mlops.x.controlPlaneLayer',
    ],
    [
      { x: { path: 'a', schedule: { frequency: 'often' } } },
      'catalog.providers.mlops.x.schedule',
    ],
  ])('rejects %j naming the key', (mlops, message) => {
    expect(() => read(mlops)).toThrow(message);
  });
});
