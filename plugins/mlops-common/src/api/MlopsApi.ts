import type {
  ActionResult,
  ClusterState,
  EntityObjects,
  ObjectDetails,
  ObjectEvents,
  PlatformOverview,
  ReconcileRequest,
} from './types';

/**
 * Identifies one object in the HTTP API. Cluster-scoped objects use
 * `namespace: undefined` (sent as `_` in the path).
 * @public
 */
export interface ObjectLocator {
  cluster: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** Optional Backstage token for calls made from a backend. @public */
export interface RequestOptions {
  token?: string;
  signal?: AbortSignal;
}

/**
 * The MLOps backend's HTTP API (plugin id `mlops`, mounted at `/api/mlops`):
 *
 * | method | path | answer |
 * |---|---|---|
 * | GET | `/overview?cluster=<name>` | {@link PlatformOverview} |
 * | GET | `/clusters` | `{ clusters: ClusterState[] }` |
 * | GET | `/entities/:kind/:namespace/:name/objects` | {@link EntityObjects} |
 * | GET | `/objects/:cluster/:kind/:namespace/:name` | {@link ObjectDetails} (`_` for no namespace) |
 * | GET | `/objects/:cluster/:kind/:namespace/:name/events` | {@link ObjectEvents} |
 * | POST | `/objects/:cluster/:kind/:namespace/:name/reconcile` | {@link ActionResult}, body {@link ReconcileRequest} |
 * | POST | `/objects/:cluster/:kind/:namespace/:name/suspend` | {@link ActionResult}, body `{ reason }` |
 * | POST | `/objects/:cluster/:kind/:namespace/:name/resume` | {@link ActionResult} |
 *
 * @public
 */
export interface MlopsApi {
  getOverview(
    query?: { cluster?: string },
    options?: RequestOptions,
  ): Promise<PlatformOverview>;
  getClusters(options?: RequestOptions): Promise<{ clusters: ClusterState[] }>;
  getEntityObjects(
    entityRef: string,
    options?: RequestOptions,
  ): Promise<EntityObjects>;
  getObject(
    object: ObjectLocator,
    options?: RequestOptions,
  ): Promise<ObjectDetails>;
  getObjectEvents(
    object: ObjectLocator,
    options?: RequestOptions,
  ): Promise<ObjectEvents>;
  reconcile(
    object: ObjectLocator,
    request?: ReconcileRequest,
    options?: RequestOptions,
  ): Promise<ActionResult>;
  suspend(
    object: ObjectLocator,
    reason: string,
    options?: RequestOptions,
  ): Promise<ActionResult>;
  resume(
    object: ObjectLocator,
    options?: RequestOptions,
  ): Promise<ActionResult>;
}
