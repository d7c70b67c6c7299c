import type {
  ObjectStatus,
  StatusCounts,
  StatusResult,
  KubeCondition,
} from '../status/types';

/**
 * Connection state of one cluster's watches. `silent`: the cluster accepts
 * connections (or did) but its watches hear nothing and its calls time out;
 * the data shown is as of `since`. `unreachable`: connections are refused or
 * reset. @public
 */
export type ClusterConnection =
  | 'connected'
  | 'degraded'
  | 'silent'
  | 'unreachable'
  | 'not-watchable'
  | 'starting';

/** One configured cluster, as the backend sees it. @public */
export interface ClusterState {
  name: string;
  /** Free text from config (e.g. `simulated`), shown next to the name. */
  title?: string;
  simulated: boolean;
  connection: ClusterConnection;
  /**
   * Since when the connection has been in this state (RFC 3339); for
   * `silent`, the last time the cluster delivered data (the data's age).
   */
  since: string;
  /**
   * The current error, with the kind it happened on; never contains
   * credentials. Cleared once the cluster is connected again.
   */
  lastError?: string;
  /** The most recent error and when it happened, kept after recovery. */
  recentError?: { message: string; at: string };
  /** Per kind: `watching`, `not-installed`, `error: …`, with the served apiVersion. */
  kinds: Array<{
    kind: string;
    apiVersion?: string;
    state: 'watching' | 'listing' | 'not-installed' | 'error' | 'forbidden' | 'silent';
    message?: string;
    count: number;
  }>;
}

/** An error confined to one cluster; the rest of the answer is good. @public */
export interface ClusterError {
  cluster: string;
  message: string;
}

/** Kind-specific facts for operator cards (only what the UI shows). @public */
export type ObjectFacts = Record<string, unknown>;

/** One object with its classified status. @public */
export interface ObjectSummary {
  cluster: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  status: StatusResult;
  /** Flux kinds only: actions apply. */
  flux: boolean;
  suspended: boolean;
  suspendedBy?: string;
  suspendReason?: string;
  /** Last handled reconcile request token, Flux kinds only. */
  lastHandledReconcileAt?: string;
  /** Last change (the status' `since`, or the newest condition transition). */
  lastChange?: string;
  /** Flux objects found on the cluster but not in Git (catalog drift view). */
  unmanaged?: boolean;
  facts: ObjectFacts;
}

/** Roll-up of one entity. @public */
export interface EntityRollup {
  entityRef: string;
  title?: string;
  owner?: string;
  status: ObjectStatus;
  counts: StatusCounts;
  /** Failed runs of jobs (Spark/Flink) that do not turn the entity red. */
  failedRuns: number;
  problems: Array<{ cluster: string; kind: string; namespace?: string; name: string; status: ObjectStatus; reason: string; message: string }>;
}

/** One layer in the overview. @public */
export interface LayerOverview {
  id: string;
  title: string;
  namespace: string;
  systemRef: string;
  dependsOn: string[];
  status: ObjectStatus;
  counts: StatusCounts;
  entities: EntityRollup[];
}

/** GET /overview. @public */
export interface PlatformOverview {
  generatedAt: string;
  cluster?: string;
  status: ObjectStatus;
  counts: StatusCounts;
  clusters: ClusterState[];
  layers: LayerOverview[];
  settings: PlatformSettings[];
}

/** The platform settings ConfigMap, per cluster. @public */
export interface PlatformSettings {
  cluster: string;
  namespace: string;
  name: string;
  values: Record<string, string>;
}

/** GET /entities/:namespace/:kind/:name/objects. @public */
export interface EntityObjects {
  entityRef: string;
  status: ObjectStatus;
  counts: StatusCounts;
  objects: ObjectSummary[];
  clusters: ClusterState[];
  errors: ClusterError[];
  /** Why nothing could be resolved (missing annotation etc.), for the empty state. */
  notes: string[];
  /**
   * Whether the entity's annotations may decide who owns the objects it
   * names: only entities from a trusted source (the GitOps provider, an
   * admin-configured location, an ML project location,
   * `mlops.ownership.trustedLocations`). Otherwise its objects are shown
   * read-only and `notes` says why.
   */
  claimsTrusted?: boolean;
}

/**
 * Who decides on one object: the one trusted entity that names it, or why
 * there is none. Entities from untrusted sources are listed but never decide.
 * @public
 */
export interface ObjectOwnership {
  /**
   * `owned`: exactly one trusted entity names the object; `unclaimed`: none
   * does; `conflict`: two or more trusted entities name it, so none decides
   * (only an unconditional grant, e.g. a platform admin, may act).
   */
  state: 'owned' | 'unclaimed' | 'conflict';
  /** The trusted entities that name the object (one when owned). */
  claimedBy: string[];
  /** Entities from untrusted sources that name the object: shown, never deciding. */
  untrustedClaims: string[];
  /** For people: what this means, e.g. that the object is claimed twice. */
  message?: string;
}

/** One node of a Kustomization's inventory tree. @public */
export interface InventoryNode {
  id: string;
  group: string;
  kind: string;
  namespace?: string;
  name: string;
  /** Status if the object is watched. */
  status?: StatusResult;
  children: InventoryNode[];
}

/** An event of an object. @public */
export interface ObjectEvent {
  type: string;
  reason: string;
  message: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  involvedObject: { kind: string; namespace?: string; name: string };
  source?: string;
}

/** GET /objects/:cluster/:kind/:namespace/:name. @public */
export interface ObjectDetails extends ObjectSummary {
  conditions: KubeCondition[];
  observedGeneration?: number;
  generation?: number;
  revisions: Record<string, string>;
  /** HelmRelease `status.history` / Kustomization `status.history`, as written. */
  history: Array<Record<string, unknown>>;
  inventory?: InventoryNode[];
  dependsOn: Array<{ kind: string; namespace?: string; name: string; status?: ObjectStatus }>;
  dependedOnBy: Array<{ kind: string; namespace?: string; name: string; status?: ObjectStatus }>;
  source?: { kind: string; namespace?: string; name: string; status?: StatusResult; revision?: string };
  /** The owning entity: set only when `ownership.state` is `owned`. */
  entityRef?: string;
  /** How ownership was decided (always set by the backend). */
  ownership?: ObjectOwnership;
}

/** GET …/events. @public */
export interface ObjectEvents {
  events: ObjectEvent[];
  sourceEvents: ObjectEvent[];
}

/** Body of POST …/reconcile. @public */
export interface ReconcileRequest {
  withSource?: boolean;
  force?: boolean;
  reset?: boolean;
}

/** Body of POST …/suspend. @public */
export interface SuspendRequest {
  reason: string;
}

/** Answer of an action. @public */
export interface ActionResult {
  action: 'reconcile' | 'suspend' | 'resume';
  /** `handled`: Flux set lastHandledReconcileAt to our token; `timeout`: it did not within the wait. */
  outcome: 'handled' | 'timeout' | 'applied';
  requestedAt?: string;
  object: ObjectSummary;
}

/** The signal channel the backend publishes to (Backstage signals). @public */
export const MLOPS_SIGNAL_CHANNEL = 'mlops:status';

/** A pushed update: which clusters and entities changed. @public */
export interface MlopsStatusSignal {
  type: 'changed';
  clusters: string[];
  entityRefs: string[];
  at: string;
}
