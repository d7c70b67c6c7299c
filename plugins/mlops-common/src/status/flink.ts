import { findCondition, getConditions, obj, result, isStatusStale, staleResult, str } from './conditions';
import type { KubeObject, ObjectStatus, StatusResult } from './types';

/*
 * Flink Kubernetes operator (status-semantics.md "Flink Kubernetes operator").
 * https://nightlies.apache.org/flink/flink-kubernetes-operator-docs-main/docs/custom-resource/reference/
 */

/** Every `status.lifecycleState` and the status it maps to (DELETED is handled apart). @public */
export const FLINK_LIFECYCLE_STATUS: Record<string, ObjectStatus> = {
  STABLE: 'Ready',
  DEPLOYED: 'Ready',
  CREATED: 'Progressing',
  UPGRADING: 'Progressing',
  ROLLING_BACK: 'Progressing',
  DELETING: 'Progressing',
  SUSPENDED: 'Suspended',
  FAILED: 'Failed',
  ROLLED_BACK: 'Failed',
  DELETED: 'Unknown',
};

/**
 * Parses the Flink operator's `status.error`, a JSON string
 * (`{"type": …, "message": …, "stackTrace": …}`), and returns its message.
 * Plain text (older operators) is returned as is; never throws.
 * @public
 */
export function parseFlinkError(error: unknown): { type?: string; message: string } | undefined {
  const raw = str(error);
  if (!raw) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    const o = obj(parsed);
    if (o) {
      const message = str(o.message) ?? str(o.type) ?? raw;
      return { type: str(o.type), message };
    }
  } catch {
    // Not JSON: show the text.
  }
  return { message: raw };
}

/**
 * Texts of `status.error` that the operator itself treats as unrecoverable:
 * from release 1.13 (FLINK-32033) `CommonStatus.getLifecycleState` reports
 * FAILED for a MISSING/ERROR JobManager with one of them; older releases
 * still say STABLE for the same status.
 */
const UNRECOVERABLE_ERRORS = [
  'Manual restore required.',
  'It is possible that the job has finished or terminally failed, or the configmaps have been deleted.',
  'HA metadata is not available',
];

/** The short class name of the error type, as a reason (`ValidationException`). */
function errorReason(type: string | undefined): string {
  const short = type?.split('.').pop();
  return short && /^[A-Za-z0-9_$]+$/.test(short) ? short : 'Error';
}

/**
 * Why a lifecycle the operator calls STABLE or DEPLOYED is not Ready, from
 * the rest of the status: the job, the JobManager deployment and the error.
 */
function notReadyDespiteLifecycle(
  status: Record<string, any>,
  rawError: string | undefined,
  error: { type?: string; message: string } | undefined,
  jobState: string | undefined,
): { status: ObjectStatus; reason: string; message: string; retrying?: boolean } | undefined {
  const jm = str(status.jobManagerDeploymentStatus);
  // CommonStatus.getLifecycleState: a FAILED job makes the resource FAILED.
  if (jobState === 'FAILED') {
    return { status: 'Failed', reason: 'JobFailed', message: error?.message ?? 'The Flink job failed' };
  }
  // JobManagerDeploymentStatus.ERROR: "terminal error, requires spec change".
  if (jm === 'ERROR') {
    return { status: 'Failed', reason: 'JobManagerError', message: error?.message ?? 'JobManager deployment failed' };
  }
  if (jm === 'MISSING') {
    if (error) {
      // The operator recorded why; it redeploys a missing JobManager by itself
      // (jm-deployment-recovery) unless the error says it cannot restore.
      const unrecoverable = UNRECOVERABLE_ERRORS.some(t => rawError?.includes(t));
      return { status: 'Failed', reason: 'JobManagerMissing', message: error.message, retrying: !unrecoverable };
    }
    return { status: 'Progressing', reason: 'JobManagerMissing', message: 'JobManager deployment not found' };
  }
  // An error on a STABLE deployment is the latest reconcile's failure (the
  // observer clears errors of healthy deployments on every loop), e.g. a
  // rejected spec change while the last good spec keeps running.
  if (error) return { status: 'Failed', reason: errorReason(error.type), message: error.message };
  if (jm === 'DEPLOYING') {
    return { status: 'Progressing', reason: 'JobManagerDeploying', message: 'JobManager process is starting up' };
  }
  if (jm === 'DEPLOYED_NOT_READY') {
    return {
      status: 'Progressing',
      reason: 'JobManagerDeployedNotReady',
      message: 'JobManager is running but not yet ready to receive REST API calls',
    };
  }
  return undefined;
}

function classifyFlink(o: KubeObject): StatusResult {
  const status = obj(o.status) ?? {};
  const lifecycle = str(status.lifecycleState);
  const jobState = str(obj(status.jobStatus)?.state);
  const jmStatus = str(status.jobManagerDeploymentStatus);
  const rawError = str(status.error);
  const parsedError = parseFlinkError(status.error);
  const error = parsedError?.message;
  // Recent operators only; never required.
  const running = findCondition(getConditions(o), 'Running');
  const since = running?.lastTransitionTime;
  if (isStatusStale(o)) {
    // A rejected spec change leaves observedGeneration behind with the error
    // recorded (ReconciliationUtils.applyValidationErrorAndResetSpec): the new
    // spec failed, it is not merely unseen.
    if (parsedError) {
      return result('Failed', errorReason(parsedError.type), parsedError.message, { since });
    }
    return staleResult(o);
  }
  const facts = [jobState && `job ${jobState}`, jmStatus && `JobManager ${jmStatus}`]
    .filter(Boolean)
    .join(', ');
  if (!lifecycle) {
    return result('Unknown', 'NoLifecycleState', error ?? 'The operator has not reported a lifecycle state yet', {
      since,
    });
  }
  if (lifecycle === 'ROLLED_BACK') {
    return result(
      'Failed',
      'RolledBack',
      `rolled back: the new spec did not come up${error ? ` (${error})` : ''}`,
      { since },
    );
  }
  if (lifecycle === 'DELETED') {
    return result('Unknown', 'Deleted', 'The deployment is gone (lifecycle state DELETED)', { since });
  }
  const mapped: ObjectStatus = FLINK_LIFECYCLE_STATUS[lifecycle] ?? 'Unknown';
  if (mapped === 'Ready') {
    const notReady = notReadyDespiteLifecycle(status, rawError, parsedError, jobState);
    if (notReady) {
      return result(notReady.status, notReady.reason, notReady.message, {
        since,
        badges: notReady.retrying ? ['retrying'] : [],
      });
    }
  }
  const message =
    mapped === 'Ready' ? facts || lifecycle : error ?? (facts || lifecycle);
  return result(mapped, lifecycle, message, { since });
}

/** FlinkDeployment rule. @public */
export function classifyFlinkDeployment(o: KubeObject): StatusResult {
  return classifyFlink(o);
}

/** FlinkSessionJob rule (same lifecycle states). @public */
export function classifyFlinkSessionJob(o: KubeObject): StatusResult {
  return classifyFlink(o);
}
