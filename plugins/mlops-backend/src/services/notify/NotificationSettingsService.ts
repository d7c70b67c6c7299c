import type {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { AuthService } from '@backstage/backend-plugin-api';
import {
  MLOPS_NOTIFICATION_EVENTS,
  mlopsStatusReadPermission,
  type EntityNotificationSettings,
  type NotificationSettingRequest,
} from '@mlops-portal/plugin-mlops-common';
import type { MlopsAuthorizer } from '../../permissions/MlopsAuthorizer';
import type { EntityIndex } from '../EntityIndex';
import type { NotificationStore } from './NotificationStore';
import type { OwnerResolver } from './OwnerResolver';

/**
 * The caller's subscribe / mute choices per entity and event. Only an
 * entity the caller may read (`mlops.status.read`) can be subscribed to or
 * even looked at; ownership is the catalog's (OwnerResolver), never the
 * request's.
 */
export class NotificationSettingsService {
  constructor(
    private readonly deps: {
      store: NotificationStore;
      owners: OwnerResolver;
      entities: EntityIndex;
      authorizer: MlopsAuthorizer;
      catalog: CatalogService;
      auth: AuthService;
    },
  ) {}

  private async ownerOf(entityRef: string): Promise<string | undefined> {
    const indexed = this.deps.entities.get(entityRef);
    // Owners of an untrusted entity are not told by default (EntityNotifier).
    if (indexed) return indexed.trusted ? indexed.owner : undefined;
    const entity = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials: await this.deps.auth.getOwnServiceCredentials(),
    });
    if (!entity) throw new NotFoundError(`no catalog entity '${entityRef}'`);
    const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
    return typeof owner === 'string' ? owner : undefined;
  }

  async get(entityRef: string, credentials: BackstageCredentials<BackstageUserPrincipal>): Promise<EntityNotificationSettings> {
    await this.deps.authorizer.assert(mlopsStatusReadPermission, entityRef, credentials, `read the notification settings of ${entityRef}`);
    const user = credentials.principal.userEntityRef;
    const owner = await this.deps.owners.isOwner(user, await this.ownerOf(entityRef));
    const stored = await this.deps.store.settingsOf(user, entityRef);
    return {
      entityRef,
      owner,
      events: MLOPS_NOTIFICATION_EVENTS.map(event => {
        const mode = stored.find(s => s.event === event)?.mode ?? 'default';
        return { event, mode, notified: mode === 'subscribe' || (mode === 'default' && owner) };
      }),
    };
  }

  async set(request: NotificationSettingRequest, credentials: BackstageCredentials<BackstageUserPrincipal>): Promise<EntityNotificationSettings> {
    await this.deps.authorizer.assert(mlopsStatusReadPermission, request.entityRef, credentials, `change notifications of ${request.entityRef}`);
    await this.ownerOf(request.entityRef); // 404 for an entity that does not exist
    await this.deps.store.setSetting(credentials.principal.userEntityRef, request.entityRef, request.event, request.mode);
    return this.get(request.entityRef, credentials);
  }
}
