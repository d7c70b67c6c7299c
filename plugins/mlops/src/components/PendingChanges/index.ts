export { PendingChanges } from './PendingChanges';
export { ChangeBranchRow } from './ChangeBranchRow';
export { errorMessage } from './errorMessage';
