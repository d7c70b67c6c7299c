/**
 * Checks for a Flux GitOps repository: that it renders with kustomize, uses
 * current Flux APIs, has consistent references, and carries the ownership
 * and layer labels the MLOps Portal's catalog reads. Its tests run these
 * checks against the reference platform in `gitops/`.
 *
 * @packageDocumentation
 */

export * from './checkGitops';
export * from './kustomize';
export * from './loadManifests';
export * from './settings';
