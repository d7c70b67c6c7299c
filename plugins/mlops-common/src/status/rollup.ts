import { SEE_PARENT_KAFKA_REASON } from './strimzi';
import { STATUS_SEVERITY } from './types';
import type { ObjectStatus, StatusCounts, StatusResult } from './types';

/** Counts with every status at zero. @public */
export function emptyCounts(): StatusCounts {
  return { Ready: 0, Progressing: 0, Failed: 0, Suspended: 0, Unknown: 0 };
}

/** Adds `b` into a copy of `a`. @public */
export function addCounts(a: StatusCounts, b: StatusCounts): StatusCounts {
  const out = emptyCounts();
  for (const k of Object.keys(out) as ObjectStatus[]) out[k] = (a[k] ?? 0) + (b[k] ?? 0);
  return out;
}

/**
 * The worst of some statuses by {@link STATUS_SEVERITY}; `Ready` when there
 * are none (nothing is wrong with nothing).
 * @public
 */
export function worstStatus(statuses: Iterable<ObjectStatus>): ObjectStatus {
  let worst: ObjectStatus = 'Ready';
  for (const s of statuses) {
    if ((STATUS_SEVERITY[s] ?? STATUS_SEVERITY.Unknown) > STATUS_SEVERITY[worst]) worst = s;
  }
  return worst;
}

/**
 * Kinds whose objects are runs of a job rather than components that stay up:
 * a terminal failed run is counted in `failedRuns` and does not fail a
 * roll-up (status-semantics.md "Spark operator"). ScheduledSparkApplication
 * runs are SparkApplications too.
 * @public
 */
export function isJobRun(kind: string): boolean {
  return kind === 'SparkApplication';
}

/** One input of {@link rollupStatuses}: an object's kind and its status. @public */
export interface RollupItem {
  kind?: string;
  status: StatusResult;
}

/** The answer of {@link rollupStatuses}. @public */
export interface RollupResult {
  status: ObjectStatus;
  /** Objects per status, not counting failed runs and delegated objects. */
  counts: StatusCounts;
  /** Job runs that ended Failed. */
  failedRuns: number;
  /** Objects whose health is another object's (KafkaNodePool → Kafka). */
  delegated: number;
}

/**
 * Rolls objects up: the worst of their statuses, with counts. Terminal failed
 * job runs ({@link isJobRun}) go to `failedRuns` instead of failing the
 * roll-up; objects classified with reason `SeeParentKafka` go to `delegated`
 * (their parent Kafka is in the roll-up and speaks for them).
 * Accepts `{ kind, status }` items (e.g. `ObjectSummary`) or bare
 * `StatusResult`s (no job-run handling without a kind).
 * @public
 */
export function rollupStatuses(items: Array<RollupItem | StatusResult>): RollupResult {
  const counts = emptyCounts();
  let failedRuns = 0;
  let delegated = 0;
  const statuses: ObjectStatus[] = [];
  for (const item of items) {
    const { kind, status } = isRollupItem(item) ? item : { kind: undefined, status: item };
    if (kind && isJobRun(kind) && status.status === 'Failed') {
      failedRuns += 1;
      continue;
    }
    if (status.reason === SEE_PARENT_KAFKA_REASON && status.status === 'Unknown') {
      delegated += 1;
      continue;
    }
    counts[status.status] = (counts[status.status] ?? 0) + 1;
    statuses.push(status.status);
  }
  return { status: worstStatus(statuses), counts, failedRuns, delegated };
}

function isRollupItem(item: RollupItem | StatusResult): item is RollupItem {
  return typeof (item as RollupItem).status === 'object' && (item as RollupItem).status !== null;
}

/**
 * Rolls up already rolled-up groups (entities into a layer, layers into the
 * platform): the worst status, counts of groups per status, and the summed
 * failed runs.
 * @public
 */
export function rollupGroups(
  groups: Array<{ status: ObjectStatus; failedRuns?: number }>,
): { status: ObjectStatus; counts: StatusCounts; failedRuns: number } {
  const counts = emptyCounts();
  let failedRuns = 0;
  for (const g of groups) {
    counts[g.status] = (counts[g.status] ?? 0) + 1;
    failedRuns += g.failedRuns ?? 0;
  }
  return { status: worstStatus(groups.map(g => g.status)), counts, failedRuns };
}
