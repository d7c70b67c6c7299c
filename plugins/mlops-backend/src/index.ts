/**
 * The MLOps Portal backend plugin: live Flux and operator status per layer
 * and cluster, safe GitOps actions, signals and actions-registry integration.
 *
 * @packageDocumentation
 */

export { mlopsPlugin as default } from './plugin';
// The router and services stay internal: the plugin wires them itself, and
// the benchmark (bench/status.mjs) imports them from src/.
export { mlopsOpenApiSpec } from './schema/openapi';
export { readMlopsBackendConfig, type MlopsBackendConfig } from './config/readMlopsBackendConfig';
