import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { mlWorkbenchPermissions } from '@mlops-portal/plugin-ml-workbench-common';
import { readMlWorkbenchConfig } from './config/readMlWorkbenchConfig';
import { WorkbenchAuthorizer } from './permissions/WorkbenchAuthorizer';
import { createRouter } from './router';
import { DagActions } from './services/DagActions';
import { publish, refreshAndSignal } from './services/SignalPublisher';
import { ToolRegistry } from './services/ToolRegistry';
import { WorkbenchService } from './services/WorkbenchService';

/**
 * The ML workbench backend (id `ml-workbench`, at `/api/ml-workbench`):
 * MLflow, Airflow and Kafka views of catalog entities from the tools' real
 * APIs, cached and pushed over signals; Airflow trigger / pause / unpause as
 * permissions on the owning entity, audited. Wiring only.
 * @public
 */
export const mlWorkbenchPlugin = createBackendPlugin({
  pluginId: 'ml-workbench',
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
      },
      async init(d) {
        const config = readMlWorkbenchConfig(d.config);
        d.permissionsRegistry.addPermissions(mlWorkbenchPermissions);
        const registry = new ToolRegistry(config);
        const authorizer = new WorkbenchAuthorizer(d.permissions);
        const workbench = new WorkbenchService({ catalog: d.catalog, auth: d.auth, authorizer, registry, config });
        const dagActions = new DagActions({
          catalog: d.catalog,
          auth: d.auth,
          authorizer,
          registry,
          auditor: d.auditor,
          onChanged: (instance, dagId) => {
            const refs = workbench.airflowCache.invalidate(key => WorkbenchService.airflowKeyHasDag(key, instance, dagId));
            if (refs.length) void publish(d, 'airflow', refs);
          },
        });
        d.logger.info(
          `ML workbench: ${config.instances.length} instance(s)${config.instances.length ? ` (${config.instances.map(i => i.name).join(', ')}; default ${config.defaultInstance})` : ''}`,
        );
        // Each replica keeps its own caches (scope local).
        await d.scheduler.scheduleTask({
          id: 'ml-workbench-refresh',
          scope: 'local',
          frequency: { seconds: config.refreshSeconds },
          timeout: { seconds: Math.max(60, config.refreshSeconds * 4) },
          fn: () => refreshAndSignal({ workbench, signals: d.signals, logger: d.logger }),
        });
        d.lifecycle.addShutdownHook(() => registry.close());
        d.httpRouter.use(await createRouter({ httpAuth: d.httpAuth, workbench, dagActions }));
      },
    });
  },
});
