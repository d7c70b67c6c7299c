import type { GitopsTargetConfig } from '../config';
import type { GitAuthor } from '../gitops/git';
import { createHelmReleaseAddAction } from './helmReleaseAdd';
import { createGitopsTargetAction } from './gitopsTarget';
import { createGitCloneAction } from './gitClone';
import { createGitBranchAction } from './gitBranch';

export { createHelmReleaseAddAction } from './helmReleaseAdd';
export { createGitopsTargetAction } from './gitopsTarget';
export { createGitCloneAction } from './gitClone';
export { createGitBranchAction } from './gitBranch';

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
  ];
}
