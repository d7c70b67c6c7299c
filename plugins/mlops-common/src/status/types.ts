/**
 * The five statuses every object is classified into (status-semantics.md).
 * Ordered from best to worst for roll-ups by {@link STATUS_SEVERITY}.
 * @public
 */
export type ObjectStatus =
  | 'Ready'
  | 'Progressing'
  | 'Failed'
  | 'Suspended'
  | 'Unknown';

/** All statuses, in display order. @public */
export const OBJECT_STATUSES: ObjectStatus[] = [
  'Ready',
  'Progressing',
  'Suspended',
  'Unknown',
  'Failed',
];

/**
 * Severity for roll-ups: "worst of" picks the highest, so a failure is never
 * hidden. Failed, then Unknown, then Progressing, as kstatus' aggregator
 * orders Failed, Unknown and InProgress (sigs.k8s.io/cli-utils
 * `pkg/kstatus/polling/aggregator`); Suspended, which kstatus does not know,
 * ranks just above Ready: it is a deliberate, known state that must not hide
 * work in flight or anything the portal cannot vouch for, and it still shows
 * in the counts.
 * @public
 */
export const STATUS_SEVERITY: Record<ObjectStatus, number> = {
  Ready: 0,
  Suspended: 1,
  Progressing: 2,
  Unknown: 3,
  Failed: 4,
};

/**
 * Extra facts shown next to the status; never colour-only in the UI.
 * @public
 */
export type StatusBadge =
  | 'retrying'
  | 'drifted'
  | 'not-verified'
  | 'degraded'
  | 'healing'
  | 'warnings'
  | 'unmanaged'
  | 'stale'
  | 'last-known'
  | 'scaled-to-zero'
  | 'terminal';

/** The result of classifying one object. @public */
export interface StatusResult {
  status: ObjectStatus;
  /** Machine-readable reason (usually the deciding condition's reason). */
  reason: string;
  /** Human-readable message (the deciding condition's message, parsed errors). */
  message: string;
  /** The revision to show (chart version, Git revision, …) where there is one. */
  revision?: string;
  /** When the status last changed (the deciding condition's lastTransitionTime), as given. */
  since?: string;
  badges: StatusBadge[];
}

/** Counts per status, for roll-ups. @public */
export type StatusCounts = Record<ObjectStatus, number>;

/** A minimal Kubernetes object shape the rules read. @public */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    resourceVersion?: string;
    uid?: string;
    [key: string]: unknown;
  };
  spec?: any;
  status?: any;
  [key: string]: unknown;
}

/** A Kubernetes condition as written by controllers. @public */
export interface KubeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}
