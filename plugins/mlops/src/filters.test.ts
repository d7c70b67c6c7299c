import type { Entity } from '@backstage/catalog-model';
import { isGroupEntity, isMlopsAvailable, isMlopsLayer } from './filters';

const entity = (kind: string, annotations: Record<string, string> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x', annotations },
});

describe('entity filters', () => {
  it('shows the GitOps tab only for entities linked to cluster objects', () => {
    expect(isMlopsAvailable(entity('Component', { 'mlops-portal.io/objects': 'HelmRelease:orchestration/airflow' }))).toBe(true);
    expect(isMlopsAvailable(entity('Resource', { 'mlops-portal.io/label-selector': 'app=kafka' }))).toBe(true);
    expect(isMlopsAvailable(entity('Component', { 'backstage.io/kubernetes-id': 'airflow' }))).toBe(false);
  });

  it('shows layer health only on layer Systems, and the ownership card on Groups', () => {
    expect(isMlopsLayer(entity('System', { 'mlops-portal.io/layer': 'orchestration' }))).toBe(true);
    expect(isMlopsLayer(entity('System'))).toBe(false);
    expect(isMlopsLayer(entity('Component', { 'mlops-portal.io/layer': 'orchestration' }))).toBe(false);
    expect(isGroupEntity(entity('Group'))).toBe(true);
    expect(isGroupEntity(entity('User'))).toBe(false);
  });
});
