import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { ClusterChange } from '@mlops-portal/plugin-mlops-node';
import { EntityIndex, toLinkedEntity } from './EntityIndex';
import { startSignalPublisher } from './SignalPublisher';

const component = (name: string, object: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations: { 'mlops-portal.io/objects': object } },
  spec: { type: 'platform-operator', owner: 'group:default/platform-team', lifecycle: 'production' },
});

describe('startSignalPublisher', () => {
  const published: any[] = [];
  let clusterListener: (batch: ClusterChange[]) => void = () => {};
  const clusters = {
    subscribe: (l: (batch: ClusterChange[]) => void) => {
      clusterListener = l;
      return () => {};
    },
    listClusterNames: () => ['prod', 'staging'],
    getObject: () => undefined,
  };
  const entities = new EntityIndex({ catalog: {} as any, auth: {} as any, logger: mockServices.logger.mock(), clusters: clusters as any });
  const signals = { publish: async (s: any) => void published.push(s.message) };
  let stop: () => void;

  beforeAll(() => {
    entities.setEntities([toLinkedEntity(component('airflow', 'HelmRelease:orchestration/airflow'), () => true)]);
    stop = startSignalPublisher({ clusters: clusters as any, entities, signals: signals as any, logger: mockServices.logger.mock(), now: () => new Date(0) });
  });
  afterAll(() => stop());
  beforeEach(() => published.splice(0));

  it('signals the owners of changed cluster objects on the changed clusters', () => {
    clusterListener([{ cluster: 'prod', objects: [{ kind: 'HelmRelease', key: 'orchestration/airflow' }] } as any]);
    expect(published).toEqual([{ type: 'changed', clusters: ['prod'], entityRefs: ['component:default/airflow'], at: '1970-01-01T00:00:00.000Z' }]);
  });

  it('signals an entity the catalog added (a merged GitOps change) on every cluster, once', () => {
    const both = [component('airflow', 'HelmRelease:orchestration/airflow'), component('redis', 'HelmRelease:platform-operators/redis')];
    entities.setEntities(both.map(e => toLinkedEntity(e, () => true)));
    entities.setEntities(both.map(e => toLinkedEntity(e, () => true)));
    expect(published).toEqual([{ type: 'changed', clusters: ['prod', 'staging'], entityRefs: ['component:default/redis'], at: '1970-01-01T00:00:00.000Z' }]);
  });
});
