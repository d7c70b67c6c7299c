import type {
  HttpAuthService,
  HttpRouterService,
  LifecycleService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { Config } from '@backstage/config';
import type { SignalsService } from '@backstage/plugin-signals-node';
import { MLOPS_TRACE_SIGNAL_CHANNEL } from '@mlops-portal/plugin-mlops-common';
import {
  PodCache,
  readClusterConfig,
  type MlopsClustersService,
} from '@mlops-portal/plugin-mlops-node';
import { registerTraceActions } from '../actions/registerTraceActions';
import { readTraceConfig } from '../config/readTraceConfig';
import type { MlopsAuthorizer } from '../permissions/MlopsAuthorizer';
import { createTraceRouter } from '../routes/traceRoutes';
import type { EntityIndex } from '../services/EntityIndex';
import { TraceService } from '../services/trace/TraceService';

/**
 * Wires traces into the plugin (kept out of plugin.ts so it stays a list of
 * features): the pod cache (unless `mlops.trace.watchPods: false`), the
 * trace service, its signals, routes and actions.
 */
export function wireTrace(d: {
  config: Config;
  logger: LoggerService;
  lifecycle: LifecycleService;
  httpAuth: HttpAuthService;
  httpRouter: HttpRouterService;
  signals: SignalsService;
  actionsRegistry: ActionsRegistryService;
  clusters: MlopsClustersService;
  entities: EntityIndex;
  authorizer: MlopsAuthorizer;
}): TraceService {
  const config = readTraceConfig(d.config);
  let pods: PodCache | undefined;
  if (config.watchPods) {
    const clusterConfig = readClusterConfig(d.config);
    pods = new PodCache({
      clusters: clusterConfig.clusters,
      watch: clusterConfig.watch,
      logger: d.logger.child({ service: 'mlops-pods' }),
    });
    pods.start();
  }
  const trace = new TraceService({
    clusters: d.clusters,
    pods,
    entities: d.entities,
    authorizer: d.authorizer,
    logger: d.logger,
    maxNodesPerCluster: config.maxNodesPerCluster,
    idleMs: config.idleMs,
    publish: message =>
      d.signals.publish<any>({ recipients: { type: 'broadcast' }, channel: MLOPS_TRACE_SIGNAL_CHANNEL, message }),
  });
  d.lifecycle.addShutdownHook(() => {
    trace.stop();
    pods?.stop();
  });
  registerTraceActions(d.actionsRegistry, trace);
  d.httpRouter.use(createTraceRouter({ httpAuth: d.httpAuth, trace }));
  return trace;
}
