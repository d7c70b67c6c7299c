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

function classifyFlink(o: KubeObject): StatusResult {
  const status = obj(o.status) ?? {};
  const lifecycle = str(status.lifecycleState);
  const jobState = str(obj(status.jobStatus)?.state);
  const jmStatus = str(status.jobManagerDeploymentStatus);
  const error = parseFlinkError(status.error)?.message;
  // Recent operators only; never required.
  const running = findCondition(getConditions(o), 'Running');
  const since = running?.lastTransitionTime;
  if (isStatusStale(o)) return staleResult(o);
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
