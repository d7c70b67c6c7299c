import type { ClusterError } from '../api/types';
import type { ObjectStatus, StatusBadge, StatusCounts } from '../status/types';

/**
 * The columns of a trace, upstream first: where a platform object comes from
 * (Flux sources), what applies it (Kustomizations, then HelmReleases), the
 * operators' custom resources and other applied objects, the workloads, and
 * their pods. Every object lands in exactly one column by its kind
 * ({@link traceLevelOf}).
 * @public
 */
export type TraceLevel =
  | 'source'
  | 'kustomization'
  | 'helmrelease'
  | 'resource'
  | 'workload'
  | 'pod';

/** The levels in chain order (source first). @public */
export const TRACE_LEVELS: TraceLevel[] = [
  'source',
  'kustomization',
  'helmrelease',
  'resource',
  'workload',
  'pod',
];

/**
 * How two objects of a trace are related, always drawn from upstream to
 * downstream: `source` (a Flux source feeds a Kustomization, HelmChart or
 * HelmRelease), `applies` (a Kustomization or HelmRelease applied the object:
 * inventory entry or `kustomize.toolkit.fluxcd.io/*` / `helm.toolkit.fluxcd.io/*`
 * labels), `owns` (ownerReferences or an operator's labels: Kafka → broker
 * pods, Tenant → StatefulSets, Deployment → pods, …), and `dependsOn`
 * (`from` depends on `to`; Flux `spec.dependsOn`).
 * @public
 */
export type TraceEdgeType = 'source' | 'applies' | 'owns' | 'dependsOn';

/** One object of a trace, on one cluster. @public */
export interface TraceNode {
  /** `<cluster>|<kind>|<namespace>|<name>`. */
  id: string;
  cluster: string;
  /** API group (empty for the core API), when known. */
  group?: string;
  kind: string;
  namespace?: string;
  name: string;
  level: TraceLevel;
  /** The {@link TraceGroup} the node is shown in. */
  groupId: string;
  /** Absent for objects the portal does not watch (e.g. a ConfigMap of an inventory). */
  status?: ObjectStatus;
  reason?: string;
  message?: string;
  revision?: string;
  badges?: StatusBadge[];
  /** The catalog entity the object belongs to, when one names it. */
  entityRef?: string;
  /** One of the traced entity's own objects. */
  root?: boolean;
  /** Failed, and nothing upstream of it (source, applier, owner) is Failed. */
  firstFailure?: boolean;
  /**
   * Shown only as a `dependsOn` neighbour of a traced object (not traced
   * further, never a first failure).
   */
  dependencyOnly?: boolean;
}

/**
 * A group of nodes shown as one box until it is expanded: the objects of one
 * level, kind and namespace, on every cluster of the trace.
 * @public
 */
export interface TraceGroup {
  /** `<level>:<kind>:<namespace or _>`. */
  id: string;
  level: TraceLevel;
  kind: string;
  namespace?: string;
  /** Objects in the group (all clusters). */
  size: number;
  /** Watched objects per status. */
  counts: StatusCounts;
  /** Objects the portal does not watch (no status). */
  notWatched: number;
  /** Worst status of the group's watched objects. */
  status: ObjectStatus;
  clusters: string[];
  /** How many of its nodes are {@link TraceNode.firstFailure}. */
  firstFailures: number;
  /** Whether the group's nodes are in the answer (asked for, or small enough). */
  expanded: boolean;
  /** How many of its nodes the answer holds (worst first); `size` when all. */
  shown: number;
  /** Holds one of the traced entity's own objects. */
  root: boolean;
}

/**
 * An edge between two nodes (`from`/`to` are node ids) or, in
 * {@link EntityTrace.groupEdges}, between two groups (group ids) with the
 * number of node edges it stands for.
 * @public
 */
export interface TraceEdge {
  from: string;
  to: string;
  type: TraceEdgeType;
  count?: number;
}

/**
 * GET /entities/:kind/:namespace/:name/trace: the chain source → Kustomization
 * → HelmRelease → custom resource → workloads → pods around an entity's
 * objects, on every cluster (or one), grouped so that it stays readable at
 * thousands of objects. Only the nodes of expanded groups are listed;
 * `groupEdges` connect every group.
 * @public
 */
export interface EntityTrace {
  entityRef: string;
  generatedAt: string;
  /** The cluster filter, if any. */
  cluster?: string;
  clusters: string[];
  /** Roll-up of every watched object in the trace. */
  status: ObjectStatus;
  counts: StatusCounts;
  /** Objects in the trace (all groups). */
  size: number;
  groups: TraceGroup[];
  nodes: TraceNode[];
  /** Edges between listed nodes. */
  edges: TraceEdge[];
  /** Edges between groups, with counts. */
  groupEdges: TraceEdge[];
  /** The first failing nodes (up to 20), most upstream first, with their messages. */
  firstFailures: TraceNode[];
  /** Objects left out because the caller may not read the entity they belong to. */
  hidden: number;
  /** True when the trace hit the size limit and stopped growing. */
  truncated: boolean;
  /** Catalog entities the trace's objects belong to (for live updates). */
  entityRefs: string[];
  errors: ClusterError[];
  notes: string[];
}

/** A trace or tree as text, like `flux trace` / `flux tree` print it. @public */
export interface TraceText {
  text: string;
  /** Whether any object of the text is Failed. */
  failed: boolean;
}

/** The signal channel for trace changes (Backstage signals). @public */
export const MLOPS_TRACE_SIGNAL_CHANNEL = 'mlops:trace';

/**
 * Pushed when something in a recently requested trace changed: the entities
 * whose trace to fetch again.
 * @public
 */
export interface MlopsTraceSignal {
  type: 'trace-changed';
  entityRefs: string[];
  clusters: string[];
  at: string;
}
