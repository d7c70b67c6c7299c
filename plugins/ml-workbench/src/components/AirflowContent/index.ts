export { AirflowContent } from './AirflowContent';
