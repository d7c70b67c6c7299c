import { parseObjectsAnnotation, type ChangeBranch } from '@mlops-portal/plugin-mlops-common';
import { changeBranch, strimziBumpPreview } from '../../__testUtils__/changePreviews';
import { describeTouch, entityChangeBranches, touchesOfBranch } from './entityChangeBranches';

const objects = (annotation: string) => parseObjectsAnnotation(annotation).refs;

/** Adds a Kafka cluster to data-storage, whose Kustomization changes too. */
const addKafka: ChangeBranch = changeBranch({
  name: 'mlops/helmrelease-add/kafka',
  preview: {
    filesChanged: ['gitops/infrastructure/data-storage/kafka/kafka.yaml', 'gitops/clusters/mlops/layer-data-storage.yaml'],
    added: [
      {
        apiVersion: 'kafka.strimzi.io/v1beta2',
        kind: 'Kafka',
        name: 'mlops-kafka',
        namespace: 'data-plane',
        path: 'gitops/infrastructure/data-storage/kafka/kafka.yaml',
      },
    ],
    changed: [
      {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        name: 'data-storage',
        namespace: 'flux-system',
        path: 'gitops/clusters/mlops/layer-data-storage.yaml',
        fields: [{ field: 'spec.timeout', from: '5m', to: '10m', op: 'changed' }],
        moreFields: 0,
      },
    ],
    removed: [],
    affectedLayers: [
      {
        name: 'data-storage',
        namespace: 'flux-system',
        path: './gitops/infrastructure/data-storage',
        reason: 'object',
        via: ['gitops/clusters/mlops/layer-data-storage.yaml'],
      },
      { name: 'orchestration', namespace: 'flux-system', path: './gitops/components/orchestration', reason: 'dependsOn', via: ['flux-system/data-storage'] },
    ],
    warnings: [],
  },
});

describe('touchesOfBranch', () => {
  it('finds the entity’s own objects among the added, changed and removed ones', () => {
    const touches = touchesOfBranch(changeBranch(), { objects: objects('HelmRelease:platform-operators/strimzi-operator') });
    expect(touches.map(describeTouch)).toEqual([
      'changed HelmRelease platform-operators/strimzi-operator (gitops/components/platform-operators/strimzi-operator.yaml)',
    ]);
    expect(touchesOfBranch(addKafka, { objects: objects('Kafka:data-plane/mlops-kafka') }).map(describeTouch)).toEqual([
      'added Kafka data-plane/mlops-kafka (gitops/infrastructure/data-storage/kafka/kafka.yaml)',
    ]);
  });

  it('needs kind, name and namespace to match (a manifest without a namespace matches by kind and name)', () => {
    expect(touchesOfBranch(changeBranch(), { objects: objects('HelmRelease:other/strimzi-operator') })).toEqual([]);
    expect(touchesOfBranch(changeBranch(), { objects: objects('HelmRepository:platform-operators/strimzi-operator') })).toEqual([]);
    const noNamespace = changeBranch({
      preview: { ...strimziBumpPreview, changed: [{ ...strimziBumpPreview.changed[0], namespace: '' }] },
    });
    expect(touchesOfBranch(noNamespace, { objects: objects('HelmRelease:platform-operators/strimzi-operator') })).toHaveLength(1);
  });

  it('reaches a Kustomization entity through its files or dependsOn, and names its own change once', () => {
    const ownLayer = touchesOfBranch(changeBranch(), { objects: objects('Kustomization:flux-system/platform-operators') });
    expect(ownLayer.map(describeTouch)).toEqual([
      'reaches Kustomization flux-system/platform-operators: files below ./gitops/components/platform-operators change (gitops/components/platform-operators/strimzi-operator.yaml)',
    ]);
    const downstream = touchesOfBranch(changeBranch(), { objects: objects('Kustomization:flux-system/data-storage') });
    expect(downstream.map(describeTouch)).toEqual([
      'reaches Kustomization flux-system/data-storage: it depends on changed layers (flux-system/platform-operators)',
    ]);
    const changedItself = touchesOfBranch(addKafka, { objects: objects('Kustomization:flux-system/data-storage') });
    expect(changedItself.map(t => t.by)).toEqual(['object']);
  });

  it('reaches an entity through its layer, also when the layer only depends on a changed one', () => {
    const redis = objects('HelmRelease:orchestration/redis');
    expect(touchesOfBranch(addKafka, { objects: redis, layer: 'orchestration' }).map(describeTouch)).toEqual([
      'reaches its layer orchestration: it depends on changed layers (flux-system/data-storage)',
    ]);
    expect(touchesOfBranch(addKafka, { objects: redis, layer: 'ml-lifecycle' })).toEqual([]);
    expect(touchesOfBranch(addKafka, { objects: redis })).toEqual([]);
  });

  it('knows nothing of a branch that could not be read', () => {
    const broken = changeBranch({ preview: undefined, error: 'could not read the branch' });
    expect(touchesOfBranch(broken, { objects: objects('HelmRelease:platform-operators/strimzi-operator'), layer: 'platform-operators' })).toEqual([]);
  });
});

describe('entityChangeBranches', () => {
  it('keeps the branches that touch the entity, in order', () => {
    const other = changeBranch({ name: 'mlops/settings-set/x', preview: { ...strimziBumpPreview, changed: [], affectedLayers: [] } });
    const result = entityChangeBranches([addKafka, other, changeBranch()], {
      objects: objects('HelmRelease:platform-operators/strimzi-operator, Kafka:data-plane/mlops-kafka'),
    });
    expect(result.map(r => r.branch.name)).toEqual(['mlops/helmrelease-add/kafka', 'mlops/helmrelease-bump/strimzi-operator']);
  });
});
