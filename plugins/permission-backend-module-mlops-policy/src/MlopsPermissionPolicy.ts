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
  taskReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  mlopsFluxReconcilePermission,
  mlopsFluxSuspendPermission,
} from '@mlops-portal/plugin-mlops-common';
import {
  mlopsAirflowDagPausePermission,
  mlopsAirflowDagTriggerPermission,
  mlopsModelPromotePermission,
} from '@mlops-portal/plugin-ml-workbench-common';
import type { MlopsPolicyConfig } from './readPolicyConfig';

/**
 * Permissions every signed-in user is granted besides reads: running the
 * registered software templates only opens reviewed pull requests, and
 * registering an entity or refreshing one changes nothing outside the catalog
 * (the catalog's rules keep identity and template kinds to admin-configured
 * locations, and the MLOps backend never lets a registered entity decide
 * ownership).
 *
 * `scaffolder.action.execute` is not narrowed to action ids: a non-admin can
 * only run the steps of a registered Template (dry-runs of arbitrary
 * templates are admin-only below, and Templates come only from
 * admin-configured locations), so an action allowlist would repeat every
 * template's steps without closing anything.
 *
 * Not granted, so admin-only: `scaffolder.template.dry-run` (runs a template
 * the caller writes, with the workspace files they send),
 * `scaffolder.template.management` (the template editor), and everything else
 * that is not a read (e.g. `catalog.location.delete`, `kubernetes.proxy`).
 */
const SELF_SERVICE = new Set<string>([
  taskCreatePermission.name,
  actionExecutePermission.name,
  'catalog.entity.create',
  'catalog.entity.refresh',
  'catalog.location.create',
  'catalog.location.read',
]);

/**
 * Scaffolder task permissions granted only on the caller's own tasks (the
 * scaffolder's IS_TASK_OWNER rule): task logs, parameters and diffs are
 * private to whoever started the task. Checked before the blanket read grant,
 * since `scaffolder.task.read` is a read.
 */
const OWN_TASKS_ONLY = new Set<string>([
  taskReadPermission.name,
  taskCancelPermission.name,
]);

/** Permissions an entity's owners hold on that entity. */
const OWNER_ACTIONS = new Set<string>([
  mlopsFluxReconcilePermission.name,
  mlopsFluxSuspendPermission.name,
  catalogEntityDeletePermission.name,
  // ML workbench: trigger / pause an entity's Airflow DAGs, promote its models.
  mlopsAirflowDagTriggerPermission.name,
  mlopsAirflowDagPausePermission.name,
  mlopsModelPromotePermission.name,
]);

/**
 * The portal's permission policy:
 * - members of the configured admin groups may do everything;
 * - every signed-in user may read, run the registered templates and register
 *   entities; scaffolder tasks only their own (read, cancel);
 * - owners of a catalog entity may reconcile, suspend, resume and delete it,
 *   trigger and pause its Airflow DAGs and promote its models;
 * - everything else (template dry-runs and management included) is denied.
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
    const { userEntityRef, ownershipEntityRefs } =
      await this.userInfo.getUserInfo(user.credentials);
    const ownership = ownershipEntityRefs.map(r =>
      r.toLocaleLowerCase('en-US'),
    );
    if (ownership.some(ref => this.config.adminGroups.includes(ref))) {
      return { result: AuthorizeResult.ALLOW };
    }
    const { permission } = request;
    if (
      OWN_TASKS_ONLY.has(permission.name) &&
      isResourcePermission(permission, 'scaffolder-task')
    ) {
      return createScaffolderTaskConditionalDecision(
        permission,
        scaffolderTaskConditions.isTaskOwner({ createdBy: [userEntityRef] }),
      );
    }
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
