import type {
  HttpAuthService,
  HttpRouterService,
  LifecycleService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { SignalsService } from '@backstage/plugin-signals-node';
import { readClusterConfig, type MlopsClustersService } from '@mlops-portal/plugin-mlops-node';
import type { MlopsAuthorizer } from '../permissions/MlopsAuthorizer';
import { createDiffRouter } from '../routes/diffRoutes';
import { ClusterClients } from '../services/ClusterClients';
import type { EntityIndex } from '../services/EntityIndex';
import { DriftEventWatcher } from '../services/diff/DriftEventWatcher';
import { DriftSummaryService } from '../services/diff/DriftSummaryService';
import { GitopsCheckout, readCheckoutRoots } from '../services/diff/GitopsCheckout';
import { HelmDiffService } from '../services/diff/HelmDiffService';
import { KustomizationDriftService } from '../services/diff/KustomizationDriftService';
import { publishDriftSignal } from '../services/diff/publishDriftSignal';

/**
 * Wires desired vs live and drift: Helm revision diffs, Git comparison,
 * Kustomization drift, per-layer counts, and the drift event watch that
 * pushes new drift events to browsers.
 */
export function wireDiff(d: {
  config: Config;
  logger: LoggerService;
  lifecycle: LifecycleService;
  httpAuth: HttpAuthService;
  httpRouter: HttpRouterService;
  signals: SignalsService;
  clusters: MlopsClustersService;
  entities: EntityIndex;
  authorizer: MlopsAuthorizer;
}): void {
  const checkout = new GitopsCheckout(readCheckoutRoots(d.config));
  const clusterConfig = readClusterConfig(d.config);
  const clients = new ClusterClients(clusterConfig.clusters);
  const common = { clusters: d.clusters, entities: d.entities, authorizer: d.authorizer };
  const driftEvents = new DriftEventWatcher({
    clients,
    logger: d.logger,
    requestTimeoutMs: clusterConfig.watch.requestTimeoutMs,
    livenessMs: clusterConfig.watch.watchLivenessMs,
    watchTimeoutSeconds: clusterConfig.watch.watchTimeoutSeconds,
    backoff: { initialMs: clusterConfig.watch.initialBackoffMs, maxMs: clusterConfig.watch.maxBackoffMs },
    onChange: changes => publishDriftSignal(d, changes),
  });
  driftEvents.start(clusterConfig.clusters.filter(c => c.watchable).map(c => c.name));
  d.lifecycle.addShutdownHook(() => driftEvents.stop());
  d.httpRouter.use(
    createDiffRouter({
      httpAuth: d.httpAuth,
      helm: new HelmDiffService({ ...common, clients, checkout, driftEvents }),
      kustomizations: new KustomizationDriftService({ ...common, checkout }),
      summary: new DriftSummaryService({ ...common, driftEvents }),
    }),
  );
}
