import type { Entity } from '@backstage/catalog-model';

/**
 * Catalog entities as the MLOps entity provider writes them, for tests that
 * start the plugin against kube-sim's platform: the MinIO operator's
 * Component (its HelmRelease in `platform-operators`) and that layer's System.
 */

export const minioOperatorComponent: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'minio-operator', annotations: { 'mlops-portal.io/objects': 'HelmRelease:platform-operators/minio-operator' } },
  spec: { type: 'platform-operator', owner: 'group:default/platform-team', system: 'platform-operators', lifecycle: 'production' },
};

export const platformOperatorsLayer: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'platform-operators', annotations: { 'mlops-portal.io/layer': 'platform-operators' } },
  spec: { owner: 'group:default/platform-team' },
};
