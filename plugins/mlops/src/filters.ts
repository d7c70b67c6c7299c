import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_LABEL_SELECTOR,
  ANNOTATION_LAYER,
  ANNOTATION_OBJECTS,
} from '@mlops-portal/plugin-mlops-common';

/**
 * True for entities linked to cluster objects (the GitOps tab and operator
 * cards apply). Use with `EntitySwitch` in old-system apps.
 * @public
 */
export function isMlopsAvailable(entity: Entity): boolean {
  const a = entity.metadata.annotations ?? {};
  return Boolean(a[ANNOTATION_OBJECTS] || a[ANNOTATION_LABEL_SELECTOR]);
}

/**
 * True for System entities that stand for a platform layer.
 * @public
 */
export function isMlopsLayer(entity: Entity): boolean {
  return (
    entity.kind.toLowerCase() === 'system' &&
    Boolean(entity.metadata.annotations?.[ANNOTATION_LAYER])
  );
}

/**
 * True for Group entities (the "platform components you own" card).
 * @public
 */
export function isGroupEntity(entity: Entity): boolean {
  return entity.kind.toLowerCase() === 'group';
}
