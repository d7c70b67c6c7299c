import {
  createPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/*
 * Every workbench permission is a resource permission on the catalog entity
 * that names the DAG or model, so the catalog's rules (IS_ENTITY_OWNER) decide
 * who may act. The Airflow credential is the backend's own; these checks run
 * for the signed-in user first, on every action.
 */

/** Read an entity's MLflow, Airflow and Kafka views. @public */
export const mlWorkbenchReadPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'mlops.workbench.read',
    attributes: { action: 'read' },
    resourceType: 'catalog-entity',
  });

/** Trigger a run of one of the entity's Airflow DAGs. @public */
export const mlopsAirflowDagTriggerPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'mlops.airflow.dag.trigger',
    attributes: { action: 'update' },
    resourceType: 'catalog-entity',
  });

/** Pause or unpause one of the entity's Airflow DAGs. @public */
export const mlopsAirflowDagPausePermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'mlops.airflow.dag.pause',
    attributes: { action: 'update' },
    resourceType: 'catalog-entity',
  });

/** Open a GitOps change that promotes one of the entity's model versions. @public */
export const mlopsModelPromotePermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'mlops.mlflow.model.promote',
    attributes: { action: 'update' },
    resourceType: 'catalog-entity',
  });

/** Every permission of the ML workbench. @public */
export const mlWorkbenchPermissions = [
  mlWorkbenchReadPermission,
  mlopsAirflowDagTriggerPermission,
  mlopsAirflowDagPausePermission,
  mlopsModelPromotePermission,
];
