import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { EntityIndex, toLinkedEntity } from './EntityIndex';

const PROVIDER = 'mlops-provider:production';
const USER_FILE = 'url:https://github.com/mallory/repo/blob/main/catalog-info.yaml';

function entity(name: string, origin: string | undefined, annotations: Record<string, string>, clusters?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: {
        ...(origin ? { 'backstage.io/managed-by-origin-location': origin } : {}),
        ...(clusters ? { 'mlops-portal.io/clusters': clusters } : {}),
        ...annotations,
      },
    },
    spec: { type: 'service', owner: `group:default/${name}-team`, lifecycle: 'production' },
  };
}

function indexOf(entities: Entity[]) {
  const logger = mockServices.logger.mock();
  const index = new EntityIndex({
    catalog: {} as any,
    auth: {} as any,
    logger,
    clusters: {} as any,
  });
  index.setEntities(entities.map(e => toLinkedEntity(e, origin => origin === PROVIDER)));
  return { index, logger };
}

const airflow = { cluster: 'prod', kind: 'HelmRelease', namespace: 'orchestration', name: 'airflow' };

describe('EntityIndex ownership', () => {
  it('lets the one trusted entity naming an object own it', () => {
    const { index } = indexOf([entity('airflow', PROVIDER, { 'mlops-portal.io/objects': 'HelmRelease:orchestration/airflow' })]);
    expect(index.ownership(airflow)).toEqual({ state: 'owned', claimedBy: ['component:default/airflow'], untrustedClaims: [] });
  });

  it("never lets a user-registered entity own another team's object, even listed first", () => {
    const { index, logger } = indexOf([
      entity('evil', USER_FILE, { 'mlops-portal.io/objects': 'HelmRelease:orchestration/airflow' }),
      entity('airflow', PROVIDER, { 'mlops-portal.io/objects': 'HelmRelease:orchestration/airflow' }),
    ]);
    expect(index.ownership(airflow)).toEqual({
      state: 'owned',
      claimedBy: ['component:default/airflow'],
      untrustedClaims: ['component:default/evil'],
    });
    // Still shown on the attacker's entity: display is not ownership.
    expect(index.ownersOf(airflow)).toEqual(['component:default/evil', 'component:default/airflow']);
    expect(index.get('component:default/evil')!.notes).toEqual([
      expect.stringContaining(`shown read-only: it comes from ${USER_FILE}, which is not a source trusted to decide ownership`),
    ]);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      `component:default/evil from untrusted location ${USER_FILE} names cluster objects (HelmRelease orchestration/airflow); its claim does not decide ownership`,
    );
  });

  it('leaves an object that only untrusted entities name (or select) without owner', () => {
    const { index } = indexOf([
      entity('evil', USER_FILE, { 'mlops-portal.io/objects': 'Kustomization:flux-system/processing' }),
      entity('evil-selector', undefined, { 'mlops-portal.io/label-selector': 'app=processing' }),
    ]);
    const o = { cluster: 'prod', kind: 'Kustomization', namespace: 'flux-system', name: 'processing', labels: { app: 'processing' } };
    expect(index.ownership(o)).toEqual({
      state: 'unclaimed',
      claimedBy: [],
      untrustedClaims: ['component:default/evil', 'component:default/evil-selector'],
      message: expect.stringContaining('named only by entities from untrusted locations'),
    });
  });

  it('refuses a second trusted claim: nobody owns the object, both entities say who else claims it', () => {
    const { index, logger } = indexOf([
      entity('b-first', PROVIDER, { 'mlops-portal.io/objects': 'HelmRelease:orchestration/airflow' }),
      entity('airflow', PROVIDER, { 'mlops-portal.io/objects': 'HelmRelease:orchestration/airflow' }),
    ]);
    expect(index.ownership(airflow)).toEqual({
      state: 'conflict',
      claimedBy: ['component:default/b-first', 'component:default/airflow'],
      untrustedClaims: [],
      message: expect.stringContaining('HelmRelease orchestration/airflow is claimed twice (by component:default/b-first and component:default/airflow)'),
    });
    expect(index.get('component:default/b-first')!.notes).toEqual([
      expect.stringContaining('HelmRelease orchestration/airflow is also claimed by component:default/airflow'),
    ]);
    expect(index.get('component:default/airflow')!.notes).toEqual([
      expect.stringContaining('HelmRelease orchestration/airflow is also claimed by component:default/b-first'),
    ]);
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('is claimed by both'));
  });

  it('is no conflict when the two claims are on different clusters', () => {
    const { index } = indexOf([
      entity('a', PROVIDER, { 'mlops-portal.io/objects': 'HelmRelease:orchestration/airflow' }, 'prod'),
      entity('b', PROVIDER, { 'mlops-portal.io/objects': 'HelmRelease:orchestration/airflow' }, 'staging'),
    ]);
    expect(index.ownership(airflow).claimedBy).toEqual(['component:default/a']);
    expect(index.ownership({ ...airflow, cluster: 'staging' }).claimedBy).toEqual(['component:default/b']);
    expect(index.get('component:default/a')!.notes).toEqual([]);
  });

  it('prefers an explicit trusted claim over a trusted selector, and refuses two trusted selectors', () => {
    const { index } = indexOf([
      entity('by-name', PROVIDER, { 'mlops-portal.io/objects': 'Deployment:orchestration/web' }),
      entity('by-label-1', PROVIDER, { 'mlops-portal.io/label-selector': 'tier=web' }),
      entity('by-label-2', PROVIDER, { 'mlops-portal.io/label-selector': 'tier in (web, api)' }),
    ]);
    const web = { cluster: 'prod', kind: 'Deployment', namespace: 'orchestration', name: 'web', labels: { tier: 'web' } };
    expect(index.ownership(web)).toMatchObject({ state: 'owned', claimedBy: ['component:default/by-name'] });
    expect(index.ownership({ ...web, name: 'other' })).toMatchObject({
      state: 'conflict',
      claimedBy: ['component:default/by-label-1', 'component:default/by-label-2'],
    });
  });

  it('logs each untrusted claim once, not on every refresh', () => {
    const entities = [entity('evil', USER_FILE, { 'mlops-portal.io/objects': 'HelmRelease:orchestration/airflow' })];
    const { index, logger } = indexOf(entities);
    index.setEntities(entities.map(e => toLinkedEntity(e, origin => origin === PROVIDER)));
    index.setEntities(entities.map(e => toLinkedEntity(e, origin => origin === PROVIDER)));
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });
});

