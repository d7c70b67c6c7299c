import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * Checks a workbench permission for the signed-in user on the catalog entity
 * that names the DAG or model (resource type `catalog-entity`), so the
 * policy's conditions (IS_ENTITY_OWNER) are evaluated by the catalog's rules.
 * https://backstage.io/docs/permissions/plugin-authors/03-adding-a-resource-permission-check
 */
export class WorkbenchAuthorizer {
  constructor(private readonly permissions: PermissionsService) {}

  async allowed(
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [d] = await this.permissions.authorize([{ permission, resourceRef: entityRef }], { credentials });
    return d.result === AuthorizeResult.ALLOW;
  }

  async assert(
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    credentials: BackstageCredentials,
    what: string,
  ): Promise<void> {
    if (!(await this.allowed(permission, entityRef, credentials))) {
      throw new NotAllowedError(`not allowed to ${what}: ${permission.name} on ${entityRef} was denied`);
    }
  }
}
