/**
 * Isomorphic code shared by the MLOps Portal plugins: the status rules, the
 * HTTP API's types and client, the permissions and the annotation names.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './layers';
export * from './kinds';
export * from './permissions';
export * from './status/types';
export * from './api/types';
export * from './api/MlopsApi';
export * from './status/flux';
export * from './status/strimzi';
export * from './status/minio';
export * from './status/spark';
export * from './status/flink';
export * from './status/prometheus';
export * from './status/workloads';
export * from './status/classifyObject';
export { apiGroupOf } from './status/ruleKind';
export * from './status/extractFacts';
export * from './status/slimObject';
export * from './status/rollup';
export * from './status/inventory';
export * from './api/schemas';
export * from './api/text';
export * from './api/MlopsClient';
export * from './flux/substituteFluxVariables';
export * from './status/pods';
export * from './trace/types';
export * from './trace/levels';
export * from './api/traceSchemas';
export * from './api/MlopsInsightsApi';
export * from './api/MlopsInsightsClient';
export * from './notify/types';
export * from './diff/lineDiff';
export * from './diff/objectDiff';
export * from './diff/types';
export * from './diff/driftEvents';
export * from './api/diffSchemas';
export * from './changePreview/types';