describe('EntityIndex changes', () => {
  const airflowEntity = entity('airflow', PROVIDER, { 'mlops-portal.io/objects': 'HelmRelease:orchestration/airflow' });
  const redisEntity = entity('redis', PROVIDER, { 'mlops-portal.io/objects': 'HelmRelease:platform-operators/redis' });
  const linked = (list: Entity[]) => list.map(e => toLinkedEntity(e, origin => origin === PROVIDER));

  it('tells listeners which entities a refresh added, changed or removed, and stays quiet when nothing changed', () => {
    const { index } = indexOf([airflowEntity]);
    const calls: string[][] = [];
    index.onChange(refs => calls.push(refs));
    index.setEntities(linked([airflowEntity]));
    expect(calls).toEqual([]);
    // A merged GitOps change adds a component.
    index.setEntities(linked([airflowEntity, redisEntity]));
    expect(calls).toEqual([['component:default/redis']]);
    // Its owner changes, then it is removed again.
    index.setEntities(linked([airflowEntity, { ...redisEntity, spec: { ...redisEntity.spec, owner: 'group:default/data-team' } }]));
    index.setEntities(linked([airflowEntity]));
    expect(calls.slice(1)).toEqual([['component:default/redis'], ['component:default/redis']]);
  });

  it('stops calling a listener that unsubscribed', () => {
    const { index } = indexOf([]);
    const listener = jest.fn();
    index.onChange(listener)();
    index.setEntities(linked([redisEntity]));
    expect(listener).not.toHaveBeenCalled();
  });
});
