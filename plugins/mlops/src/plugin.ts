import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { MlopsClient } from '@mlops-portal/plugin-mlops-common';
import { mlopsApiRef } from './api';
import { entityGitOpsRouteRef, rootRouteRef } from './routes';

/**
 * The MLOps plugin for apps on the old frontend system. Apps on the new
 * system use the default export of `@mlops-portal/plugin-mlops/alpha`.
 * @public
 */
export const mlopsPlugin = createPlugin({
  id: 'mlops',
  apis: [
    createApiFactory({
      api: mlopsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MlopsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The platform page; mount it with `<Route path="/mlops" element={<MlopsPlatformPage />} />`.
 * @public
 */
export const MlopsPlatformPage: () => JSX.Element = mlopsPlugin.provide(
  createRoutableExtension({
    name: 'MlopsPlatformPage',
    component: () => import('./components/PlatformPage').then(m => m.PlatformPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The entity "GitOps" tab; use inside `EntityLayout.Route path="/gitops"`
 * with `if={isMlopsAvailable}`.
 * @public
 */
export const EntityMlopsGitOpsContent: () => JSX.Element = mlopsPlugin.provide(
  createRoutableExtension({
    name: 'EntityMlopsGitOpsContent',
    component: () => import('./components/GitOpsContent').then(m => m.GitOpsContent),
    mountPoint: entityGitOpsRouteRef,
  }),
);

/**
 * Operator cards (Kafka, MinIO, Spark, Flink, Airflow, MLflow, Prometheus) for
 * the entity in context.
 * @public
 */
export const EntityMlopsOperatorCards: () => JSX.Element = mlopsPlugin.provide(
  createComponentExtension({
    name: 'EntityMlopsOperatorCards',
    component: { lazy: () => import('./components/OperatorCards').then(m => m.OperatorCards) },
  }),
);

/**
 * Layer health, for the System entity of a platform layer.
 * @public
 */
export const EntityMlopsLayerHealthCard: () => JSX.Element = mlopsPlugin.provide(
  createComponentExtension({
    name: 'EntityMlopsLayerHealthCard',
    component: { lazy: () => import('./components/LayerHealthCard').then(m => m.LayerHealthCard) },
  }),
);

/**
 * "Platform components you own", for Group entities.
 * @public
 */
export const EntityMlopsOwnedComponentsCard: () => JSX.Element = mlopsPlugin.provide(
  createComponentExtension({
    name: 'EntityMlopsOwnedComponentsCard',
    component: {
      lazy: () => import('./components/OwnedComponentsCard').then(m => m.OwnedComponentsCard),
    },
  }),
);
