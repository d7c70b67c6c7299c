import { ConfigReader } from '@backstage/config';
import { DEFAULT_LAYERS } from '@mlops-portal/plugin-mlops-common';
import { readFileSync } from 'fs';
import { load } from 'js-yaml';
import { resolve } from 'path';
import { readProviderConfigs } from './readProviderConfigs';

const read = (mlops: any) =>
  readProviderConfigs(new ConfigReader({ catalog: { providers: { mlops } } }));

describe('readProviderConfigs', () => {
  it('returns nothing when no provider is configured', () => {
    expect(readProviderConfigs(new ConfigReader({}))).toEqual([]);
  });

  it('fills in every default: no layers, no Domain, a namespace of its own', () => {
    expect(read({ local: { path: '../../gitops', defaultOwner: 'group:default/sre' } })).toEqual([
      {
        id: 'local',
        source: { type: 'local', path: '../../gitops' },
        repoUrl: undefined,
        branch: 'main',
        paths: ['.'],
        repositoryFolder: '',
        entityNamespace: 'local',
        namePrefix: '',
        domain: undefined,
        defaultOwner: 'group:default/sre',
        lifecycle: 'production',
        layers: [],
        autoLayers: 'kustomization',
        controlPlaneLayer: undefined,
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
        schedule: {
          frequency: { minutes: 5 },
          timeout: { minutes: 3 },
          initialDelay: { seconds: 15 },
        },
      },
    ]);
  });

  it.each(['app-config.yaml', 'app-config.production.yaml'])(
    "the portal's own %s configures the seven MLOps layers, the Domain and the default namespace",
    file => {
      const appConfig = load(readFileSync(resolve(__dirname, '../../../..', file), 'utf8')) as any;
      const mlops = appConfig.catalog.providers.mlops;
      const [c] = read(
        Object.fromEntries(
          Object.entries(mlops)
            .filter(([, v]: [string, any]) => v.enabled !== false)
            // ${GITOPS_REPO_URL} is filled from the environment in production.
            .map(([k, v]: [string, any]) => [k, { ...v, target: v.target && 'https://github.com/acme/platform/tree/main/gitops' }]),
        ),
      );
      expect(c.layers.map(({ match: _m, ...l }) => l)).toEqual(DEFAULT_LAYERS);
      expect(c).toMatchObject({
        entityNamespace: 'default',
        namePrefix: '',
        domain: { ref: 'domain:default/mlops-platform', entity: { name: 'mlops-platform', title: 'MLOps platform' } },
        autoLayers: 'namespace',
        controlPlaneLayer: 'gitops-control-plane',
        defaultOwner: 'group:default/platform-team',
        repositoryFolder: 'gitops',
      });
    },
  );

  it('requires a default owner: nothing is owned by a built-in team', () => {
    expect(() => read({ local: { path: 'a' } })).toThrow(
      'Invalid config at catalog.providers.mlops.local.defaultOwner: required',
    );
  });

  it('reads layers by namespace pattern, folder, Kustomization and label, a Domain and sources', () => {
    const [c] = read({
      platform: {
        target: 'https://github.com/org/fleet/tree/main/deploy',
        defaultOwner: 'platform-team',
        entityNamespace: 'fleet',
        namePrefix: 'eu-',
        domain: { name: 'fleet', title: 'The fleet' },
        autoLayers: 'none',
        layers: [
          { id: 'tenants', namespaces: ['team-*'], labels: { 'toolkit.fluxcd.io/tenant': 'dev-team' } },
          { id: 'infra', folders: ['infrastructure/'], kustomizations: ['flux-system/infra-controllers'] },
        ],
        sources: [
          { kind: 'OCIRepository', name: 'apps', folder: 'apps/production' },
          { name: 'tenant-repo', namespace: 'tenants', provider: 'tenants' },
        ],
      },
      tenants: { path: '/srv/tenants', defaultOwner: 'group:default/dev-team' },
    });
    expect(c).toMatchObject({
      repositoryFolder: 'deploy',
      entityNamespace: 'fleet',
      namePrefix: 'eu-',
      domain: {
        ref: 'domain:fleet/eu-fleet',
        entity: { name: 'eu-fleet', title: 'The fleet', owner: 'group:platform-team' },
      },
      autoLayers: 'none',
      sources: [
        { kind: 'OCIRepository', namespace: 'flux-system', name: 'apps', folder: 'apps/production' },
        { kind: 'GitRepository', namespace: 'tenants', name: 'tenant-repo', folder: '', provider: 'tenants' },
      ],
      repositories: {
        tenants: {
          id: 'tenants',
          source: { type: 'local', path: '/srv/tenants' },
          branch: 'main',
          repositoryFolder: '',
        },
      },
    });
    expect(c.layers.map(l => [l.id, l.namespace, l.match])).toEqual([
      ['tenants', '', { namespaces: ['team-*'], folders: [], kustomizations: [], labels: { 'toolkit.fluxcd.io/tenant': 'dev-team' } }],
      ['infra', '', { namespaces: [], folders: ['infrastructure'], kustomizations: ['flux-system/infra-controllers'], labels: {} }],
    ]);
  });

  it('refers to an existing Domain by reference without emitting it', () => {
    const [c] = read({ x: { path: 'a', defaultOwner: 'sre', domain: 'payments' } });
    expect(c.domain).toEqual({ ref: 'domain:default/payments' });
  });

  it('refuses two providers whose entity names could collide, naming the key', () => {
    expect(() =>
      read({
        a: { path: 'a', defaultOwner: 'sre', entityNamespace: 'shared' },
        b: { path: 'b', defaultOwner: 'sre', entityNamespace: 'shared' },
      }),
    ).toThrow(
      "Invalid config at catalog.providers.mlops.b.entityNamespace: providers 'a' and 'b' would both emit entities into namespace 'shared'",
    );
    // A prefix of its own is enough.
    expect(
      read({
        a: { path: 'a', defaultOwner: 'sre', entityNamespace: 'shared' },
        b: { path: 'b', defaultOwner: 'sre', entityNamespace: 'shared', namePrefix: 'b-' },
      }).map(c => c.namePrefix),
    ).toEqual(['', 'b-']);
  });

  it('skips a provider that is switched off, whatever else it says', () => {
    expect(
      read({
        local: { enabled: false, path: '../../gitops' },
        production: { target: 'https://github.com/org/platform/tree/main/gitops', defaultOwner: 'sre' },
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
        maxRemovalShare: 1,
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
      repositoryFolder: 'gitops',
      podSelectors: { 'my-chart': 'app={release}-api' },
      clusters: ['prod-eu'],
      deletionGraceRuns: 0,
      maxRemovalShare: 1,
      drift: { enabled: true },
      schedule: { frequency: { minutes: 30 }, timeout: { minutes: 10 } },
    });
    expect(c.layers[1]).toEqual({
      id: 'apps',
      title: 'apps',
      namespace: 'apps',
      description: '',
      dependsOn: ['flux'],
      match: { namespaces: ['apps'], folders: [], kustomizations: [], labels: {} },
    });
  });

  it.each([
    [{ x: { defaultOwner: 'sre' } }, 'catalog.providers.mlops.x.target: set exactly one of target'],
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
      { x: { path: 'a', maxRemovalShare: 1.5 } },
      'catalog.providers.mlops.x.maxRemovalShare: must be between 0 and 1',
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
      { x: { path: 'a', defaultOwner: 'sre', layers: [{ id: 'a', folders: ['../outside'] }] } },
      'catalog.providers.mlops.x.layers.0.folders.0: must be a folder inside the repository',
    ],
    [
      { x: { path: 'a', defaultOwner: 'sre', repositoryFolder: '/etc' } },
      'catalog.providers.mlops.x.repositoryFolder: must be a folder inside the repository',
    ],
    [
      { x: { path: 'a', defaultOwner: 'sre', sources: [{ name: 'y', provider: 'nobody' }] } },
      "catalog.providers.mlops.x.sources.0.provider: no enabled provider 'nobody' is configured",
    ],
    [
      { x: { path: 'a', defaultOwner: 'sre', sources: [{ kind: 'HelmRepository', name: 'y' }] } },
      'catalog.providers.mlops.x.sources.0.kind',
    ],
    [
      { x: { path: 'a', defaultOwner: 'sre', entityNamespace: 'Not_Valid' } },
      'catalog.providers.mlops.x.entityNamespace: must be a Backstage namespace',
    ],
    [
      { x: { path: 'a', defaultOwner: 'sre', layers: [{ id: 'a' }, { id: 'a' }] } },
      "catalog.providers.mlops.x.layers.1.id: duplicate layer id 'a'",
    ],
    [
      {
        x: {
          path: 'a',
          defaultOwner: 'sre',
          controlPlaneLayer: 'nope',
          layers: [{ id: 'a', namespace: 'a' }],
        },
      },
      'catalog.providers.mlops.x.controlPlaneLayer',
    ],
    [
      { x: { path: 'a', defaultOwner: 'sre', schedule: { frequency: 'often' } } },
      'catalog.providers.mlops.x.schedule',
    ],
  ])('rejects %j naming the key', (mlops, message) => {
    expect(() => read(mlops)).toThrow(message);
  });
});
