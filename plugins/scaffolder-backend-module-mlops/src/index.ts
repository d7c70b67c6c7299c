/**
 * Scaffolder actions that edit a checkout of the platform's Flux GitOps
 * repository (HelmReleases, settings, reverts, ML projects) and open the
 * change as a GitHub pull request or a branch in a local repository; plus
 * the catalog module that reads local ML project repositories.
 *
 * @packageDocumentation
 */

import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { scaffolderModuleMlopsActions } from './module';
import { catalogModuleMlopsMlProjects } from './catalogModule';

/**
 * Both modules of this package (the backend adds the package once): the
 * scaffolder actions and the catalog reader for local ML projects.
 * @public
 */
const features = createBackendFeatureLoader({
  *loader() {
    yield scaffolderModuleMlopsActions;
    yield catalogModuleMlopsMlProjects;
  },
});
export default features;
export { scaffolderModuleMlopsActions } from './module';
export { catalogModuleMlopsMlProjects } from './catalogModule';
export { MlProjectLocationProcessor } from './catalog/MlProjectLocationProcessor';
export { ML_PROJECT_LOCATION_TYPE } from './mlProject/localProjectRepos';
export * from './actions';
export { readGitopsTargetConfig, readMlProjectsLocalConfig } from './config';
export type { GitopsTargetConfig, MlProjectsLocalConfig } from './config';
export type { GitAuthor } from './gitops/git';
