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
 * Generic rule for kinds without their own (or of another API group), in the
 * order of kstatus (sigs.k8s.io/cli-utils `pkg/kstatus/status`):
 * `metadata.deletionTimestamp` → Progressing (`Terminating`); stale
 * `status.observedGeneration` → Progressing; the first of `Reconciling` True
 * (→ Progressing) and `Stalled` True (→ Failed) in condition order; then
 * `Ready` True → Ready, False → Failed (kstatus says InProgress: it cannot
 * tell; the portal never hides a failure), Unknown → Progressing; no Ready →
 * Unknown (kstatus assumes Current; the portal does not vouch for an object
 * whose controller reports nothing).
 * @public
 */
export function classifyGeneric(o: KubeObject): StatusResult {
  const deletion = str(o.metadata?.deletionTimestamp);
  if (deletion) {
    return result('Progressing', 'Terminating', 'Resource scheduled for deletion', { since: deletion });
  }
  if (isStatusStale(o)) return staleResult(o);
  const conditions = getConditions(o);
  for (const c of conditions) {
    if (c.type === 'Reconciling' && isTrue(c)) {
      return result('Progressing', c.reason ?? 'Reconciling', c.message ?? '', { since: c.lastTransitionTime });
    }
    if (c.type === 'Stalled' && isTrue(c)) {
      return result('Failed', c.reason ?? 'Stalled', c.message ?? '', { since: c.lastTransitionTime });
    }
  }
  const ready = findCondition(conditions, 'Ready');
  if (!ready) return result('Unknown', 'NoReadyCondition', 'No Ready condition');
  const since = ready.lastTransitionTime;
  if (isTrue(ready)) return result('Ready', ready.reason ?? 'Ready', ready.message ?? '', { since });
  if (isFalse(ready)) return result('Failed', ready.reason ?? 'NotReady', ready.message ?? '', { since });
  return result('Progressing', ready.reason ?? 'Unknown', ready.message ?? '', { since });
}
