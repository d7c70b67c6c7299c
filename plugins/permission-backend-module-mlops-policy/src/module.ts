import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { MlopsPermissionPolicy } from './MlopsPermissionPolicy';
import { readPolicyConfig } from './readPolicyConfig';

/**
 * Installs {@link MlopsPermissionPolicy} as the permission backend's policy.
 * @public
 */
export const permissionModuleMlopsPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'mlops-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        policy.setPolicy(
          new MlopsPermissionPolicy(readPolicyConfig(config), userInfo),
        );
      },
    });
  },
});
