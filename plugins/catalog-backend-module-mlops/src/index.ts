/**
 * Catalog modules of the MLOps Portal: the platform's GitOps repository as
 * catalog entities (a Domain, a System per layer, Components and
 * Resources), and the reader of local ML project repositories (the local
 * mode of the New ML project template).
 *
 * @packageDocumentation
 */

import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { catalogModuleMlopsEntityProvider } from './module';
import { catalogModuleMlopsMlProjects } from './mlProjects/mlProjectsModule';

/**
 * Both catalog modules of this package (the backend adds the package once).
 * @public
 */
const features = createBackendFeatureLoader({
  *loader() {
    yield catalogModuleMlopsEntityProvider;
    yield catalogModuleMlopsMlProjects;
  },
});
export default features;
export { catalogModuleMlopsEntityProvider } from './module';
export { catalogModuleMlopsMlProjects } from './mlProjects/mlProjectsModule';
export { MlProjectLocationProcessor } from './mlProjects/MlProjectLocationProcessor';
export {
  MlopsEntityProvider,
  type MlopsEntityProviderOptions,
  type IngestionRunReport,
} from './provider/MlopsEntityProvider';
export type { IngestionStats } from './provider/planMutation';
export { ANNOTATION_SOURCE_ERROR } from './provider/markKeptEntities';
export { MlopsSourceErrorProcessor } from './provider/MlopsSourceErrorProcessor';
export {
  readProviderConfigs,
  type MlopsProviderConfig,
  type LayerRule,
  type SourceMapping,
  type RepositoryLocation,
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
