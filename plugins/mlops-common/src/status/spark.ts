import { obj, result, isStatusStale, staleResult, str } from './conditions';
import type { KubeObject, ObjectStatus, StatusResult } from './types';

/*
 * Spark operator (status-semantics.md "Spark operator").
 * https://github.com/kubeflow/spark-operator/blob/master/docs/api-docs.md
 */

/** Every `applicationState.state` value and the status it maps to. @public */
export const SPARK_STATE_STATUS: Record<string, ObjectStatus> = {
  '': 'Progressing',
  SUBMITTED: 'Progressing',
  RUNNING: 'Progressing',
  PENDING_RERUN: 'Progressing',
  INVALIDATING: 'Progressing',
  SUCCEEDING: 'Progressing',
  FAILING: 'Progressing',
  RESUMING: 'Progressing',
  SUSPENDING: 'Progressing',
  COMPLETED: 'Ready',
  FAILED: 'Failed',
  SUBMISSION_FAILED: 'Failed',
  SUSPENDED: 'Suspended',
  UNKNOWN: 'Unknown',
};

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'SUBMISSION_FAILED']);

/**
 * SparkApplication: by `status.applicationState.state`; terminal runs
 * (COMPLETED, FAILED, SUBMISSION_FAILED) carry the `terminal` badge, which
 * roll-ups use to count failed runs instead of failing the layer.
 * @public
 */
export function classifySparkApplication(o: KubeObject): StatusResult {
  const status = obj(o.status) ?? {};
  const appState = obj(status.applicationState) ?? {};
  const state = typeof appState.state === 'string' ? appState.state : '';
  if (isStatusStale(o)) return staleResult(o);
  const mapped: ObjectStatus = Object.prototype.hasOwnProperty.call(SPARK_STATE_STATUS, state)
    ? SPARK_STATE_STATUS[state]
    : 'Unknown';
  const since = str(status.terminationTime) ?? str(status.lastSubmissionAttemptTime);
  const error = str(appState.errorMessage);
  let message = error ?? `Application ${state}`;
  if (state === '') message = 'New application, not submitted yet';
  return result(mapped, state === '' ? 'NEW' : state, message, {
    since,
    badges: TERMINAL.has(state) ? ['terminal'] : [],
  });
}

/**
 * ScheduledSparkApplication: `spec.suspend` → Suspended; `scheduleState`
 * `FailedValidation` → Failed (with `status.reason`), `Scheduled` → Ready,
 * empty or `Validating` → Progressing.
 * @public
 */
export function classifyScheduledSparkApplication(o: KubeObject): StatusResult {
  const status = obj(o.status) ?? {};
  const state = typeof status.scheduleState === 'string' ? status.scheduleState : '';
  const since = str(status.lastRun);
  if (obj(o.spec)?.suspend === true) {
    return result('Suspended', 'Suspended', 'The schedule is suspended (spec.suspend: true)', {
      since,
      badges: ['last-known'],
    });
  }
  if (isStatusStale(o)) return staleResult(o);
  switch (state) {
    case 'FailedValidation':
      return result('Failed', 'FailedValidation', str(status.reason) ?? 'Validation failed', { since });
    case 'Scheduled': {
      const next = str(status.nextRun);
      return result('Ready', 'Scheduled', next ? `Next run ${next}` : 'Scheduled', { since });
    }
    case '':
    case 'Validating':
      return result('Progressing', state || 'New', 'Validating the schedule', { since });
    default:
      return result('Unknown', state, `Unexpected schedule state '${state}'`, { since });
  }
}
