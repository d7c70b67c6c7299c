import {
  coreServices,
  createServiceFactory,
  type ServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  notificationService,
  type NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { signalsServiceRef, type SignalsService } from '@backstage/plugin-signals-node';
import type { KubeSim } from '@mlops-portal/kube-sim';
import type { Server } from 'node:http';
import { mlopsPlugin } from '../plugin';

/** The permission framework answering yes to everything and everyone. */
export const allowAllPermissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () =>
    ({
      authorize: async (requests: unknown[]) => requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      authorizeConditional: async (requests: unknown[]) => requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    }) as any,
});

/** kube-sim's clusters as `kubernetes.clusterLocatorMethods` config entries. */
export function simClusters(sim: KubeSim): JsonObject[] {
  return sim.clusters.map(c => ({
    name: c.name,
    url: c.url,
    authProvider: 'serviceAccount',
    serviceAccountToken: c.token,
    ...(c.caData ? { caData: c.caData } : {}),
  }));
}

export interface MlopsTestBackendOptions {
  /** The clusters of the `config` cluster locator (see {@link simClusters}). */
  clusters: JsonObject[];
  /** The `mlops` config block. */
  mlops?: JsonObject;
  /** More root config beside `kubernetes` and `mlops` (e.g. `catalog`). */
  config?: JsonObject;
  /** What the catalog holds. */
  entities: Entity[];
  /** The permission framework; everything allowed when not given. */
  permissions?: ServiceFactory;
  /** Where signals go; dropped when not given. */
  publish?: SignalsService['publish'];
  /** When given, the plugin registers its MCP actions here. */
  actionsRegistry?: ReturnType<typeof actionsRegistryServiceMock>;
  /** When given, the notifications service, sending here. */
  sendNotification?: (options: NotificationSendOptions) => Promise<void>;
  /** More service factories (auditor, logger, …). */
  features?: ServiceFactory[];
}

/**
 * The mlops backend plugin in Backstage's test backend — real HTTP router,
 * real SQLite database — with the catalog, permissions, signals and
 * (optionally) notifications and the actions registry replaced as given.
 */
export async function startMlopsTestBackend(
  options: MlopsTestBackendOptions,
): Promise<{ server: Server; stop: () => Promise<void> }> {
  const { actionsRegistry, sendNotification } = options;
  const backend = await startTestBackend({
    features: [
      mlopsPlugin,
      mockServices.rootConfig.factory({
        data: {
          ...options.config,
          kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters: options.clusters }] },
          ...(options.mlops ? { mlops: options.mlops } : {}),
        },
      }),
      catalogServiceMock.factory({ entities: options.entities }),
      options.permissions ?? allowAllPermissions,
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({ publish: options.publish ?? (async () => {}) }),
      }),
      ...(actionsRegistry
        ? [createServiceFactory({ service: actionsRegistryServiceRef, deps: {}, factory: () => actionsRegistry })]
        : []),
      ...(sendNotification
        ? [createServiceFactory({ service: notificationService, deps: {}, factory: () => ({ send: sendNotification }) })]
        : []),
      ...(options.features ?? []),
    ],
  });
  return { server: backend.server as Server, stop: () => backend.stop() };
}
