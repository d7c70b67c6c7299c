import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * Catalog location type of a local ML project's catalog-info.yaml (the local
 * mode of the New ML project template). Its own type rather than `file`:
 * allowing `file` locations through the catalog API would let anyone who may
 * register a location make the catalog read any YAML file on the backend's
 * disk; this type is read only inside `mlops.mlProjects.local.reposDir`.
 * Written by the scaffolder module, read by the catalog module.
 * @public
 */
export const ML_PROJECT_LOCATION_TYPE = 'mlops-ml-project';

/**
 * Name of the file the catalog reads in a project repository.
 * @public
 */
export const CATALOG_INFO_FILE = 'catalog-info.yaml';

/**
 * `mlops.mlProjects.local`.
 * @public
 */
export interface MlProjectsLocalConfig {
  /** Absolute folder; each project is a Git repository in `<reposDir>/<name>`. */
  reposDir: string;
}

/**
 * Reads `mlops.mlProjects.local`; undefined when not configured (the local
 * publish and register actions then fail with a message naming the key, and
 * the catalog accepts no ML project locations).
 * @public
 */
export function readMlProjectsLocalConfig(
  config: Config,
  cwd: string = process.cwd(),
): MlProjectsLocalConfig | undefined {
  const dir = config.getOptionalString('mlops.mlProjects.local.reposDir');
  if (dir === undefined) return undefined;
  if (dir.trim() === '') {
    throw new InputError('mlops.mlProjects.local.reposDir: must be a folder path');
  }
  return { reposDir: path.resolve(cwd, dir) };
}

/** `<reposDir>/<name>/catalog-info.yaml`, nothing deeper or elsewhere. */
function isCatalogInfoOfAProject(reposDir: string, file: string): boolean {
  const rel = path.relative(reposDir, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
  const parts = rel.split(path.sep);
  return parts.length === 2 && parts[1] === CATALOG_INFO_FILE;
}

/**
 * Checks a location target: it must be `<reposDir>/<name>/catalog-info.yaml`
 * exactly, also after resolving symlinks. Returns the real path, or why not.
 * @public
 */
export function checkCatalogInfoTarget(
  reposDir: string,
  target: string,
): { real: string } | { problem: 'outside' | 'missing' } {
  if (!path.isAbsolute(target) || !isCatalogInfoOfAProject(path.resolve(reposDir), path.resolve(target))) {
    return { problem: 'outside' };
  }
  let real: string;
  try {
    real = fs.realpathSync(target);
  } catch {
    return { problem: 'missing' };
  }
  return isCatalogInfoOfAProject(fs.realpathSync(reposDir), real) ? { real } : { problem: 'outside' };
}
