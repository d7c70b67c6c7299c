/**
 * Frontend plugin of the MLOps Portal: the platform page, the entity GitOps
 * tab and the operator, layer and ownership cards. This entry point is for
 * apps on the old frontend system; the new system's plugin is the default
 * export of `@mlops-portal/plugin-mlops/alpha`.
 *
 * @packageDocumentation
 */

export {
  mlopsPlugin,
  MlopsPlatformPage,
  EntityMlopsGitOpsContent,
  EntityMlopsOperatorCards,
  EntityMlopsLayerHealthCard,
  EntityMlopsOwnedComponentsCard,
} from './plugin';
export { mlopsApiRef } from './api';
export { rootRouteRef } from './routes';
export { isMlopsAvailable, isMlopsLayer, isGroupEntity } from './filters';
export { StatusChip, formatCounts } from './components/StatusChip';
export type { StatusChipProps } from './components/StatusChip';
