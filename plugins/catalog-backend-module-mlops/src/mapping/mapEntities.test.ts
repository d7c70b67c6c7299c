import { Entity } from '@backstage/catalog-model';
import { resolve } from 'path';
import { ingestRepository } from '../provider/ingest';
import { collectObjects } from '../reader/collectObjects';
import { readLocalRepository } from '../reader/readRepository';
import { RepoFile } from '../reader/types';
import { DEFAULT_LAYERS } from '@mlops-portal/plugin-mlops-common';
import { testConfig } from '../__testUtils__/testConfig';
import { createLocalRepoLinks, createUrlRepoLinks } from './repoLinks';

const fixtures = resolve(__dirname, '../__fixtures__');

function find(entities: Entity[], kind: string, name: string): Entity {
  const e = entities.find(x => x.kind === kind && x.metadata.name === name);
  if (!e) {
    throw new Error(
      `no ${kind} ${name}; have ${entities
        .map(x => `${x.kind}:${x.metadata.name}`)
        .join(', ')}`,
    );
  }
  return e;
}

describe('mapEntities on a repository laid out like our gitops/', () => {
  let files: RepoFile[];
  let entities: Entity[];
  beforeAll(async () => {
    files = await readLocalRepository(resolve(fixtures, 'mlops-repo'));
    const result = ingestRepository(
      files,
      testConfig({ paths: ['clusters/local'], clusters: ['local'] }),
      createUrlRepoLinks(
        'https://github.com/example-org/mlops-platform/tree/main/gitops',
        'main',
      ),
    );
    entities = result.entities;
  });

  it('emits the domain and one System per layer, in the domain', () => {
    expect(find(entities, 'Domain', 'mlops-platform').spec?.owner).toBe(
      'group:default/platform-team',
    );
    const systems = entities.filter(e => e.kind === 'System');
    expect(systems.map(s => s.metadata.name)).toEqual(
      DEFAULT_LAYERS.map(l => l.id),
    );
    const data = find(entities, 'System', 'data-storage');
    expect(data.spec).toMatchObject({
      domain: 'domain:default/mlops-platform',
      owner: 'group:default/data-team',
    });
    expect(data.metadata.annotations?.['mlops-portal.io/layer']).toBe(
      'data-storage',
    );
  });

  it('maps operators, services, databases and caches from HelmReleases', () => {
    const strimzi = find(entities, 'Component', 'strimzi-operator');
    expect(strimzi.spec).toMatchObject({
      type: 'platform-operator',
      lifecycle: 'production',
      system: 'system:default/platform-operators',
      owner: 'group:default/platform-team',
    });
    expect(strimzi.spec?.dependsOn).toEqual(
      expect.arrayContaining([
        'resource:default/mlops-kafka',
        'resource:default/strimzi',
      ]),
    );
    expect(
      find(entities, 'Component', 'minio-operator').spec?.dependsOn,
    ).toContain('resource:default/mlops-minio');
    expect(
      find(entities, 'Component', 'spark-operator').spec?.dependsOn,
    ).toContain('component:default/feature-engineering');
    expect(
      find(entities, 'Component', 'flink-operator').spec?.dependsOn,
    ).toContain('component:default/fraud-detector');

    const airflow = find(entities, 'Component', 'airflow');
    expect(airflow.spec).toMatchObject({
      type: 'service',
      system: 'system:default/orchestration',
      owner: 'group:default/data-team',
    });
    expect(airflow.spec?.dependsOn).toEqual([
      'resource:default/airflow-postgresql',
      'resource:default/airflow-redis',
      'resource:default/apache-airflow',
    ]);
    expect(find(entities, 'Resource', 'airflow-postgresql').spec?.type).toBe(
      'database',
    );
    expect(find(entities, 'Resource', 'airflow-redis').spec?.type).toBe(
      'cache',
    );
    expect(find(entities, 'Resource', 'mlflow-db').spec).toMatchObject({
      type: 'database',
      system: 'system:default/ml-lifecycle',
      owner: 'group:default/ml-team',
    });
  });

  it('maps Strimzi, MinIO, Spark and Flink objects, with node pools folded into their Kafka', () => {
    const kafka = find(entities, 'Resource', 'mlops-kafka');
    expect(kafka.spec).toMatchObject({
      type: 'kafka-cluster',
      system: 'system:default/data-storage',
      owner: 'group:default/data-team',
    });
    expect(kafka.metadata.annotations?.['mlops-portal.io/objects']).toBe(
      'Kafka:data-plane/mlops-kafka, KafkaNodePool:data-plane/dual-role',
    );
    expect(entities.some(e => e.metadata.name === 'dual-role')).toBe(false);
    const topic = find(entities, 'Resource', 'feature-vectors');
    expect(topic.spec).toMatchObject({
      type: 'kafka-topic',
      owner: 'group:default/ml-team',
      dependsOn: ['resource:default/mlops-kafka'],
    });
    // Linked to the ML workbench's Kafka view by the topic's name on the broker.
    expect(topic.metadata.annotations?.['mlops-portal.io/kafka-topics']).toBe('feature-vectors');
    expect(find(entities, 'Resource', 'mlops-minio').spec?.type).toBe(
      'object-store',
    );
    expect(
      find(entities, 'Component', 'feature-engineering').spec,
    ).toMatchObject({
      type: 'data-pipeline',
      system: 'system:default/processing',
      owner: 'group:default/ml-team',
    });
    expect(find(entities, 'Component', 'fraud-detector').spec?.type).toBe(
      'stream-processor',
    );
  });

  it('maps Flux Kustomizations and sources into the control plane with their dependsOn', () => {
    const processing = find(entities, 'Resource', 'processing');
    expect(processing.spec).toMatchObject({
      type: 'flux-kustomization',
      system: 'system:default/gitops-control-plane',
      owner: 'group:default/platform-team',
      dependsOn: [
        'resource:default/flux-system-gitrepository',
        'resource:default/ml-lifecycle',
        'resource:default/orchestration',
      ],
    });
    // GitRepository and Kustomization are both named flux-system: told apart.
    const source = find(entities, 'Resource', 'flux-system-gitrepository');
    expect(source.spec?.type).toBe('flux-source');
    expect(source.metadata.annotations?.['mlops-portal.io/objects']).toBe(
      'GitRepository:flux-system/flux-system',
    );
    expect(
      find(entities, 'Resource', 'flux-system-kustomization').spec?.dependsOn,
    ).toEqual(['resource:default/flux-system-gitrepository']);
  });

  it('annotates links back to Git and to the cluster objects', () => {
    const airflow = find(entities, 'Component', 'airflow');
    expect(airflow.metadata.annotations).toEqual({
      'backstage.io/managed-by-location': 'mlops-provider:test',
      'backstage.io/managed-by-origin-location': 'mlops-provider:test',
      'backstage.io/source-location':
        'url:https://github.com/example-org/mlops-platform/tree/main/gitops/orchestration/',
      'backstage.io/view-url':
        'https://github.com/example-org/mlops-platform/blob/main/gitops/orchestration/airflow.yaml',
      'backstage.io/edit-url':
        'https://github.com/example-org/mlops-platform/edit/main/gitops/orchestration/airflow.yaml',
      'mlops-portal.io/objects': 'HelmRelease:orchestration/airflow',
      'mlops-portal.io/clusters': 'local',
      'backstage.io/kubernetes-id': 'airflow',
      'backstage.io/kubernetes-namespace': 'orchestration',
      'backstage.io/kubernetes-label-selector': 'release=airflow',
      // The chart as written in Git, and its source (issue 15).
      'mlops-portal.io/helm-chart': 'airflow',
      'mlops-portal.io/helm-chart-version': '1.18.0',
      'mlops-portal.io/helm-chart-source': 'HelmRepository:orchestration/apache-airflow',
      'mlops-portal.io/helm-chart-url': 'https://airflow.apache.org',
    });
  });

  it('selects HelmRelease pods by the labels each chart puts on its pods', () => {
    const selector = (kind: string, name: string) =>
      find(entities, kind, name).metadata.annotations?.[
        'backstage.io/kubernetes-label-selector'
      ];
    // Charts with their own pod labels (override table).
    expect(selector('Component', 'strimzi-operator')).toBe(
      'name=strimzi-cluster-operator',
    );
    expect(selector('Component', 'airflow')).toBe('release=airflow');
    // Charts following Helm's recommended labels: the release name.
    expect(selector('Component', 'mlflow')).toBe(
      'app.kubernetes.io/instance=mlflow',
    );
    expect(selector('Component', 'minio-operator')).toBe(
      'app.kubernetes.io/instance=minio-operator',
    );
    expect(selector('Resource', 'airflow-postgresql')).toBe(
      'app.kubernetes.io/instance=airflow-postgresql',
    );
    // helm-controller's origin labels never reach pods: never select on them.
    for (const e of entities) {
      expect(
        e.metadata.annotations?.['backstage.io/kubernetes-label-selector'] ??
          '',
      ).not.toContain('helm.toolkit.fluxcd.io');
    }
  });

  it('resolves postBuild substitution from the platform-settings ConfigMap', () => {
    const { objects } = collectObjects(files, { paths: ['clusters/local'] });
    const pool = objects.find(o => o.kind === 'KafkaNodePool')!;
    expect(pool.spec.replicas).toBe('3');
    expect(pool.metadata.namespace).toBe('data-plane');
  });

  it('only includes what Flux applies', () => {
    expect(entities.some(e => e.metadata.name === 'loki')).toBe(false);
    expect(entities.some(e => e.metadata.name === 'draft')).toBe(false);
  });

  it('gives every entity a valid, unique ref and the provider location', () => {
    const refs = entities.map(e => `${e.kind}:${e.metadata.name}`);
    expect(new Set(refs).size).toBe(refs.length);
    for (const e of entities) {
      expect(e.metadata.name).toMatch(/^[a-zA-Z0-9]+([-_.][a-zA-Z0-9]+)*$/);
      expect(e.metadata.annotations?.['backstage.io/managed-by-location']).toBe(
        'mlops-provider:test',
      );
    }
  });
});

