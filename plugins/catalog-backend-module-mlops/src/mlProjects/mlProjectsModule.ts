import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogLocationsExtensionPoint,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import {
  ML_PROJECT_LOCATION_TYPE,
  readMlProjectsLocalConfig,
} from '@mlops-portal/plugin-mlops-node';
import { MlProjectLocationProcessor } from './MlProjectLocationProcessor';

/**
 * Lets the catalog read local ML project repositories (the local mode of the
 * New ML project template): allows the `mlops-ml-project` location type
 * next to `url` and reads it inside `mlops.mlProjects.local.reposDir` only.
 * Does nothing when that key is not set (GitHub mode registers by URL).
 * @public
 */
export const catalogModuleMlopsMlProjects = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'mlops-ml-projects',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        locations: catalogLocationsExtensionPoint,
        processing: catalogProcessingExtensionPoint,
      },
      async init({ config, locations, processing }) {
        const local = readMlProjectsLocalConfig(config);
        if (!local) return;
        // Replaces the catalog's default list (['url']), so url stays in it.
        locations.setAllowedLocationTypes(['url', ML_PROJECT_LOCATION_TYPE]);
        processing.addProcessor(new MlProjectLocationProcessor(local.reposDir));
      },
    });
  },
});
