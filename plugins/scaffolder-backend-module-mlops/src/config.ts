import path from 'node:path';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { HelmRepositoryPolicy } from './gitops/urls';

/** Where GitOps change requests go, read from `mlops.gitops`. @public */
export interface GitopsTargetConfig {
  /** `github`: pull requests; `local`: a branch in a local Git repository. */
  mode: 'github' | 'local';
  /** Target branch of the change (PR base, or the branch new branches start from). */
  branch: string;
  /** Folder of the Flux tree inside the repository ('' = repository root). */
  path: string;
  /** github: `github.com?owner=o&repo=r` (the scaffolder's repoUrl format). */
  repoUrl?: string;
  /** local: absolute path of the Git repository (bare or not). */
  repoDir?: string;
}

/**
 * Reads `mlops.gitops` (see config.d.ts). Invalid config fails at start-up
 * with the key's path in the message. Returns undefined when neither a
 * GitHub nor a local repository is configured (the actions that need a
 * target then fail with a clear message, the editing actions still work).
 * @public
 */
export function readGitopsTargetConfig(
  config: Config,
  cwd: string = process.cwd(),
): GitopsTargetConfig | undefined {
  const gitops = config.getOptionalConfig('mlops.gitops');
  if (!gitops) return undefined;
  const github = gitops.getOptionalConfig('github');
  const local = gitops.getOptionalConfig('local');
  const explicit = gitops.getOptionalString('mode');
  if (explicit !== undefined && explicit !== 'github' && explicit !== 'local') {
    throw new InputError(
      `mlops.gitops.mode: must be 'github' or 'local', got '${explicit}'`,
    );
  }
  let mode = explicit as 'github' | 'local' | undefined;
  if (!mode && local) mode = 'local';
  if (!mode && github) mode = 'github';
  if (!mode) return undefined;
  const cleanPath = (key: string, value: string | undefined) => {
    const p = (value ?? '').replace(/^\.?\/+/, '').replace(/\/+$/, '');
    if (p.split('/').includes('..') || path.isAbsolute(value ?? '')) {
      throw new InputError(`${key}: must be a relative folder inside the repository`);
    }
    return p === '.' ? '' : p;
  };
  if (mode === 'github') {
    if (!github) throw new InputError('mlops.gitops.github: missing (mode is github)');
    const repoUrl = github.getString('repoUrl');
    if (!/^[^?]+\?(.*&)?owner=[^&]+/.test(repoUrl) || !/[?&]repo=[^&]+/.test(repoUrl)) {
      throw new InputError(
        `mlops.gitops.github.repoUrl: must look like github.com?owner=<owner>&repo=<repo>, got '${repoUrl}'`,
      );
    }
    return {
      mode,
      repoUrl,
      branch: github.getOptionalString('branch') ?? 'main',
      path: cleanPath('mlops.gitops.github.path', github.getOptionalString('path')),
    };
  }
  if (!local) throw new InputError('mlops.gitops.local: missing (mode is local)');
  return {
    mode,
    repoDir: path.resolve(cwd, local.getString('repoDir')),
    branch: local.getOptionalString('branch') ?? 'main',
    path: cleanPath('mlops.gitops.local.path', local.getOptionalString('path')),
  };
}

export type { HelmRepositoryPolicy } from './gitops/urls';

// Read by the catalog module too, so it lives in the shared node library.
export {
  readMlProjectsLocalConfig,
  type MlProjectsLocalConfig,
} from '@mlops-portal/plugin-mlops-node';

/**
 * Reads `mlops.helmRepositories` (see config.d.ts); each allowed host must
 * be a host name or a `*.suffix` pattern.
 * @public
 */
export function readHelmRepositoryPolicy(config: Config): HelmRepositoryPolicy {
  const hosts = config.getOptionalStringArray('mlops.helmRepositories.allowedHosts');
  if (hosts === undefined) return {};
  hosts.forEach((h, i) => {
    if (!/^(\*\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/.test(h)) {
      throw new InputError(
        `mlops.helmRepositories.allowedHosts[${i}]: must be a lower-case host name or *.suffix, got '${h}'`,
      );
    }
  });
  return { allowedHosts: hosts };
}
