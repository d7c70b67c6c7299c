import type { HttpAuthService, HttpRouterService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { readClusterConfig, type MlopsClustersService } from '@mlops-portal/plugin-mlops-node';
import type { MlopsAuthorizer } from '../permissions/MlopsAuthorizer';
import { createDiffRouter } from '../routes/diffRoutes';
import { ClusterClients } from '../services/ClusterClients';
import type { EntityIndex } from '../services/EntityIndex';
import { DriftEventsService } from '../services/diff/DriftEventsService';
import { DriftSummaryService } from '../services/diff/DriftSummaryService';
import { GitopsCheckout, readCheckoutRoots } from '../services/diff/GitopsCheckout';
import { HelmDiffService } from '../services/diff/HelmDiffService';
import { KustomizationDriftService } from '../services/diff/KustomizationDriftService';

/** Wires desired vs live and drift: Helm revision diffs, Git comparison, Kustomization drift, per-layer counts. */
export function wireDiff(d: {
  config: Config;
  httpAuth: HttpAuthService;
  httpRouter: HttpRouterService;
  clusters: MlopsClustersService;
  entities: EntityIndex;
  authorizer: MlopsAuthorizer;
}): void {
  const checkout = new GitopsCheckout(readCheckoutRoots(d.config));
  const clients = new ClusterClients(readClusterConfig(d.config).clusters);
  const common = { clusters: d.clusters, entities: d.entities, authorizer: d.authorizer };
  d.httpRouter.use(
    createDiffRouter({
      httpAuth: d.httpAuth,
      helm: new HelmDiffService({ ...common, clients, checkout }),
      kustomizations: new KustomizationDriftService({ ...common, checkout }),
      summary: new DriftSummaryService({ ...common, driftEvents: new DriftEventsService({ clients }) }),
    }),
  );
}
