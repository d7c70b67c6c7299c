import type { GitopsTargetConfig } from '../config';
import type { GitAuthor } from '../gitops/git';
import type {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
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
export type { RevertActionOptions } from './revert';
export { createMlProjectCreateAction } from './mlProjectCreate';

/**
 * Every MLOps action, configured.
 * @public
 */
export function createMlopsActions(options: {
  target?: GitopsTargetConfig;
  defaultAuthor?: GitAuthor;
  /** integrations.* from app-config (mlops:revert reads GitHub history with them). */
  integrations?: ScmIntegrationRegistry;
  githubCredentialsProvider?: GithubCredentialsProvider;
}) {
  return [
    createGitopsTargetAction(options),
    createGitCloneAction(options),
    createGitBranchAction(options),
    createHelmReleaseAddAction(),
    createHelmReleaseBumpAction(),
    createSettingsSetAction(),
    createRevertAction(options),
    createMlProjectCreateAction(),
  ];
}
