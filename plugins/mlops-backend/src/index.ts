/**
 * The MLOps Portal backend plugin: live Flux and operator status per layer
 * and cluster, safe GitOps actions, signals and actions-registry integration.
 *
 * @packageDocumentation
 */

export { mlopsPlugin as default } from './plugin';
export { createRouter } from './router';
export { mlopsOpenApiSpec } from './schema/openapi';
export {
  createMlopsService,
  type MlopsService,
} from './services/MlopsService';
export { readMlopsBackendConfig, type MlopsBackendConfig } from './config/readMlopsBackendConfig';
