import type { ObjectLocator, RequestOptions } from './MlopsApi';
import type { EntityTrace, TraceText } from '../trace/types';
import type { EntityNotificationSettings, NotificationSettingRequest } from '../notify/types';
import type { DriftSummary, HelmReleaseDiff, KustomizationDrift } from '../diff/types';

/** A namespaced Flux object on a cluster, for the diff and drift routes. @public */
export interface NamespacedObjectRef {
  cluster: string;
  namespace: string;
  name: string;
}

/** Options of {@link MlopsInsightsApi.getEntityTrace}. @public */
export interface EntityTraceOptions {
  /** One cluster only. */
  cluster?: string;
  /** Groups whose nodes to list, with how many (default 100). */
  expand?: Array<{ groupId: string; limit?: number }>;
}

/**
 * The MLOps backend's trace, diff, drift, preview and notification routes
 * (plugin id `mlops`), next to {@link MlopsApi}:
 *
 * | method | path | answer |
 * |---|---|---|
 * | GET | `/entities/:kind/:namespace/:name/trace?cluster=&expand=` | {@link EntityTrace} |
 * | GET | `/entities/:kind/:namespace/:name/trace/text` | {@link TraceText} |
 * | GET | `/trace/objects/:cluster/:kind/:namespace/:name` | {@link TraceText} (`flux trace`) |
 * | GET | `/trace/objects/:cluster/:kind/:namespace/:name/tree?compact=` | {@link TraceText} (`flux tree`) |
 * | GET | `/diff/helmreleases/:cluster/:namespace/:name?from=&to=` | {@link HelmReleaseDiff} |
 * | GET | `/drift/kustomizations/:cluster/:namespace/:name` | {@link KustomizationDrift} |
 * | GET | `/drift/summary?cluster=` | {@link DriftSummary} |
 * | GET | `/notifications/settings?entityRef=` | {@link EntityNotificationSettings} (the caller's) |
 * | PUT | `/notifications/settings` | {@link EntityNotificationSettings}, body {@link NotificationSettingRequest} |
 *
 * @public
 */
export interface MlopsInsightsApi {
  getEntityTrace(entityRef: string, options?: EntityTraceOptions, request?: RequestOptions): Promise<EntityTrace>;
  getEntityTraceText(entityRef: string, options?: { cluster?: string }, request?: RequestOptions): Promise<TraceText>;
  getObjectTrace(object: ObjectLocator, request?: RequestOptions): Promise<TraceText>;
  getTree(object: ObjectLocator, options?: { compact?: boolean }, request?: RequestOptions): Promise<TraceText>;
  getHelmReleaseDiff(object: NamespacedObjectRef, revisions?: { from?: number; to?: number }, request?: RequestOptions): Promise<HelmReleaseDiff>;
  getKustomizationDrift(object: NamespacedObjectRef, request?: RequestOptions): Promise<KustomizationDrift>;
  getDriftSummary(options?: { cluster?: string }, request?: RequestOptions): Promise<DriftSummary>;
  getNotificationSettings(entityRef: string, request?: RequestOptions): Promise<EntityNotificationSettings>;
  setNotificationSetting(setting: NotificationSettingRequest, request?: RequestOptions): Promise<EntityNotificationSettings>;
}
