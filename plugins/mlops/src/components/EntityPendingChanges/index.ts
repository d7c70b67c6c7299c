export { EntityPendingChanges } from './EntityPendingChanges';
