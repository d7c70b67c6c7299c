import {
  createPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * The resource type of every MLOps permission: the catalog entity the objects
 * belong to, so the catalog's permission rules (e.g. `IS_ENTITY_OWNER`) apply.
 * @public
 */
export const MLOPS_RESOURCE_TYPE = 'catalog-entity';

/** Read an entity's live Flux and operator status. @public */
export const mlopsStatusReadPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'mlops.status.read',
    attributes: { action: 'read' },
    resourceType: MLOPS_RESOURCE_TYPE,
  });

/** Request a reconcile of an entity's Flux objects (optionally with source, force, reset). @public */
export const mlopsFluxReconcilePermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'mlops.flux.reconcile',
    attributes: { action: 'update' },
    resourceType: MLOPS_RESOURCE_TYPE,
  });

/** Suspend or resume an entity's Flux objects. @public */
export const mlopsFluxSuspendPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'mlops.flux.suspend',
    attributes: { action: 'update' },
    resourceType: MLOPS_RESOURCE_TYPE,
  });

/** Every permission the MLOps plugins define. @public */
export const mlopsPermissions = [
  mlopsStatusReadPermission,
  mlopsFluxReconcilePermission,
  mlopsFluxSuspendPermission,
];
