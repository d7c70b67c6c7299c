export { ClusterStates } from './ClusterStates';
