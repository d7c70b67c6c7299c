import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  ML_WORKBENCH_SIGNAL_CHANNEL,
  type MlTool,
  type MlWorkbenchSignal,
} from '@mlops-portal/plugin-ml-workbench-common';
import type { WorkbenchService } from './WorkbenchService';

/**
 * One background pass over the caches: refetch what someone looked at
 * lately, and push one signal per tool naming the entities whose data
 * changed, so open pages fetch again instead of polling. Failures are logged
 * and the previous answers kept; the loop never throws.
 */
export async function refreshAndSignal(deps: {
  workbench: WorkbenchService;
  signals: SignalsService;
  logger: LoggerService;
  now?: () => Date;
}): Promise<void> {
  const caches: Array<[MlTool, { refresh: WorkbenchService['mlflowCache']['refresh'] }]> = [
    ['mlflow', deps.workbench.mlflowCache],
    ['airflow', deps.workbench.airflowCache],
    ['kafka', deps.workbench.kafkaCache],
  ];
  for (const [tool, cache] of caches) {
    const changes = await cache.refresh((key, e) => deps.logger.warn(`ml-workbench: refreshing ${tool} ${key} failed: ${e.message}`));
    const entityRefs = [...new Set(changes.flatMap(c => c.entityRefs))];
    if (entityRefs.length) await publish(deps, tool, entityRefs);
  }
}

/** Pushes one change signal (also used right after an action). */
export async function publish(
  deps: { signals: SignalsService; logger: LoggerService; now?: () => Date },
  tool: MlTool,
  entityRefs: string[],
): Promise<void> {
  const message: MlWorkbenchSignal = {
    type: 'changed',
    tool,
    entityRefs,
    at: (deps.now?.() ?? new Date()).toISOString(),
  };
  await deps.signals
    .publish<any>({ recipients: { type: 'broadcast' }, channel: ML_WORKBENCH_SIGNAL_CHANNEL, message })
    .catch(e => deps.logger.warn(`ml-workbench: could not publish a signal: ${(e as Error).message}`));
}