describe('mapEntities on a repository laid out like Flux examples', () => {
  let entities: Entity[];
  beforeAll(async () => {
    const root = resolve(fixtures, 'flux-example-repo');
    const files = await readLocalRepository(root);
    entities = ingestRepository(
      files,
      testConfig({
        paths: ['clusters/production'],
        defaultOwner: 'group:default/platform-admins',
      }),
      createLocalRepoLinks(root),
    ).entities;
  });

  it('follows the cluster Kustomizations through base and overlay', () => {
    const podinfo = find(entities, 'Component', 'podinfo');
    // Owner from the production overlay's patch, namespace from the base.
    expect(podinfo.spec).toMatchObject({
      type: 'service',
      owner: 'group:default/data-team',
      system: 'system:default/podinfo',
      dependsOn: ['resource:default/podinfo'],
    });
    expect(podinfo.metadata.annotations?.['backstage.io/source-location']).toBe(
      `file:${resolve(fixtures, 'flux-example-repo')}/apps/base/podinfo/`,
    );
    expect(
      podinfo.metadata.annotations?.['backstage.io/view-url'],
    ).toBeUndefined();
    expect(find(entities, 'Resource', 'podinfo').spec).toMatchObject({
      type: 'flux-source',
      owner: 'group:default/ml-team',
    });
  });

  it('gives namespaces outside the layer map a System of their own', () => {
    const system = find(entities, 'System', 'cert-manager');
    expect(system.spec).toMatchObject({
      owner: 'group:default/platform-admins',
      domain: 'domain:default/mlops-platform',
    });
    expect(find(entities, 'Component', 'cert-manager').spec).toMatchObject({
      owner: 'group:default/platform-admins',
      system: 'system:default/cert-manager',
    });
    expect(find(entities, 'Component', 'ingress-nginx').spec).toMatchObject({
      owner: 'group:default/platform-team',
      system: 'system:default/ingress-nginx',
    });
  });

  it('expresses Flux dependsOn between Kustomizations', () => {
    expect(find(entities, 'Resource', 'apps').spec?.dependsOn).toEqual([
      'resource:default/flux-system-gitrepository',
      'resource:default/infra-configs',
    ]);
    expect(find(entities, 'Resource', 'infra-configs').spec?.dependsOn).toEqual(
      [
        'resource:default/flux-system-gitrepository',
        'resource:default/infra-controllers',
      ],
    );
  });

  it('does not mix in the staging cluster', () => {
    const podinfos = entities.filter(
      e => e.metadata.name.includes('podinfo') && e.kind === 'Component',
    );
    expect(podinfos).toHaveLength(1);
  });
});

