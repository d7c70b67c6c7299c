/**
 * The MLOps Portal's permission policy, as a permission backend module.
 *
 * @packageDocumentation
 */

export { permissionModuleMlopsPolicy as default } from './module';
export { MlopsPermissionPolicy } from './MlopsPermissionPolicy';
export {
  readPolicyConfig,
  DEFAULT_ADMIN_GROUPS,
  type MlopsPolicyConfig,
} from './readPolicyConfig';
