/**
 * Catalog module that turns the MLOps platform's GitOps repository into
 * catalog entities: a Domain, a System per layer, Components and Resources.
 *
 * @packageDocumentation
 */

export { catalogModuleMlopsEntityProvider as default } from './module';
export * from './provider/MlopsEntityProvider';
export * from './provider/planMutation';
export * from './provider/ingest';
export * from './config/readProviderConfigs';
export * from './drift/mapDriftEntities';
export * from './mapping/mapEntities';
export * from './mapping/entityName';
export * from './mapping/repoLinks';
export * from './reader/types';
export * from './reader/parseManifests';
export * from './reader/substitute';
export * from './reader/collectObjects';
export * from './reader/readRepository';
export * from './drift/createClusterFluxObjectLister';
