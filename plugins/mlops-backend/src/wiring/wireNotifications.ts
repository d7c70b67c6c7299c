import type {
  AuthService,
  DatabaseService,
  HttpAuthService,
  HttpRouterService,
  LifecycleService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { MlopsClustersService } from '@mlops-portal/plugin-mlops-node';
import { readNotificationsConfig } from '../config/readNotificationsConfig';
import type { MlopsAuthorizer } from '../permissions/MlopsAuthorizer';
import { createNotificationRouter } from '../routes/notificationRoutes';
import type { EntityIndex } from '../services/EntityIndex';
import { EntityNotifier } from '../services/notify/EntityNotifier';
import { NotificationDispatcher } from '../services/notify/NotificationDispatcher';
import { NotificationSettingsService } from '../services/notify/NotificationSettingsService';
import { NotificationStore } from '../services/notify/NotificationStore';
import { OwnerResolver } from '../services/notify/OwnerResolver';

/**
 * Wires owner notifications into the plugin: the store (migrations run
 * here), the notifier on the watch changes, the dispatcher on Backstage's
 * notification service, the scheduled suspension check, and the settings
 * routes. The routes are there even with `mlops.notifications.enabled:
 * false` (choices are kept; nothing is sent).
 */
export async function wireNotifications(d: {
  config: Config;
  logger: LoggerService;
  lifecycle: LifecycleService;
  database: DatabaseService;
  scheduler: SchedulerService;
  httpAuth: HttpAuthService;
  httpRouter: HttpRouterService;
  auth: AuthService;
  catalog: CatalogService;
  notifications: NotificationService;
  clusters: MlopsClustersService;
  entities: EntityIndex;
  authorizer: MlopsAuthorizer;
}): Promise<void> {
  const config = readNotificationsConfig(d.config);
  const store = await NotificationStore.create(d.database);
  const owners = new OwnerResolver({ catalog: d.catalog, auth: d.auth });
  const settings = new NotificationSettingsService({ store, owners, entities: d.entities, authorizer: d.authorizer, catalog: d.catalog, auth: d.auth });
  d.httpRouter.use(createNotificationRouter({ httpAuth: d.httpAuth, settings }));
  if (!config.enabled) return;

  const dispatcher = new NotificationDispatcher({
    store,
    owners,
    notifications: d.notifications,
    logger: d.logger,
    windowMs: config.groupWindowMs,
    threshold: config.groupThreshold,
    layerTitle: ref => d.entities.get(ref)?.title,
  });
  const notifier = new EntityNotifier({
    clusters: d.clusters,
    entities: d.entities,
    dispatcher,
    logger: d.logger,
    suspendedAfterMs: config.suspendedAfterMs,
  });
  await d.scheduler.scheduleTask({
    id: 'mlops-notifications-check',
    scope: 'local',
    frequency: { seconds: config.checkIntervalSeconds },
    timeout: { seconds: 60 },
    fn: async () => notifier.tick(),
  });
  await d.scheduler.scheduleTask({
    id: 'mlops-notifications-prune',
    scope: 'global',
    frequency: { hours: 24 },
    timeout: { minutes: 5 },
    fn: () => store.prune(90),
  });
  d.lifecycle.addShutdownHook(async () => {
    notifier.stop();
    await dispatcher.flush().catch(() => {});
    dispatcher.stop();
  });
}
