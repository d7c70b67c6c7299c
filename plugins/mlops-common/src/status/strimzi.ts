import {
  findCondition,
  getConditions,
  isFalse,
  isStatusStale,
  isTrue,
  result,
  staleResult,
} from './conditions';
import type { KubeCondition, KubeObject, StatusBadge, StatusResult } from './types';

/*
 * Strimzi rules (status-semantics.md "Strimzi"). Strimzi writes `Ready` True
 * when healthy and a `NotReady` True condition (reason = exception class) on
 * failure; `Warning` conditions are advisory.
 * https://strimzi.io/docs/operators/latest/configuring.html#type-Condition-reference
 */

/**
 * The reason a KafkaNodePool is classified with: its health is its parent
 * Kafka's. Roll-ups leave these out of the worst-of (see `rollupStatuses`).
 * @public
 */
export const SEE_PARENT_KAFKA_REASON = 'SeeParentKafka';

/** Strimzi's annotation that pauses reconciliation of a custom resource. @public */
export const STRIMZI_PAUSE_ANNOTATION = 'strimzi.io/pause-reconciliation';

/** The `Warning` conditions (status True) of a Strimzi object. @public */
export function strimziWarnings(o: KubeObject): Array<{ reason?: string; message?: string }> {
  return getConditions(o)
    .filter(c => c.type === 'Warning' && isTrue(c))
    .map(c => ({ reason: c.reason, message: c.message }));
}

function warningsText(conditions: KubeCondition[]): string {
  return conditions
    .filter(c => c.type === 'Warning' && isTrue(c))
    .map(c => c.message ?? c.reason ?? 'warning')
    .join('; ');
}

function pausedResult(o: KubeObject, conditions: KubeCondition[]): StatusResult | undefined {
  const paused = findCondition(conditions, 'ReconciliationPaused');
  if (isTrue(paused)) {
    return result('Suspended', 'ReconciliationPaused', paused!.message ?? 'Reconciliation is paused', {
      since: paused!.lastTransitionTime,
      badges: ['last-known'],
    });
  }
  // The operator writes the condition on its next pass; the annotation alone
  // already means nobody will reconcile further changes.
  if (o.metadata?.annotations?.[STRIMZI_PAUSE_ANNOTATION] === 'true') {
    return result(
      'Suspended',
      'ReconciliationPaused',
      `Reconciliation is paused by the annotation ${STRIMZI_PAUSE_ANNOTATION}: "true"`,
      { badges: ['last-known'] },
    );
  }
  return undefined;
}

/**
 * Kafka, KafkaConnect, KafkaUser, KafkaBridge, KafkaMirrorMaker2: `Ready` True
 * → Ready (with a warnings badge when `Warning` is True); `NotReady` True →
 * Failed, except reason `Creating` → Progressing.
 * @public
 */
export function classifyStrimziResource(o: KubeObject): StatusResult {
  const conditions = getConditions(o);
  const paused = pausedResult(o, conditions);
  if (paused) return paused;
  if (isStatusStale(o)) return staleResult(o);
  const warnings = warningsText(conditions);
  const badges: StatusBadge[] = warnings ? ['warnings'] : [];
  const notReady = findCondition(conditions, 'NotReady');
  if (isTrue(notReady)) {
    return result(
      notReady!.reason === 'Creating' ? 'Progressing' : 'Failed',
      notReady!.reason ?? 'NotReady',
      notReady!.message ?? '',
      { since: notReady!.lastTransitionTime, badges },
    );
  }
  const ready = findCondition(conditions, 'Ready');
  if (isTrue(ready)) {
    return result('Ready', ready!.reason ?? 'Ready', warnings || ready!.message || '', {
      since: ready!.lastTransitionTime,
      badges,
    });
  }
  if (isFalse(ready)) {
    return result('Failed', ready!.reason ?? 'NotReady', ready!.message ?? '', {
      since: ready!.lastTransitionTime,
      badges,
    });
  }
  if (ready?.status === 'Unknown') {
    return result('Progressing', ready.reason ?? 'Unknown', ready.message ?? '', {
      since: ready.lastTransitionTime,
      badges,
    });
  }
  return result('Unknown', 'NoReadyCondition', 'The operator has not reported readiness yet', {
    badges,
  });
}

/** Kafka rule. @public */
export function classifyKafka(o: KubeObject): StatusResult {
  return classifyStrimziResource(o);
}

/**
 * KafkaTopic: `Ready` False (with a reason) → Failed; `Unmanaged` True →
 * Suspended with an `unmanaged` badge (the operator deliberately leaves the
 * topic alone, like a paused resource); `ReconciliationPaused` → Suspended.
 * @public
 */
export function classifyKafkaTopic(o: KubeObject): StatusResult {
  const conditions = getConditions(o);
  const paused = pausedResult(o, conditions);
  if (paused) return paused;
  const unmanaged = findCondition(conditions, 'Unmanaged');
  if (isTrue(unmanaged)) {
    return result(
      'Suspended',
      'Unmanaged',
      unmanaged!.message ?? 'The topic is not managed by the Topic Operator (strimzi.io/managed: "false")',
      { since: unmanaged!.lastTransitionTime, badges: ['unmanaged'] },
    );
  }
  if (isStatusStale(o)) return staleResult(o);
  const warnings = warningsText(conditions);
  const badges: StatusBadge[] = warnings ? ['warnings'] : [];
  const ready = findCondition(conditions, 'Ready');
  if (isTrue(ready)) {
    return result('Ready', ready!.reason ?? 'Ready', warnings || ready!.message || '', {
      since: ready!.lastTransitionTime,
      badges,
    });
  }
  if (isFalse(ready)) {
    return result('Failed', ready!.reason ?? 'NotReady', ready!.message ?? '', {
      since: ready!.lastTransitionTime,
      badges,
    });
  }
  const notReady = findCondition(conditions, 'NotReady');
  if (isTrue(notReady)) {
    return result('Failed', notReady!.reason ?? 'NotReady', notReady!.message ?? '', {
      since: notReady!.lastTransitionTime,
      badges,
    });
  }
  if (ready?.status === 'Unknown') {
    return result('Progressing', ready.reason ?? 'Unknown', ready.message ?? '', {
      since: ready.lastTransitionTime,
      badges,
    });
  }
  return result('Unknown', 'NoReadyCondition', 'The Topic Operator has not reported readiness yet', {
    badges,
  });
}

/**
 * KafkaNodePool has no readiness of its own: Unknown with reason
 * {@link SEE_PARENT_KAFKA_REASON} (warnings shown as a badge and message), or
 * Suspended / stale Progressing like every operator object.
 * @public
 */
export function classifyKafkaNodePool(o: KubeObject): StatusResult {
  const conditions = getConditions(o);
  const paused = pausedResult(o, conditions);
  if (paused) return paused;
  if (isStatusStale(o)) return staleResult(o);
  const warnings = warningsText(conditions);
  const cluster = o.metadata?.labels?.['strimzi.io/cluster'];
  return result(
    'Unknown',
    SEE_PARENT_KAFKA_REASON,
    warnings ||
      `A node pool's health is its Kafka cluster's${cluster ? ` (${cluster})` : ''}`,
    { badges: warnings ? ['warnings'] : [] },
  );
}
