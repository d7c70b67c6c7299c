import type { LifecycleService, LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  CHANGE_BRANCHES_SIGNAL_CHANNEL,
  type ChangeBranchesSignal,
} from '@mlops-portal/plugin-mlops-common';
import type { GitopsTargetConfig } from '../config';
import { localRepoGitDir } from '../gitops/git';
import { ChangeBranchWatcher } from './ChangeBranchWatcher';

/**
 * Pushes "the change branches changed" to open pages: a broadcast on
 * `mlops:change-branches` whenever a branch of the local GitOps repository
 * appears, moves or goes away. The message holds nothing but `changed`;
 * pages fetch `GET /mlops/change-branches` again, which decides what the
 * user may see. Watches from start-up to shut-down; nothing to watch (and
 * undefined) unless `mlops.gitops.local` is the target.
 */
export function startChangeBranchSignals(options: {
  target?: GitopsTargetConfig;
  signals: SignalsService;
  logger: LoggerService;
  lifecycle: LifecycleService;
  intervalMs?: number;
}): ChangeBranchWatcher | undefined {
  const { target, signals, logger, lifecycle } = options;
  if (target?.mode !== 'local' || !target.repoDir) return undefined;
  const message: ChangeBranchesSignal = { type: 'changed' };
  const watcher = new ChangeBranchWatcher({
    gitDir: localRepoGitDir(target.repoDir),
    logger,
    intervalMs: options.intervalMs,
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
