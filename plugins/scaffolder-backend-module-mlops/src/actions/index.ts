import type { GitopsTargetConfig } from '../config';
import type { GitAuthor } from '../gitops/git';
import { createHelmReleaseAddAction } from './helmReleaseAdd';
import { createGitopsTargetAction } from './gitopsTarget';
import { createGitCloneAction } from './gitClone';
import { createGitBranchAction } from './gitBranch';
import { createHelmReleaseBumpAction } from './helmReleaseBump';
import { createSettingsSetAction } from './settingsSet';
import { createRevertAction } from './revert';
import { createMlProjectCreateAction } from './mlProjectCreate';

export { createHelmReleaseAddAction } from './helmReleaseAdd';
export { createGitopsTargetAction } from './gitopsTarget';
export { createGitCloneAction } from './gitClone';
export { createGitBranchAction } from './gitBranch';
export { createHelmReleaseBumpAction } from './helmReleaseBump';
export { createSettingsSetAction } from './settingsSet';
export { createRevertAction } from './revert';
export { createMlProjectCreateAction } from './mlProjectCreate';

/**
 * Every MLOps action, configured.
 * @public
 */
export function createMlopsActions(options: {
  target?: GitopsTargetConfig;
  defaultAuthor?: GitAuthor;
}) {
  return [
    createGitopsTargetAction(options),
    createGitCloneAction(options),
    createGitBranchAction(options),
    createHelmReleaseAddAction(),
    createHelmReleaseBumpAction(),
    createSettingsSetAction(),
    createRevertAction(),
    createMlProjectCreateAction(),
  ];
}
