import { inventoryEntries, parseInventoryId } from './inventory';
import { fixture } from './__testUtils__/loadFixtures';

describe('parseInventoryId', () => {
  it.each([
    ['data-plane_mlops-kafka_kafka.strimzi.io_Kafka', { namespace: 'data-plane', name: 'mlops-kafka', group: 'kafka.strimzi.io', kind: 'Kafka' }],
    ['_data-plane__Namespace', { name: 'data-plane', group: '', kind: 'Namespace' }],
    ['orchestration_airflow__Service', { namespace: 'orchestration', name: 'airflow', group: '', kind: 'Service' }],
    ['_flux-view_rbac.authorization.k8s.io_ClusterRole', { name: 'flux-view', group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' }],
    ['data-plane_raw_events_kafka.strimzi.io_KafkaTopic', { namespace: 'data-plane', name: 'raw_events', group: 'kafka.strimzi.io', kind: 'KafkaTopic' }],
    ['_system:aggregate_to_view_rbac.authorization.k8s.io_ClusterRole', { name: 'system:aggregate_to_view', group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' }],
  ])('%s', (id, expected) => {
    expect(parseInventoryId(id)).toEqual({ id, ...expected });
  });

  it.each([[''], ['Kafka'], ['a_b'], ['ns__Kind'], [42 as unknown as string]])('rejects %p', id => {
    expect(parseInventoryId(id)).toBeUndefined();
  });
});

describe('inventoryEntries', () => {
  it('parses a Kustomization inventory', () => {
    const k = fixture('kustomizations.yaml', 'ready');
    expect(inventoryEntries(k.status).map(e => `${e.kind}/${e.namespace ?? ''}/${e.name}`)).toEqual([
      'Kafka/data-plane/mlops-kafka',
      'Namespace//data-plane',
      'KafkaTopic/data-plane/raw_events',
    ]);
  });
  it('is empty without an inventory', () => {
    expect(inventoryEntries(undefined)).toEqual([]);
    expect(inventoryEntries({ inventory: { entries: [null, { id: 3 }] } })).toEqual([]);
  });
});
