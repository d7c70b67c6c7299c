import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogEntityReadPermission, catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import {
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
  templateParameterReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  mlopsFluxReconcilePermission,
  mlopsFluxSuspendPermission,
  mlopsStatusReadPermission,
} from '@mlops-portal/plugin-mlops-common';
import {
  mlopsAirflowDagPausePermission,
  mlopsAirflowDagTriggerPermission,
  mlopsModelPromotePermission,
  mlWorkbenchReadPermission,
} from '@mlops-portal/plugin-ml-workbench-common';
import { MlopsPermissionPolicy } from './MlopsPermissionPolicy';

// The user info service resolves a user's ownership refs from their credentials.
const userInfo = {
  async getUserInfo(credentials: any) {
    return {
      userEntityRef: credentials.principal.userEntityRef,
      ownershipEntityRefs: credentials.ownership,
    };
  },
};

const policy = new MlopsPermissionPolicy(
  { adminGroups: ['group:default/platform-admins'] },
  userInfo,
);

function user(ref: string, groups: string[]) {
  return {
    credentials: {
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'user', userEntityRef: ref },
      ownership: [ref, ...groups],
    } as any,
    info: { userEntityRef: ref, ownershipEntityRefs: [] },
  };
}

const alex = user('user:default/alex', ['group:default/platform-team']);
const admin = user('user:default/root', ['group:default/Platform-Admins']);

describe('MlopsPermissionPolicy', () => {
  it('lets every signed-in user read catalog entities and MLOps status', async () => {
    for (const permission of [catalogEntityReadPermission, mlopsStatusReadPermission]) {
      await expect(policy.handle({ permission }, alex as any)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('denies requests without a signed-in user', async () => {
    await expect(
      policy.handle({ permission: catalogEntityReadPermission }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets members of an admin group do everything, whatever the case of the ref', async () => {
    for (const permission of [templateManagementPermission, mlopsFluxSuspendPermission]) {
      await expect(policy.handle({ permission }, admin as any)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it.each([taskCreatePermission, actionExecutePermission, templateParameterReadPermission])(
    'lets signed-in users run the registered software templates: $name',
    async permission => {
      await expect(policy.handle({ permission }, alex as any)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    },
  );

  it.each([templateDryRunPermission, templateManagementPermission])(
    'keeps template authoring to admins: $name is denied to others, allowed to admins',
    async permission => {
      await expect(policy.handle({ permission }, alex as any)).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
      await expect(policy.handle({ permission }, admin as any)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    },
  );

  it.each([taskReadPermission, taskCancelPermission])(
    "makes $name conditional on being the task's creator (task logs and diffs are private)",
    async permission => {
      await expect(policy.handle({ permission }, alex as any)).resolves.toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'scaffolder',
        resourceType: 'scaffolder-task',
        conditions: {
          rule: 'IS_TASK_OWNER',
          resourceType: 'scaffolder-task',
          params: { createdBy: ['user:default/alex'] },
        },
      });
      await expect(policy.handle({ permission }, admin as any)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    },
  );

  it.each([mlopsFluxReconcilePermission, mlopsFluxSuspendPermission, catalogEntityDeletePermission])(
    'makes $name conditional on owning the entity',
    async permission => {
      const decision = await policy.handle({ permission }, alex as any);
      expect(decision).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: {
            claims: ['user:default/alex', 'group:default/platform-team'],
          },
        },
      });
    },
  );

  it.each([mlopsAirflowDagTriggerPermission, mlopsAirflowDagPausePermission, mlopsModelPromotePermission])(
    'makes the ML workbench action $name conditional on owning the entity',
    async permission => {
      await expect(policy.handle({ permission }, alex as any)).resolves.toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: ['user:default/alex', 'group:default/platform-team'] },
        },
      });
    },
  );

  it('lets every signed-in user read the ML workbench views', async () => {
    await expect(policy.handle({ permission: mlWorkbenchReadPermission }, alex as any)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('denies other writes to non-admins', async () => {
    await expect(
      policy.handle({ permission: templateManagementPermission }, alex as any),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });
});
