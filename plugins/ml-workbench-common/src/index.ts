/**
 * Shared by the ML workbench plugins (MLflow, Airflow and Kafka in the
 * portal): annotation names, permissions, the HTTP API's types, schemas and
 * client, and the signals channel.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './permissions';
export * from './signals';
export * from './api/types';
export * from './api/schemas';
export * from './api/MlWorkbenchApi';
export * from './api/MlWorkbenchClient';
