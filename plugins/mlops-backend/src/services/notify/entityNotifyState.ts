import {
  ANNOTATION_SUSPENDED_AT,
  rollupStatuses,
  type MlopsNotificationEvent,
  type ObjectStatus,
} from '@mlops-portal/plugin-mlops-common';
import type { CachedObject } from '@mlops-portal/plugin-mlops-node';

/** One object that explains a state (shown in the notification). */
export interface Culprit {
  cluster: string;
  kind: string;
  namespace?: string;
  name: string;
  reason: string;
  message: string;
  /** When its status last changed, as the cluster wrote it. */
  since?: string;
}

/** What notifications need to know about one entity at one moment. */
export interface EntityNotifyState {
  status: ObjectStatus;
  /** The worst object (for failed / recovered). */
  culprit?: Culprit;
  /** Objects with HelmRelease drift detected (`Drifted` True). */
  drifted: Culprit[];
  /** Suspended objects, with when the portal recorded the suspension. */
  suspended: Array<Culprit & { suspendedAt?: string }>;
}

/** An event to tell owners about, with a stamp that is the same on every replica. */
export interface NotifyEvent {
  event: MlopsNotificationEvent;
  culprit?: Culprit;
  /** Part of the de-duplication key: cluster data, so two replicas agree. */
  stamp: string;
}

function culpritOf(o: CachedObject): Culprit {
  return {
    cluster: o.cluster,
    kind: o.kind,
    namespace: o.namespace,
    name: o.name,
    reason: o.summary.status.reason,
    message: o.summary.status.message,
    since: o.summary.lastChange ?? o.summary.status.since,
  };
}

const SEVERITY: Record<ObjectStatus, number> = { Ready: 0, Suspended: 1, Progressing: 2, Unknown: 3, Failed: 4 };

/**
 * The state of an entity from its objects, with the same roll-up as the
 * status API (`rollupStatuses`: worst of its objects, failed job runs not
 * counted). An entity with no objects is Unknown.
 */
export function entityNotifyState(objects: CachedObject[]): EntityNotifyState {
  const r = rollupStatuses(objects.map(o => ({ kind: o.kind, status: o.summary.status })));
  const status: ObjectStatus = objects.length === 0 ? 'Unknown' : r.status;
  const worst = [...objects].sort((a, b) => SEVERITY[b.summary.status.status] - SEVERITY[a.summary.status.status])[0];
  return {
    status,
    culprit: worst ? culpritOf(worst) : undefined,
    drifted: objects.filter(o => o.summary.status.badges.includes('drifted')).map(culpritOf),
    suspended: objects
      .filter(o => o.summary.suspended)
      .map(o => ({ ...culpritOf(o), suspendedAt: o.object.metadata?.annotations?.[ANNOTATION_SUSPENDED_AT] })),
  };
}

const key = (c: Culprit) => `${c.cluster}|${c.kind}|${c.namespace ?? ''}|${c.name}`;

/**
 * The events between two states of an entity: `failed` when it turns
 * Failed, `recovered` when a Failed entity is Ready again, `drifted` for
 * each object newly drifted. (Suspensions are judged by time, see
 * {@link overdueSuspensions}.) Progressing, Unknown and Suspended in between
 * are not events: a failure is told once, and so is its recovery.
 */
export function transitions(prev: EntityNotifyState, cur: EntityNotifyState): NotifyEvent[] {
  const out: NotifyEvent[] = [];
  if (cur.status === 'Failed' && prev.status !== 'Failed') {
    out.push({ event: 'failed', culprit: cur.culprit, stamp: `${cur.culprit ? key(cur.culprit) : ''}@${cur.culprit?.since ?? ''}` });
  }
  if (cur.status === 'Ready' && prev.status === 'Failed') {
    out.push({ event: 'recovered', culprit: prev.culprit, stamp: `${prev.culprit ? key(prev.culprit) : ''}@${cur.culprit?.since ?? ''}` });
  }
  const before = new Set(prev.drifted.map(key));
  for (const d of cur.drifted) {
    if (!before.has(key(d))) out.push({ event: 'drifted', culprit: d, stamp: `${key(d)}@${d.since ?? ''}` });
  }
  return out;
}

/**
 * What to remember of an entity for its next transition: a Failed entity
 * stays Failed (with the object that failed) while it passes through
 * Progressing, Unknown or Suspended, until it is Ready or Failed again. A
 * GitOps fix always passes through Progressing (the spec changes, the
 * controller has not yet observed it; helm-controller marks Ready Unknown
 * while it upgrades), so without this its recovery would never be told,
 * and a failure that flaps through Progressing while retried would be told
 * again at every retry (seen on the real-cluster tier, docs/real-cluster.md).
 */
export function rememberedState(prev: EntityNotifyState | undefined, cur: EntityNotifyState): EntityNotifyState {
  if (prev?.status === 'Failed' && cur.status !== 'Ready' && cur.status !== 'Failed') {
    return { ...cur, status: 'Failed', culprit: prev.culprit };
  }
  return cur;
}

/**
 * Suspended objects of an entity that have been suspended longer than
 * `afterMs`: since the portal's `suspended-at` annotation, or else since the
 * notifier first saw them suspended (`firstSeen`).
 */
export function overdueSuspensions(
  state: EntityNotifyState,
  afterMs: number,
  now: number,
  firstSeen: (c: Culprit) => number,
): NotifyEvent[] {
  const out: NotifyEvent[] = [];
  for (const s of state.suspended) {
    const at = s.suspendedAt && !Number.isNaN(Date.parse(s.suspendedAt)) ? Date.parse(s.suspendedAt) : firstSeen(s);
    if (now - at >= afterMs) {
      out.push({ event: 'suspended', culprit: s, stamp: `${key(s)}@${s.suspendedAt ?? new Date(at).toISOString()}` });
    }
  }
  return out;
}
