import type {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  mlopsStatusReadPermission,
  type ActionResult,
  type EntityObjects,
  type ObjectDetails,
  type ObjectEvents,
  type ObjectRef,
  type PlatformOverview,
  type ReconcileRequest,
  type ClusterState,
} from '@mlops-portal/plugin-mlops-common';
import type { MlopsAuthorizer } from '../permissions/MlopsAuthorizer';
import type { ActionContext, ActionsService } from './ActionsService';
import type { EntityIndex } from './EntityIndex';
import type { StatusService } from './StatusService';

/**
 * The MLOps backend's operations with their permission checks, shared by the
 * HTTP router and the actions registry so both enforce the same rules.
 * @internal
 */
export interface MlopsService {
  getOverview(cluster: string | undefined, credentials: BackstageCredentials): Promise<PlatformOverview>;
  getClusters(): Promise<{ clusters: ClusterState[] }>;
  getEntityObjects(entityRef: string, credentials: BackstageCredentials): Promise<EntityObjects>;
  getObject(ref: ObjectRef, credentials: BackstageCredentials): Promise<ObjectDetails>;
  getObjectEvents(ref: ObjectRef, credentials: BackstageCredentials): Promise<ObjectEvents>;
  reconcile(ref: ObjectRef, request: ReconcileRequest, ctx: ActionContext): Promise<ActionResult>;
  suspend(ref: ObjectRef, reason: string, ctx: ActionContext): Promise<ActionResult>;
  resume(ref: ObjectRef, ctx: ActionContext): Promise<ActionResult>;
  /** Audits a write refused for invalid input before its target was known. */
  refuseInvalid(
    eventId: string,
    ctx: ActionContext,
    rawTarget: Record<string, unknown>,
    error: Error,
  ): Promise<void>;
}

/** Builds the {@link MlopsService}. @internal */
export function createMlopsService(deps: {
  status: StatusService;
  actions: ActionsService;
  entities: EntityIndex;
  authorizer: MlopsAuthorizer;
  catalog: CatalogService;
  auth: AuthService;
}): MlopsService {
  const { status, actions, entities, authorizer } = deps;
  return {
    async getOverview(cluster, credentials) {
      const viewer = await authorizer.viewer(credentials, () =>
        entities.list().map(e => e.ref),
      );
      return status.getOverview(cluster, viewer);
    },
    async getClusters() {
      return status.getClusters();
    },
    async getEntityObjects(entityRef, credentials) {
      await authorizer.assert(
        mlopsStatusReadPermission,
        entityRef,
        credentials,
        `read the status of ${entityRef}`,
      );
      const entity = entities.get(entityRef);
      if (!entity) {
        // Not in the index: either it has no MLOps annotations, or it does
        // not exist (or is newer than the last refresh).
        const found = await deps.catalog.getEntityByRef(entityRef, {
          credentials: await deps.auth.getOwnServiceCredentials(),
        });
        if (!found) throw new NotFoundError(`no catalog entity '${entityRef}'`);
      }
      return status.getEntityObjects(entity, entityRef);
    },
    async getObject(ref, credentials) {
      const details = status.getObjectDetails(ref);
      await authorizer.assert(
        mlopsStatusReadPermission,
        details.entityRef,
        credentials,
        `read ${ref.kind} ${ref.namespace ?? ''}/${ref.name}`,
      );
      return details;
    },
    async getObjectEvents(ref, credentials) {
      const o = status.requireObject(ref);
      await authorizer.assert(
        mlopsStatusReadPermission,
        status.ownerOf(o),
        credentials,
        `read events of ${ref.kind} ${ref.namespace ?? ''}/${ref.name}`,
      );
      return status.getObjectEvents(ref);
    },
    reconcile: (ref, request, ctx) => actions.reconcile(ref, request, ctx),
    suspend: (ref, reason, ctx) => actions.suspend(ref, reason, ctx),
    resume: (ref, ctx) => actions.resume(ref, ctx),
    refuseInvalid: (eventId, ctx, rawTarget, error) =>
      actions.refuseInvalid(eventId, ctx, rawTarget, error),
  };
}
