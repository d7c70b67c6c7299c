/**
 * Scaffolder actions that edit a checkout of the platform's Flux GitOps
 * repository (HelmReleases, settings, reverts, ML projects) and open the
 * change as a GitHub pull request or a branch in a local repository.
 *
 * @packageDocumentation
 */

export { scaffolderModuleMlopsActions as default } from './module';
export * from './actions';
export { readGitopsTargetConfig, readHelmRepositoryPolicy } from './config';
export type { GitopsTargetConfig, HelmRepositoryPolicy } from './config';
export type { GitAuthor } from './gitops/git';
