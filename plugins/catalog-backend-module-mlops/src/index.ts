/**
 * Catalog module that turns the MLOps platform's GitOps repository into
 * catalog entities: a Domain, a System per layer, Components and Resources.
 *
 * @packageDocumentation
 */

export { catalogModuleMlopsEntityProvider as default } from './module';
export {
  MlopsEntityProvider,
  type MlopsEntityProviderOptions,
  type IngestionRunReport,
} from './provider/MlopsEntityProvider';
export type { IngestionStats } from './provider/planMutation';
export {
  readProviderConfigs,
  type MlopsProviderConfig,
} from './config/readProviderConfigs';
export type { FluxObjectLister } from './drift/mapDriftEntities';
export { createClusterFluxObjectLister } from './drift/createClusterFluxObjectLister';
export {
  createLocalRepoLinks,
  createUrlRepoLinks,
  type RepoLinks,
} from './mapping/repoLinks';
export {
  readLocalRepository,
  readUrlRepository,
  createCachedUrlRepositoryReader,
} from './reader/readRepository';
export type { RepoFile } from './reader/types';
