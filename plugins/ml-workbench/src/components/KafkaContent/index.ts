export { KafkaContent } from './KafkaContent';
