import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { mlopsPermissions } from '@mlops-portal/plugin-mlops-common';
import { mlopsClustersServiceRef } from '@mlops-portal/plugin-mlops-node';
import { registerMlopsActions } from './actions/registerMlopsActions';
import { MlopsAuthorizer } from './permissions/MlopsAuthorizer';
import { createRouter } from './router';
import { ActionsService } from './services/ActionsService';
import { EntityIndex } from './services/EntityIndex';
import { createMlopsService } from './services/MlopsService';
import { startSignalPublisher } from './services/SignalPublisher';
import { StatusService } from './services/StatusService';
import { readMlopsBackendConfig } from './config/readMlopsBackendConfig';
import { wireTrace } from './wiring/wireTrace';
import { wireNotifications } from './wiring/wireNotifications';
import { wireDiff } from './wiring/wireDiff';
import {
  isTrustedOrigin,
  readOwnershipConfig,
} from '@mlops-portal/plugin-mlops-node';

/**
 * The MLOps backend plugin (id `mlops`, mounted at `/api/mlops`): live Flux
 * and operator status from the shared watch caches, Flux actions gated by
 * permissions and audited, live updates over signals, and the same read and
 * act operations in the actions registry. Wiring only.
 * @public
 */
export const mlopsPlugin = createBackendPlugin({
  pluginId: 'mlops',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        clusters: mlopsClustersServiceRef,
        database: coreServices.database,
        notifications: notificationService,
      },
      async init(d) {
        const { reconcileWaitMs, entityRefreshSeconds: refreshSeconds } =
          readMlopsBackendConfig(d.config);
        const ownership = readOwnershipConfig(d.config);

        d.permissionsRegistry.addPermissions(mlopsPermissions);

        const entities = new EntityIndex({
          catalog: d.catalog,
          auth: d.auth,
          logger: d.logger,
          clusters: d.clusters,
          isTrustedOrigin: origin => isTrustedOrigin(origin, ownership),
        });
        const status = new StatusService({ clusters: d.clusters, entities });
        const authorizer = new MlopsAuthorizer(d.permissions);
        const actions = new ActionsService({
          clusters: d.clusters,
          status,
          authorizer,
          auditor: d.auditor,
          auth: d.auth,
          pluginId: 'mlops',
          waitTimeoutMs: reconcileWaitMs,
        });
        const mlops = createMlopsService({
          status,
          actions,
          entities,
          authorizer,
          catalog: d.catalog,
          auth: d.auth,
        });

        // Each replica keeps its own entity cache (scope local).
        await d.scheduler.scheduleTask({
          id: 'mlops-entity-index-refresh',
          scope: 'local',
          frequency: { seconds: refreshSeconds },
          timeout: { seconds: Math.max(30, refreshSeconds) },
          fn: () => entities.refresh(),
        });
        const stopSignals = startSignalPublisher({
          clusters: d.clusters,
          entities,
          signals: d.signals,
          logger: d.logger,
        });
        d.lifecycle.addShutdownHook(() => stopSignals());

        registerMlopsActions(d.actionsRegistry, mlops);
        d.httpRouter.use(await createRouter({ httpAuth: d.httpAuth, mlops }));
        wireTrace({ ...d, entities, authorizer });
        await wireNotifications({ ...d, entities, authorizer });
        wireDiff({ ...d, entities, authorizer });
      },
    });
  },
});
