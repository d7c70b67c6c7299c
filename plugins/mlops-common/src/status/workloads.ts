import { findCondition, getConditions, isFalse, isStatusStale, isTrue, num, obj, result, staleResult, str } from './conditions';
import type { KubeObject, StatusResult } from './types';

/*
 * Workloads without a custom resource (status-semantics.md "Workloads"), after
 * `kubectl rollout status`:
 * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#deployment-status
 */

function desiredReplicas(o: KubeObject): number {
  // The API server defaults spec.replicas to 1.
  return num(obj(o.spec)?.replicas) ?? 1;
}

/**
 * Deployment: paused → Suspended; stale → Progressing; `Progressing` False
 * `ProgressDeadlineExceeded` → Failed; `replicas: 0` → Ready scaled to zero;
 * all replicas updated and available with no old ones left → Ready; else
 * Progressing.
 * @public
 */
export function classifyDeployment(o: KubeObject): StatusResult {
  const status = obj(o.status) ?? {};
  const conditions = getConditions(o);
  if (obj(o.spec)?.paused === true) {
    return result('Suspended', 'Paused', 'The rollout is paused (spec.paused: true)');
  }
  if (isStatusStale(o)) return staleResult(o);
  const progressing = findCondition(conditions, 'Progressing');
  if (isFalse(progressing) && progressing!.reason === 'ProgressDeadlineExceeded') {
    return result('Failed', 'ProgressDeadlineExceeded', progressing!.message ?? '', {
      since: progressing!.lastTransitionTime,
    });
  }
  const desired = desiredReplicas(o);
  if (desired === 0) {
    return result('Ready', 'ScaledToZero', 'Scaled to zero', { badges: ['scaled-to-zero'] });
  }
  const updated = num(status.updatedReplicas) ?? 0;
  const available = num(status.availableReplicas) ?? 0;
  const total = num(status.replicas) ?? 0;
  const availableCond = findCondition(conditions, 'Available');
  if (updated === desired && available === desired && total === desired) {
    return result('Ready', 'Available', `${available}/${desired} replicas available`, {
      since: availableCond?.lastTransitionTime,
    });
  }
  const message =
    total > updated
      ? `${updated}/${desired} updated, ${total - updated} old replicas pending termination`
      : `${available}/${desired} replicas available, ${updated} updated`;
  return result('Progressing', progressing?.reason ?? 'RollingOut', message, {
    since: progressing?.lastTransitionTime,
  });
}

/**
 * StatefulSet: stale → Progressing; `replicas: 0` → Ready scaled to zero;
 * `readyReplicas == spec.replicas` and the rollout finished
 * (`updatedReplicas` or `currentRevision == updateRevision`) → Ready; else
 * Progressing.
 * @public
 */
export function classifyStatefulSet(o: KubeObject): StatusResult {
  const status = obj(o.status) ?? {};
  if (isStatusStale(o)) return staleResult(o);
  const desired = desiredReplicas(o);
  if (desired === 0) {
    return result('Ready', 'ScaledToZero', 'Scaled to zero', { badges: ['scaled-to-zero'] });
  }
  const ready = num(status.readyReplicas) ?? 0;
  const updated = num(status.updatedReplicas) ?? 0;
  const current = str(status.currentRevision);
  const update = str(status.updateRevision);
  const rolledOut = updated === desired || (current !== undefined && current === update);
  if (ready === desired && rolledOut) {
    return result('Ready', 'Ready', `${ready}/${desired} replicas ready`);
  }
  return result(
    'Progressing',
    rolledOut ? 'PodsNotReady' : 'RollingUpdate',
    `${ready}/${desired} replicas ready, ${updated} updated`,
  );
}

/**
 * Generic rule for kinds without their own: stale → Progressing; `Ready`
 * True → Ready, False → Failed, Unknown → Progressing; no Ready → Unknown.
 * @public
 */
export function classifyGeneric(o: KubeObject): StatusResult {
  if (isStatusStale(o)) return staleResult(o);
  const ready = findCondition(getConditions(o), 'Ready');
  if (!ready) return result('Unknown', 'NoReadyCondition', 'No Ready condition');
  const since = ready.lastTransitionTime;
  if (isTrue(ready)) return result('Ready', ready.reason ?? 'Ready', ready.message ?? '', { since });
  if (isFalse(ready)) return result('Failed', ready.reason ?? 'NotReady', ready.message ?? '', { since });
  return result('Progressing', ready.reason ?? 'Unknown', ready.message ?? '', { since });
}
