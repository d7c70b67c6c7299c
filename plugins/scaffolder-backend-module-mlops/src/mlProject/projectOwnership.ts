import fs from 'node:fs';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { Caller, mayActFor, normalizeRef } from '../ownership/caller';
import { projectRepoDir } from './localProjectRepos';
import { readProjectOwner } from './projectRepo';

/** What the ownership check reads besides the caller. */
export interface ProjectOwnershipDeps {
  catalog?: CatalogService;
  /** For catalog reads as the backend: what a user may see must not decide ownership. */
  auth?: AuthService;
  /** mlops.mlProjects.local.reposDir, when the local mode is configured. */
  reposDir?: string;
}

/**
 * Refuses, before anything is written, an ML project run that would take
 * over or re-assign an existing project. The existing owners come from
 * what the portal itself wrote: the catalog-info.yaml on main of the
 * project's local repository, and the catalog's `component:default/<name>`.
 * The caller (never template input) must be a member of each of them, and
 * a rerun keeps the owner; a new project can only be made for a group the
 * caller belongs to.
 */
export async function assertMayWriteProject(
  name: string,
  owner: string,
  caller: Caller,
  deps: ProjectOwnershipDeps,
): Promise<void> {
  const existing: Array<{ owner: string; where: string }> = [];
  if (deps.reposDir) {
    const repoDir = projectRepoDir(deps.reposDir, name);
    if (fs.existsSync(repoDir)) {
      const repoOwner = await readProjectOwner(repoDir);
      if (!repoOwner) {
        throw new ConflictError(
          `name: ${repoDir} exists but its catalog-info.yaml on main names no owner; choose another name or remove it`,
        );
      }
      existing.push({ owner: repoOwner, where: `its repository ${repoDir}` });
    }
  }
  if (deps.catalog) {
    const credentials = deps.auth ? await deps.auth.getOwnServiceCredentials() : caller.credentials;
    const entity = await deps.catalog.getEntityByRef(`component:default/${name}`, { credentials });
    if (entity) {
      const entityOwner = typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined;
      if (!entityOwner) {
        throw new ConflictError(`name: component:default/${name} already exists in the catalog without an owner; choose another name`);
      }
      existing.push({ owner: entityOwner, where: `component:default/${name} in the catalog` });
    }
  }
  for (const e of existing) {
    if (!mayActFor(caller, e.owner)) {
      throw new NotAllowedError(
        `name: ML project '${name}' belongs to ${normalizeRef(e.owner, 'group')} (${e.where}); ${caller.userRef} is not a member, so it cannot be changed or taken over`,
      );
    }
    if (normalizeRef(e.owner, 'group') !== normalizeRef(owner, 'group')) {
      throw new ConflictError(
        `owner: ML project '${name}' belongs to ${normalizeRef(e.owner, 'group')} (${e.where}); a rerun cannot give it to ${normalizeRef(owner, 'group')}`,
      );
    }
  }
  if (!mayActFor(caller, owner)) {
    throw new NotAllowedError(
      `owner: ${caller.userRef} is not a member of ${normalizeRef(owner, 'group')}; an ML project can be made only for a group you belong to`,
    );
  }
}
