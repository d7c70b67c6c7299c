import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import { mlopsStatusReadPermission } from '@mlops-portal/plugin-mlops-common';
import type { Viewer } from '../services/StatusService';

/**
 * Permission checks. Every MLOps permission is a resource permission on the
 * catalog entity that owns the objects (resource type `catalog-entity`, owned
 * by the catalog plugin), so we authorize with the entity ref and let the
 * permission backend evaluate the policy's conditions (e.g. IS_ENTITY_OWNER)
 * through the catalog's rules. An object with no owning entity has nothing to
 * evaluate conditions against: only an unconditional ALLOW passes.
 * https://backstage.io/docs/permissions/plugin-authors/03-adding-a-resource-permission-check
 */
export class MlopsAuthorizer {
  constructor(private readonly permissions: PermissionsService) {}

  /** Who may read what, for one request; at most two permission calls. */
  async viewer(
    credentials: BackstageCredentials,
    entityRefs: () => string[],
  ): Promise<Viewer> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission: mlopsStatusReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) {
      return { allowAll: true, canRead: () => true };
    }
    if (decision.result === AuthorizeResult.DENY) {
      return { allowAll: false, canRead: () => false };
    }
    const refs = entityRefs();
    const readable = new Set<string>();
    if (refs.length) {
      // One batched call; the permission client sends it as one request.
      const answers = await this.permissions.authorize(
        refs.map(resourceRef => ({ permission: mlopsStatusReadPermission, resourceRef })),
        { credentials },
      );
      answers.forEach((a, i) => {
        if (a.result === AuthorizeResult.ALLOW) readable.add(refs[i]);
      });
    }
    return { allowAll: false, canRead: ref => readable.has(ref) };
  }

  /**
   * Throws NotAllowedError unless the caller holds `permission` on the entity
   * (or unconditionally, when the object has no owning entity; `unowned`
   * then says why, e.g. that it is claimed twice).
   */
  async assert(
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string | undefined,
    credentials: BackstageCredentials,
    what: string,
    unowned = 'the object belongs to no catalog entity',
  ): Promise<void> {
    if (entityRef) {
      const [d] = await this.permissions.authorize(
        [{ permission, resourceRef: entityRef }],
        { credentials },
      );
      if (d.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `not allowed to ${what}: ${permission.name} on ${entityRef} was denied`,
        );
      }
      return;
    }
    const [d] = await this.permissions.authorizeConditional([{ permission }], {
      credentials,
    });
    if (d.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `not allowed to ${what}: ${unowned}, so ${permission.name} must be granted unconditionally`,
      );
    }
  }
}
