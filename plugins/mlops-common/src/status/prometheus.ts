import {
  findCondition,
  getConditions,
  isFalse,
  isTrue,
  num,
  obj,
  result,
  isStatusStale,
  staleResult,
} from './conditions';
import type { KubeObject, StatusResult } from './types';

/*
 * Prometheus operator (status-semantics.md "Prometheus operator"): conditions
 * `Available` (True/False/Unknown/Degraded) and `Reconciled`.
 * https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.ConditionType
 */

/**
 * Prometheus / Alertmanager: paused → Suspended; `Reconciled` False or
 * `Available` False → Failed; `Available` Degraded → Ready with `degraded`;
 * both True → Ready; otherwise Progressing (Unknown with no conditions).
 * @public
 */
export function classifyPrometheusResource(o: KubeObject): StatusResult {
  const conditions = getConditions(o);
  if (obj(o.spec)?.paused === true || obj(o.status)?.paused === true) {
    return result('Suspended', 'Paused', 'Reconciliation is paused (spec.paused: true)', {
      badges: ['last-known'],
    });
  }
  if (isStatusStale(o)) return staleResult(o);
  const reconciled = findCondition(conditions, 'Reconciled');
  const available = findCondition(conditions, 'Available');
  // The operator writes the observed generation on each condition rather
  // than at status level.
  const generation = num(o.metadata?.generation);
  const behind = [reconciled, available].find(
    c => c?.observedGeneration && generation !== undefined && c.observedGeneration !== generation,
  );
  if (behind) {
    return result(
      'Progressing',
      'StaleGeneration',
      `${behind.type} describes generation ${behind.observedGeneration}; the spec is at generation ${generation}`,
      { since: behind.lastTransitionTime, badges: ['stale'] },
    );
  }
  if (isFalse(reconciled)) {
    return result('Failed', reconciled!.reason ?? 'NotReconciled', reconciled!.message ?? '', {
      since: reconciled!.lastTransitionTime,
    });
  }
  if (isFalse(available)) {
    return result('Failed', available!.reason ?? 'NotAvailable', available!.message ?? '', {
      since: available!.lastTransitionTime,
    });
  }
  if (available?.status === 'Degraded') {
    return result('Ready', available.reason ?? 'Degraded', available.message ?? 'Some pods are not ready', {
      since: available.lastTransitionTime,
      badges: ['degraded'],
    });
  }
  if (isTrue(available) && isTrue(reconciled)) {
    return result('Ready', available!.reason ?? 'Available', available!.message ?? '', {
      since: available!.lastTransitionTime,
    });
  }
  if (!available && !reconciled) {
    return result('Unknown', 'NoConditions', 'The operator has not reported conditions yet');
  }
  const c = available && !isTrue(available) ? available : reconciled ?? available!;
  return result('Progressing', c.reason ?? c.status, c.message ?? `${c.type} is ${c.status}`, {
    since: c.lastTransitionTime,
  });
}

/** Prometheus rule. @public */
export function classifyPrometheus(o: KubeObject): StatusResult {
  return classifyPrometheusResource(o);
}

/** Alertmanager rule. @public */
export function classifyAlertmanager(o: KubeObject): StatusResult {
  return classifyPrometheusResource(o);
}
