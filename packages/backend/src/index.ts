/*
 * The MLOps Portal backend (Backstage new backend system).
 */
import { createBackend } from '@backstage/backend-defaults';
import { validatedRootConfigServiceFactory } from './config/validatedRootConfig';
import { rootHttpRouterWithoutStackTraces } from './http/rootHttpRouter';
import { kubernetesModuleReadOnlyProxy } from './modules/kubernetesReadOnlyProxy';

const backend = createBackend();

// Stop start-up on a wrong setting with a message that names its key.
backend.add(validatedRootConfigServiceFactory);
// Error answers never carry stack traces, whatever NODE_ENV says.
backend.add(rootHttpRouterWithoutStackTraces);

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Auth: guest or a picked local user locally, GitHub in production (see app-config*.yaml).
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(
  import('@mlops-portal/plugin-auth-backend-module-local-users-provider'),
);
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));

// Catalog, with the scaffolder entity model and the platform from the GitOps repo.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@mlops-portal/plugin-catalog-backend-module-mlops'));

// Scaffolder, with GitHub pull requests and the GitOps actions.
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
backend.add(import('@mlops-portal/plugin-scaffolder-backend-module-mlops'));

// Permissions: the portal's own policy (plugins/permission-backend-module-mlops-policy).
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@mlops-portal/plugin-permission-backend-module-mlops-policy'),
);

// Kubernetes (the stock tab; its proxy read-only) and the MLOps status API.
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(kubernetesModuleReadOnlyProxy);
backend.add(import('@mlops-portal/plugin-mlops-backend'));
// MLflow, Airflow and Kafka of the ML projects (mlWorkbench.instances).
backend.add(import('@mlops-portal/plugin-ml-workbench-backend'));

// Search, with the PostgreSQL engine in production (Lunr in memory otherwise).
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));
backend.add(import('@backstage/plugin-techdocs-backend'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// The events bus, so catalog and signals events reach every backend replica.
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// A failed start-up (e.g. a plugin finding another replica holding its
// migration lock) only gets logged by Backstage and leaves the process serving
// 503 for ever; exit instead, so the orchestrator starts it again.
backend.start().catch(error => {
  // eslint-disable-next-line no-console
  console.error('Backend start-up failed, exiting:', error);
  process.exit(1);
});
