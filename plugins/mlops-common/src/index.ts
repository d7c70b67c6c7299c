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
export * from './status/extractFacts';
export * from './status/slimObject';
export * from './status/rollup';
export * from './status/inventory';
export * from './api/schemas';
export * from './api/MlopsClient';
export * from './flux/substituteFluxVariables';
