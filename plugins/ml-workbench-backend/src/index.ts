/**
 * The ML workbench backend plugin: MLflow, Airflow and Kafka in the portal,
 * from the tools' real APIs.
 *
 * @packageDocumentation
 */

export { mlWorkbenchPlugin as default } from './plugin';
export { readMlWorkbenchConfig } from './config/readMlWorkbenchConfig';
export type {
  AirflowInstanceConfig,
  KafkaInstanceConfig,
  MlflowInstanceConfig,
  MlInstanceConfig,
  MlWorkbenchConfig,
} from './config/readMlWorkbenchConfig';
