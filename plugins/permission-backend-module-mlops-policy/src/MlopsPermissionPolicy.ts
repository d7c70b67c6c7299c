import type { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import {
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
  templateDryRunPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  mlopsFluxReconcilePermission,
  mlopsFluxSuspendPermission,
} from '@mlops-portal/plugin-mlops-common';
import type { MlopsPolicyConfig } from './readPolicyConfig';

/**
 * Permissions every signed-in user is granted besides reads: running software
 * templates only opens reviewed pull requests, and registering an entity or
 * refreshing one changes nothing outside the catalog.
 */
const SELF_SERVICE = new Set<string>([
  taskCreatePermission.name,
  taskCancelPermission.name,
  actionExecutePermission.name,
  templateDryRunPermission.name,
  'catalog.entity.create',
  'catalog.entity.refresh',
  'catalog.location.create',
  'catalog.location.read',
]);

/** Permissions an entity's owners hold on that entity. */
const OWNER_ACTIONS = new Set<string>([
  mlopsFluxReconcilePermission.name,
  mlopsFluxSuspendPermission.name,
  catalogEntityDeletePermission.name,
]);

/**
 * The portal's permission policy:
 * - members of the configured admin groups may do everything;
 * - every signed-in user may read, run templates and register entities;
 * - owners of a catalog entity may reconcile, suspend, resume and delete it;
 * - everything else is denied.
 * @public
 */
export class MlopsPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly config: MlopsPolicyConfig,
    private readonly userInfo: Pick<UserInfoService, 'getUserInfo'>,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    const ownership = ownershipEntityRefs.map(r =>
      r.toLocaleLowerCase('en-US'),
    );
    if (ownership.some(ref => this.config.adminGroups.includes(ref))) {
      return { result: AuthorizeResult.ALLOW };
    }
    const { permission } = request;
    if (permission.attributes.action === 'read') {
      return { result: AuthorizeResult.ALLOW };
    }
    if (SELF_SERVICE.has(permission.name)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (
      OWNER_ACTIONS.has(permission.name) &&
      isResourcePermission(permission, 'catalog-entity')
    ) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({
          claims: ownershipEntityRefs,
        }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }
}
