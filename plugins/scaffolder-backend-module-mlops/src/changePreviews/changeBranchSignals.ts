import type { LifecycleService, LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  CHANGE_BRANCHES_SIGNAL_CHANNEL,
  type ChangeBranchesSignal,
} from '@mlops-portal/plugin-mlops-common';
import type { GitopsTargetConfig } from '../config';
import { localRepoGitDir } from '../gitops/git';
import {
  CHANGE_BRANCH_GITHUB_POLL_MS,
  ChangeBranchWatcher,
  localRefsFingerprint,
} from './ChangeBranchWatcher';

/**
 * Pushes "the change branches changed" to open pages: a broadcast on
 * `mlops:change-branches` whenever a branch of the local GitOps repository
 * appears, moves or goes away (compared every 2 s), or in GitHub mode an
 * open `mlops/` pull request opens, moves, retargets or closes (compared
 * every 30 s). The message holds nothing but `changed`; pages fetch
 * `GET /mlops/change-branches` again, which decides what the user may see.
 * Watches from start-up to shut-down; undefined when there is nothing to
 * watch (no GitOps target).
 */
export function startChangeBranchSignals(options: {
  target?: GitopsTargetConfig;
  signals: SignalsService;
  logger: LoggerService;
  lifecycle: LifecycleService;
  /** GitHub mode: the open pull requests to watch. */
  github?: { fingerprint(): Promise<string> };
  intervalMs?: number;
}): ChangeBranchWatcher | undefined {
  const { target, signals, logger, lifecycle, github } = options;
  let source: { fingerprint: () => Promise<string>; source: string; intervalMs: number | undefined };
  if (target?.mode === 'local' && target.repoDir) {
    const gitDir = localRepoGitDir(target.repoDir);
    source = { fingerprint: localRefsFingerprint(gitDir), source: `the GitOps repository ${gitDir}`, intervalMs: options.intervalMs };
  } else if (target?.mode === 'github' && github) {
    source = {
      fingerprint: () => github.fingerprint(),
      source: `the open pull requests of ${target.repoUrl ?? 'the GitHub repository'}`,
      intervalMs: options.intervalMs ?? CHANGE_BRANCH_GITHUB_POLL_MS,
    };
  } else {
    return undefined;
  }
  const message: ChangeBranchesSignal = { type: 'changed' };
  const watcher = new ChangeBranchWatcher({
    ...source,
    logger,
    onChange: () => {
      signals
        .publish({ recipients: { type: 'broadcast' }, channel: CHANGE_BRANCHES_SIGNAL_CHANNEL, message })
        .catch(e => logger.warn(`Could not publish ${CHANGE_BRANCHES_SIGNAL_CHANNEL}: ${e}`));
    },
  });
  lifecycle.addStartupHook(() => watcher.start());
  lifecycle.addShutdownHook(() => watcher.stop());
  return watcher;
}
