export { PendingChanges } from './PendingChanges';