describe('mapEntities edge cases', () => {
  const links = createLocalRepoLinks('/repo');
  const hr = (name: string, labels = '') =>
    `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: apps\n${labels}spec:\n  chart: {spec: {chart: ${name}}}\n`;

  it('ignores an owner label that is not an entity reference, falling back to the namespace', () => {
    const { entities, problems } = ingestRepository(
      [
        {
          path: 'ns.yaml',
          content:
            'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n  labels: {mlops-portal.io/owner: ml-team}\n',
        },
        {
          path: 'a.yaml',
          content: hr(
            'a',
            '  annotations: {mlops-portal.io/owner: "Data Team!"}\n',
          ),
        },
      ],
      testConfig(),
      links,
    );
    expect(find(entities, 'Component', 'a').spec?.owner).toBe(
      'group:default/ml-team',
    );
    expect(problems).toEqual([
      {
        path: 'a.yaml',
        reason:
          "HelmRelease a: mlops-portal.io/owner 'Data Team!' is not an entity reference, ignored",
      },
    ]);
  });

  it('tells apart objects of one name in different namespaces', () => {
    const { entities } = ingestRepository(
      [
        { path: 'a.yaml', content: hr('api') },
        {
          path: 'b.yaml',
          content: hr('api').replace('namespace: apps', 'namespace: web'),
        },
      ],
      testConfig(),
      links,
    );
    expect(
      entities.filter(e => e.kind === 'Component').map(e => e.metadata.name),
    ).toEqual(['apps-api', 'web-api']);
  });
});
