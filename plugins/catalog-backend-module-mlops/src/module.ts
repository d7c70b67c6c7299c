import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { MlopsEntityProvider } from './provider/MlopsEntityProvider';

/**
 * Registers one {@link MlopsEntityProvider} per
 * `catalog.providers.mlops.<id>` on the catalog.
 * @public
 */
export const catalogModuleMlopsEntityProvider = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'mlops-entity-provider',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
      },
      async init({ catalog, config, logger, scheduler, urlReader }) {
        // TODO(drift): pass the cluster access from plugins/mlops-node as
        // `drift` once its API is available; until then drift.enabled only
        // logs that the drift view is off.
        catalog.addEntityProvider(
          MlopsEntityProvider.fromConfig(config, { logger, scheduler, urlReader }),
        );
      },
    });
  },
});
