import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { mlopsClustersServiceRef } from '@mlops-portal/plugin-mlops-node';
import { createClusterFluxObjectLister } from './drift/createClusterFluxObjectLister';
import { MlopsEntityProvider } from './provider/MlopsEntityProvider';
import { MlopsSourceErrorProcessor } from './provider/MlopsSourceErrorProcessor';

/**
 * Registers one {@link MlopsEntityProvider} per
 * `catalog.providers.mlops.<id>` on the catalog, and the processor that shows
 * a file's parse error on the entities kept from its last good version.
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
        // The watch caches shared with the MLOps backend plugin (root
        // service: one set of watches per backend); read only when a
        // provider has drift.enabled.
        clusters: mlopsClustersServiceRef,
        catalogApi: catalogServiceRef,
        auth: coreServices.auth,
      },
      async init({
        catalog,
        config,
        logger,
        scheduler,
        urlReader,
        clusters,
        catalogApi,
        auth,
      }) {
        catalog.addProcessor(new MlopsSourceErrorProcessor());
        catalog.addEntityProvider(
          MlopsEntityProvider.fromConfig(config, {
            logger,
            scheduler,
            urlReader,
            drift: createClusterFluxObjectLister(clusters),
            // After a restart: what the catalog already holds from us.
            listExisting: async managedBy => {
              const { items } = await catalogApi.getEntities(
                {
                  filter: {
                    'metadata.annotations.backstage.io/managed-by-location':
                      managedBy,
                  },
                  fields: ['kind', 'metadata.namespace', 'metadata.name'],
                },
                { credentials: await auth.getOwnServiceCredentials() },
              );
              return items.map(e => stringifyEntityRef(e));
            },
          }),
        );
      },
    });
  },
});
