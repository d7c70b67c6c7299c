import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { Content } from '@backstage/core-components';
import type { Entity } from '@backstage/catalog-model';
import { MlopsClient, MlopsInsightsClient } from '@mlops-portal/plugin-mlops-common';
import { mlopsApiRef } from './api';
import { mlopsInsightsApiRef } from './insightsApi';
import { ChangePreviewClient, changePreviewApiRef } from './changePreviewApi';
import { FormFieldBlueprint, createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { rootRouteRef } from './routes';
import { isGroupEntity, isMlopsAvailable, isMlopsLayer } from './filters';
import { PlatformIcon } from './components/PlatformIcon';

/** The MLOps API, bound to the backend's HTTP API. @alpha */
export const mlopsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: mlopsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MlopsClient({ discoveryApi, fetchApi }),
    }),
});

/** Traces, diffs, drift, previews and notification settings. @alpha */
export const mlopsInsightsApi = ApiBlueprint.make({
  name: 'insights',
  params: defineParams =>
    defineParams({
      api: mlopsInsightsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MlopsInsightsClient({ discoveryApi, fetchApi }),
    }),
});

/** Change previews: a template's change before it runs, and the open change branches. @alpha */
export const mlopsChangePreviewApi = ApiBlueprint.make({
  name: 'change-preview',
  params: defineParams =>
    defineParams({
      api: changePreviewApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new ChangePreviewClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * Scaffolder field `MlopsChangePreview`: what a GitOps template's change does
 * to the platform, on the form's last page before Create.
 * @alpha
 */
export const mlopsChangePreviewFormField = FormFieldBlueprint.make({
  name: 'change-preview',
  params: {
    field: () =>
      import('./components/ChangePreview').then(m =>
        createFormField({ name: 'MlopsChangePreview', component: m.ChangePreviewField as any }),
      ),
  },
});

/** The entity "Trace" tab: the graph across layers and clusters. @alpha */
export const mlopsTraceContent = EntityContentBlueprint.make({
  name: 'trace',
  params: {
    path: '/trace',
    title: 'Trace',
    group: 'deployment',
    filter: (entity: Entity) => isMlopsAvailable(entity) || isMlopsLayer(entity),
    loader: () => import('./components/Trace').then(m => <m.TraceContent />),
  },
});

/** The entity "Desired vs live" tab: Helm revisions and Git against the cluster, and drift. @alpha */
export const mlopsDesiredVsLiveContent = EntityContentBlueprint.make({
  name: 'desired-vs-live',
  params: {
    path: '/desired-vs-live',
    title: 'Desired vs live',
    group: 'deployment',
    filter: isMlopsAvailable,
    loader: () => import('./components/DesiredVsLive').then(m => <m.DesiredVsLiveContent />),
  },
});

/** What the signed-in user is told about the entity, and the choice to subscribe or mute. @alpha */
export const mlopsNotificationSettingsCard = EntityCardBlueprint.make({
  name: 'notification-settings',
  params: {
    type: 'content',
    filter: (entity: Entity) => isMlopsAvailable(entity) || isMlopsLayer(entity),
    loader: () =>
      import('./components/NotificationSettings').then(m => <m.NotificationSettingsCard />),
  },
});

/**
 * The platform page at `/mlops`. Its title and icon also make the sidebar
 * entry "Platform": the new frontend system builds nav items from pages.
 * @alpha
 */
export const mlopsPlatformPage = PageBlueprint.make({
  params: {
    path: '/mlops',
    routeRef: rootRouteRef,
    title: 'Platform',
    icon: <PlatformIcon />,
    loader: () =>
      import('./components/PlatformPage').then(m => (
        <Content>
          <m.PlatformPageContent />
        </Content>
      )),
  },
});

/** The entity "GitOps" tab, for entities linked to cluster objects. @alpha */
export const mlopsGitOpsContent = EntityContentBlueprint.make({
  name: 'gitops',
  params: {
    path: '/gitops',
    title: 'GitOps',
    group: 'deployment',
    filter: isMlopsAvailable,
    loader: () =>
      import('./components/GitOpsContent').then(m => <m.GitOpsContent />),
  },
});

/** Operator cards (Kafka, MinIO, Spark, Flink, Airflow, MLflow, Prometheus). @alpha */
export const mlopsOperatorCards = EntityCardBlueprint.make({
  name: 'operators',
  params: {
    type: 'content',
    filter: isMlopsAvailable,
    loader: () =>
      import('./components/OperatorCards').then(m => <m.OperatorCards />),
  },
});

/** Layer health on the System entity of a platform layer. @alpha */
export const mlopsLayerHealthCard = EntityCardBlueprint.make({
  name: 'layer-health',
  params: {
    type: 'content',
    filter: isMlopsLayer,
    loader: () =>
      import('./components/LayerHealthCard').then(m => <m.LayerHealthCard />),
  },
});

/** "Platform components you own" on Group pages. @alpha */
export const mlopsOwnedComponentsCard = EntityCardBlueprint.make({
  name: 'owned-components',
  params: {
    type: 'content',
    filter: isGroupEntity,
    loader: () =>
      import('./components/OwnedComponentsCard').then(m => (
        <m.OwnedComponentsCard />
      )),
  },
});

/**
 * The MLOps plugin for apps on the new frontend system. Discovered by
 * `app.packages: all` through this package's `./alpha` export.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'mlops',
  title: 'Platform',
  icon: <PlatformIcon />,
  routes: { root: rootRouteRef },
  extensions: [
    mlopsApi,
    mlopsPlatformPage,
    mlopsGitOpsContent,
    mlopsOperatorCards,
    mlopsLayerHealthCard,
    mlopsOwnedComponentsCard,
    mlopsInsightsApi,
    mlopsTraceContent,
    mlopsDesiredVsLiveContent,
    mlopsNotificationSettingsCard,
    mlopsChangePreviewApi,
    mlopsChangePreviewFormField,
  ],
});
