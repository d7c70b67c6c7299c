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
import { createModelPromoteAction } from './modelPromote';
import { createGitopsSnapshotAction } from './gitopsSnapshot';
import { createGitopsPreviewAction } from './gitopsPreview';
import type { MlProjectsLocalConfig } from '../config';
import type { AuthService, PermissionsService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { HelmRepositoryPolicy } from '../gitops/urls';
import type { OwnershipConfig } from '@mlops-portal/plugin-mlops-node';

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
export { createModelPromoteAction } from './modelPromote';
export { createGitopsSnapshotAction } from './gitopsSnapshot';
export { createGitopsPreviewAction } from './gitopsPreview';

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
  /** The catalog: registers local ML projects, and tells who owns a project and who is in which group. */
  catalog?: CatalogService;
  /** Permissions, for checking who may promote a model (mlops:model:promote). */
  permissions?: PermissionsService;
  /** Reads the catalog as the backend for ownership checks (what a user may see must not decide). */
  auth?: AuthService;
  /** mlops.helmRepositories: hosts a new HelmRepository may name. */
  helmRepositories?: HelmRepositoryPolicy;
  /** Which catalog origins may decide ownership (mlops:model:promote's serving folder). */
  ownership?: OwnershipConfig;
  /** Called after mlops:git:branch pushed a change branch into the local GitOps repository. */
  onBranchPushed?: (branch: string) => void;
}) {
  return [
    createGitopsTargetAction(options),
    createGitCloneAction(options),
    createGitBranchAction(options),
    createHelmReleaseAddAction(options),
    createHelmReleaseBumpAction(),
    createSettingsSetAction(),
    createRevertAction(options),
    createMlProjectCreateAction(options),
    createMlProjectPublishLocalAction(options),
    createMlProjectRegisterLocalAction(options),
    createModelPromoteAction(options),
    createGitopsSnapshotAction(),
    createGitopsPreviewAction(),
  ];
}
