export { OperatorCards } from './OperatorCards';
