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
import { createMlProjectPublishLocalAction } from './mlProjectPublishLocal';
import { createMlProjectRegisterLocalAction } from './mlProjectRegisterLocal';
import type { MlProjectsLocalConfig } from '../config';
import type { CatalogService } from '@backstage/plugin-catalog-node';

export { createHelmReleaseAddAction } from './helmReleaseAdd';
export { createGitopsTargetAction } from './gitopsTarget';
export { createGitCloneAction } from './gitClone';
export { createGitBranchAction } from './gitBranch';
export { createHelmReleaseBumpAction } from './helmReleaseBump';
export { createSettingsSetAction } from './settingsSet';
export { createRevertAction } from './revert';
export type { RevertActionOptions } from './revert';
export { createMlProjectCreateAction } from './mlProjectCreate';
export { createMlProjectPublishLocalAction } from './mlProjectPublishLocal';
export { createMlProjectRegisterLocalAction } from './mlProjectRegisterLocal';

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
  /** mlops.mlProjects.local (local publish and registration of ML projects). */
  mlProjects?: MlProjectsLocalConfig;
  /** The catalog, for registering local ML projects. */
  catalog?: CatalogService;
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
    createMlProjectPublishLocalAction(options),
    createMlProjectRegisterLocalAction(options),
  ];
}
