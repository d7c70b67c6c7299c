import path from 'node:path';
import { InputError } from '@backstage/errors';
import { isWithin } from '../gitops/workspacePaths';

export {
  CATALOG_INFO_FILE,
  ML_PROJECT_LOCATION_TYPE,
} from '@mlops-portal/plugin-mlops-node';

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
