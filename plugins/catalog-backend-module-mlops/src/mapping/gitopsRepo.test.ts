import { Entity } from '@backstage/catalog-model';
import { DEFAULT_LAYERS } from '@mlops-portal/plugin-mlops-common';
import { resolve } from 'path';
import { ingestRepository, IngestResult } from '../provider/ingest';
import { readLocalRepository } from '../reader/readRepository';
import { testConfig } from '../__testUtils__/testConfig';
import { createLocalRepoLinks } from './repoLinks';

// The reference platform of this repository, read where the local portal
// reads it (app-config.yaml: catalog.providers.mlops.local.path).
const GITOPS = resolve(__dirname, '../../../../gitops');

function get(result: IngestResult, ref: string): Entity {
  const [kind, name] = ref.split(':');
  const e = result.entities.find(
    x => x.kind === kind && x.metadata.name === name,
  );
  if (!e)
    throw new Error(
      `no ${ref} among ${result.entities
        .map(x => `${x.kind}:${x.metadata.name}`)
        .join(', ')}`,
    );
  return e;
}

describe('the reference platform in gitops/', () => {
  let result: IngestResult;
  beforeAll(async () => {
    const files = await readLocalRepository(GITOPS);
    result = ingestRepository(
      files,
      // As app-config.yaml: the provider reads gitops/ of the platform
      // repository, whose GitRepository (mlops-infrastructure) has that URL.
      testConfig({
        id: 'local',
        repoUrl: 'https://github.com/mlops-portal/mlops-platform/tree/main/gitops',
        repositoryFolder: 'gitops',
      }),
      createLocalRepoLinks(
        GITOPS,
        'https://github.com/mlops-portal/mlops-platform/tree/main/gitops',
        'main',
      ),
    );
  });

  it('reads without problems', () => {
    expect(result.problems).toEqual([]);
  });

  it('has the seven layers as Systems, owned as their namespaces say', () => {
    const systems = result.entities.filter(e => e.kind === 'System');
    expect(systems.map(s => s.metadata.name)).toEqual(
      DEFAULT_LAYERS.map(l => l.id),
    );
    expect(get(result, 'System:data-storage').spec?.owner).toBe(
      'group:default/data-team',
    );
    expect(get(result, 'System:ml-lifecycle').spec?.owner).toBe(
      'group:default/ml-team',
    );
    expect(get(result, 'System:platform-operators').spec?.owner).toBe(
      'group:default/platform-team',
    );
  });

  it('puts each layer Kustomization into the layer it deploys, chained by dependsOn', () => {
    const ks = get(result, 'Resource:data-storage');
    expect(ks.spec).toMatchObject({
      type: 'flux-kustomization',
      system: 'system:default/data-storage',
      owner: 'group:default/data-team',
    });
    expect(ks.spec?.dependsOn).toEqual(
      expect.arrayContaining([
        'resource:default/platform-operators',
        'resource:default/mlops-infrastructure',
      ]),
    );
    expect(get(result, 'Resource:mlops-infrastructure').spec).toMatchObject({
      type: 'flux-source',
      system: 'system:default/gitops-control-plane',
    });
  });

  it('has the operators, each depending on what it runs', () => {
    const strimzi = get(result, 'Component:strimzi-operator');
    expect(strimzi.spec).toMatchObject({
      type: 'platform-operator',
      system: 'system:default/platform-operators',
    });
    expect(strimzi.spec?.dependsOn).toContain('resource:default/mlops-kafka');
    expect(get(result, 'Component:minio-operator').spec?.dependsOn).toContain(
      'resource:default/mlops-minio',
    );
    expect(get(result, 'Component:spark-operator').spec?.dependsOn).toContain(
      'component:default/feature-engineering',
    );
    expect(get(result, 'Component:flink-operator').spec?.dependsOn).toContain(
      'component:default/event-enrichment',
    );
  });

  it('has the data plane as Resources with node pools folded into the Kafka cluster', () => {
    const kafka = get(result, 'Resource:mlops-kafka');
    expect(kafka.spec).toMatchObject({
      type: 'kafka-cluster',
      system: 'system:default/data-storage',
      owner: 'group:default/data-team',
    });
    expect(kafka.metadata.annotations?.['mlops-portal.io/objects']).toMatch(
      /^Kafka:data-plane\/mlops-kafka, KafkaNodePool:data-plane\//,
    );
    expect(get(result, 'Resource:raw-events').spec).toMatchObject({
      type: 'kafka-topic',
      dependsOn: ['resource:default/mlops-kafka'],
    });
    expect(get(result, 'Resource:mlops-minio').spec?.type).toBe('object-store');
  });

  it('has Airflow depending on its own PostgreSQL, and MLflow on its database', () => {
    expect(get(result, 'Resource:airflow-postgresql').spec).toMatchObject({
      type: 'database',
      system: 'system:default/orchestration',
    });
    expect(get(result, 'Component:airflow').spec?.dependsOn).toContain(
      'resource:default/airflow-postgresql',
    );
    expect(get(result, 'Component:mlflow').spec).toMatchObject({
      type: 'service',
      owner: 'group:default/ml-team',
      system: 'system:default/ml-lifecycle',
    });
    expect(get(result, 'Component:mlflow').spec?.dependsOn).toContain(
      'resource:default/mlflow-postgresql',
    );
  });

  it('links each entity to its file and its objects', () => {
    const airflow = get(result, 'Component:airflow');
    expect(airflow.metadata.annotations).toMatchObject({
      'backstage.io/source-location': `file:${GITOPS}/components/orchestration/`,
      'backstage.io/view-url':
        'https://github.com/mlops-portal/mlops-platform/blob/main/gitops/components/orchestration/airflow.yaml',
      'backstage.io/edit-url':
        'https://github.com/mlops-portal/mlops-platform/edit/main/gitops/components/orchestration/airflow.yaml',
      'backstage.io/managed-by-location': 'mlops-provider:local',
      'mlops-portal.io/objects': 'HelmRelease:orchestration/airflow',
      'backstage.io/kubernetes-id': 'airflow',
      'backstage.io/kubernetes-namespace': 'orchestration',
    });
  });
});
