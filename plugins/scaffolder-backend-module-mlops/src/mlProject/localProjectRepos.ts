import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { isWithin } from '../gitops/workspacePaths';

/**
 * Catalog location type of a local ML project's catalog-info.yaml. Its own
 * type rather than `file`: allowing `file` locations through the catalog
 * API would let anyone who may register a location make the catalog read
 * any YAML file on the backend's disk; this type is read only inside
 * `mlops.mlProjects.local.reposDir` (see MlProjectLocationProcessor).
 * @public
 */
export const ML_PROJECT_LOCATION_TYPE = 'mlops-ml-project';

/** Name of the file the catalog reads in a project repository. */
export const CATALOG_INFO_FILE = 'catalog-info.yaml';

/** The project's repository folder inside reposDir (the name is checked by the actions' schema too). */
export function projectRepoDir(reposDir: string, name: string): string {
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    throw new InputError(`name: '${name}' is not a project name`);
  }
  const dir = path.resolve(reposDir, name);
  if (!isWithin(reposDir, dir) || dir === reposDir) {
    throw new InputError(`name: '${name}' is outside mlops.mlProjects.local.reposDir`);
  }
  return dir;
}

/**
 * Checks a location target: it must be `<reposDir>/<name>/catalog-info.yaml`
 * exactly, also after resolving symlinks. Returns the real path, or why not.
 */
export function checkCatalogInfoTarget(
  reposDir: string,
  target: string,
): { real: string } | { problem: 'outside' | 'missing' } {
  const inside = (root: string, p: string) => {
    const rel = path.relative(root, p).split(path.sep);
    return isWithin(root, p) && rel.length === 2 && rel[1] === CATALOG_INFO_FILE;
  };
  if (!path.isAbsolute(target) || !inside(path.resolve(reposDir), path.resolve(target))) {
    return { problem: 'outside' };
  }
  let real: string;
  try {
    real = fs.realpathSync(target);
  } catch {
    return { problem: 'missing' };
  }
  return inside(fs.realpathSync(reposDir), real) ? { real } : { problem: 'outside' };
}
