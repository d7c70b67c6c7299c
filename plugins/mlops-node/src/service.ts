import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { readClusterConfig } from './config/readClusterConfig';
import {
  ClusterManager,
  type MlopsClustersService,
} from './cluster/ClusterManager';

/**
 * The shared cluster service. Root-scoped, so the MLOps backend plugin and the
 * catalog module (all plugins run in one backend process) share ONE set of
 * watches. Its default factory reads `kubernetes.clusterLocatorMethods` and
 * `mlops.*` and starts watching at once; the watches stop at shutdown.
 * @public
 */
export const mlopsClustersServiceRef = createServiceRef<MlopsClustersService>({
  id: 'mlops.clusters',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
        lifecycle: coreServices.rootLifecycle,
      },
      factory({ config, logger, lifecycle }) {
        const manager = new ClusterManager({
          config: readClusterConfig(config),
          logger: logger.child({ service: 'mlops-clusters' }),
        });
        manager.start();
        lifecycle.addShutdownHook(() => manager.stop());
        return manager;
      },
    }),
});
