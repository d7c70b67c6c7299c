/**
 * The ML workbench frontend: MLflow, Airflow and Kafka views of catalog
 * entities, and a Group's or System's ML projects. The plugin itself (new
 * frontend system) is the `./alpha` export.
 *
 * @packageDocumentation
 */

export { mlWorkbenchApiRef } from './api';
export { MlflowContent, PromotionDialog, promotionLink } from './components/MlflowContent';
export { AirflowContent } from './components/AirflowContent';
export { KafkaContent } from './components/KafkaContent';
export { MlProjectsCard } from './components/MlProjectsCard';
export { LineChart, type ChartPoint } from './components/charts/LineChart';
export { StateChip } from './components/StateChip';
export { useWorkbenchData, type WorkbenchData } from './hooks/useWorkbenchData';
export { isAirflowAvailable, isKafkaAvailable, isMlflowAvailable, isMlProjectOwner } from './filters';
