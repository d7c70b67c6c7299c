import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { ConflictError } from '@backstage/errors';
import { runGit } from '../gitops/git';
import { CANONICAL_REPO_CONFIG, gitDirProblem } from '../gitops/portalRepos';
import { CATALOG_INFO_FILE } from './localProjectRepos';

/**
 * An ML project's repository under `mlops.mlProjects.local.reposDir`: made
 * only by mlops:ml-project:publish-local (`git init --template=`, then the
 * portal's canonical config), and checked before every use, so nothing but
 * the portal's own config and files steers git there.
 */
export async function initProjectRepo(repoDir: string): Promise<void> {
  fs.mkdirSync(repoDir, { recursive: true });
  await runGit(['init', '--quiet', '--template=', '--initial-branch=main', '--', repoDir]);
  fs.writeFileSync(path.join(repoDir, '.git', 'config'), CANONICAL_REPO_CONFIG);
}

/** Why `repoDir` is not a project repository the portal made; undefined when it is one. */
export function projectRepoProblem(repoDir: string): string | undefined {
  return gitDirProblem(path.join(repoDir, '.git'), CANONICAL_REPO_CONFIG);
}

/** Throws ConflictError naming `name` unless `repoDir` is the portal's project repository. */
export function assertProjectRepo(repoDir: string): void {
  const problem = projectRepoProblem(repoDir);
  if (problem) {
    throw new ConflictError(
      `name: ${repoDir} exists and is not a Git repository the portal made (${problem}); choose another name or remove it`,
    );
  }
}

/**
 * The owner written in the project's catalog-info.yaml on main (its first
 * Component's `spec.owner`), read from the repository's history, not from
 * its files; undefined when main has none.
 */
export async function readProjectOwner(repoDir: string): Promise<string | undefined> {
  assertProjectRepo(repoDir);
  const gitDir = path.join(repoDir, '.git');
  const main = (
    await runGit(['rev-parse', '--verify', '--quiet', 'refs/heads/main^{commit}'], { gitDir, okExitCodes: [1] })
  ).trim();
  if (!main) return undefined;
  let text: string;
  try {
    text = await runGit(['cat-file', 'blob', `${main}:${CATALOG_INFO_FILE}`], { gitDir });
  } catch {
    return undefined;
  }
  return ownerOfCatalogInfo(text);
}

/** `spec.owner` of the first Component of a catalog-info.yaml text; undefined if none. */
export function ownerOfCatalogInfo(text: string): string | undefined {
  try {
    for (const doc of yaml.parseAllDocuments(text)) {
      const e = doc.toJS();
      if (e?.kind === 'Component') {
        return typeof e.spec?.owner === 'string' ? e.spec.owner : undefined;
      }
    }
  } catch {
    // Not YAML: no owner.
  }
  return undefined;
}
