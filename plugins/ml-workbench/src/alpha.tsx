import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { MlWorkbenchClient } from '@mlops-portal/plugin-ml-workbench-common';
import { mlWorkbenchApiRef } from './api';
import { isAirflowAvailable, isKafkaAvailable, isMlflowAvailable, isMlProjectOwner } from './filters';

/** The workbench API, bound to the backend's HTTP API. @alpha */
export const mlWorkbenchApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: mlWorkbenchApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new MlWorkbenchClient({ discoveryApi, fetchApi }),
    }),
});

/** The entity "MLflow" tab. @alpha */
export const mlWorkbenchMlflowContent = EntityContentBlueprint.make({
  name: 'mlflow',
  params: {
    path: '/mlflow',
    title: 'MLflow',
    filter: isMlflowAvailable,
    loader: () => import('./components/MlflowContent').then(m => <m.MlflowContent />),
  },
});

/** The entity "Airflow" tab. @alpha */
export const mlWorkbenchAirflowContent = EntityContentBlueprint.make({
  name: 'airflow',
  params: {
    path: '/airflow',
    title: 'Airflow',
    filter: isAirflowAvailable,
    loader: () => import('./components/AirflowContent').then(m => <m.AirflowContent />),
  },
});

/** The entity "Kafka" tab. @alpha */
export const mlWorkbenchKafkaContent = EntityContentBlueprint.make({
  name: 'kafka',
  params: {
    path: '/kafka',
    title: 'Kafka',
    filter: isKafkaAvailable,
    loader: () => import('./components/KafkaContent').then(m => <m.KafkaContent />),
  },
});

/** "ML projects" on Group and System pages. @alpha */
export const mlWorkbenchProjectsCard = EntityCardBlueprint.make({
  name: 'ml-projects',
  params: {
    type: 'content',
    filter: isMlProjectOwner,
    loader: () => import('./components/MlProjectsCard').then(m => <m.MlProjectsCard />),
  },
});

/**
 * The ML workbench for apps on the new frontend system, discovered by
 * `app.packages: all` through this package's `./alpha` export.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'ml-workbench',
  title: 'ML workbench',
  extensions: [
    mlWorkbenchApi,
    mlWorkbenchMlflowContent,
    mlWorkbenchAirflowContent,
    mlWorkbenchKafkaContent,
    mlWorkbenchProjectsCard,
  ],
});
