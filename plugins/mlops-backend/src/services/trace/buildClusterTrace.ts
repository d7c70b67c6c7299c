import {
  traceGroupId,
  traceLevelOf,
  traceNodeId,
  type TraceEdge,
  type TraceNode,
} from '@mlops-portal/plugin-mlops-common';
import type { ClusterTraceIndex, IndexedEdge, IndexedObject } from './ClusterTraceIndex';

/** The trace of some root objects on one cluster. */
export interface ClusterTrace {
  cluster: string;
  nodes: Map<string, TraceNode>;
  edges: TraceEdge[];
  /** Ids of the roots and of everything downstream of them (part of the traced entity). */
  downstream: Set<string>;
  truncated: boolean;
}

const FLUX_APPLIERS = new Set(['Kustomization', 'HelmRelease']);

function toNode(cluster: string, key: string, o: IndexedObject | undefined, root: boolean): TraceNode {
  const [kind, namespace, name] = key.split('|');
  const ref = { cluster, kind, namespace: namespace || undefined, name };
  const node: TraceNode = {
    id: traceNodeId(ref),
    cluster,
    group: o?.group,
    kind,
    namespace: ref.namespace,
    name,
    level: traceLevelOf(kind),
    groupId: traceGroupId(ref),
  };
  if (o?.status) {
    node.status = o.status.status;
    node.reason = o.status.reason;
    node.message = o.status.message;
    if (o.status.revision) node.revision = o.status.revision;
    if (o.status.badges.length) node.badges = o.status.badges;
  } else if (!o) {
    node.reason = 'NotFound';
    node.message = `${kind} ${namespace ? `${namespace}/` : ''}${name} is referenced but not on cluster '${cluster}'`;
  }
  if (root) node.root = true;
  return node;
}

/**
 * Walks one cluster's index from the root objects: upstream through every
 * applier, owner and source to the top (what `flux trace` shows), downstream
 * through what they apply and own to the pods (what `flux tree` shows, plus
 * operators' workloads and pods), and one step sideways along Flux
 * `dependsOn`, both ways. A source that is itself a root also shows what it
 * feeds, one step. Stops adding nodes at `maxNodes` (`truncated`).
 */
export function buildClusterTrace(
  index: ClusterTraceIndex,
  rootKeys: string[],
  maxNodes: number,
): ClusterTrace {
  const cluster = index.cluster;
  const nodes = new Map<string, TraceNode>();
  const edges: IndexedEdge[] = [];
  const edgeIds = new Set<string>();
  let truncated = false;
  const addNode = (key: string, root = false): boolean => {
    if (nodes.has(key)) {
      if (root) nodes.get(key)!.root = true;
      return true;
    }
    if (nodes.size >= maxNodes) {
      truncated = true;
      return false;
    }
    nodes.set(key, toNode(cluster, key, index.get(key), root));
    return true;
  };
  const addEdge = (e: IndexedEdge) => {
    const id = `${e.from}>${e.to}>${e.type}`;
    if (!edgeIds.has(id)) {
      edgeIds.add(id);
      edges.push(e);
    }
  };

  const roots = rootKeys.filter(k => index.get(k));
  for (const k of roots) addNode(k, true);

  // Upstream: appliers, owners, sources, to the top.
  const upQueue = [...roots];
  const upSeen = new Set(upQueue);
  while (upQueue.length) {
    const key = upQueue.shift()!;
    for (const e of index.parents(key)) {
      if (!addNode(e.from)) break;
      addEdge(e);
      if (!upSeen.has(e.from)) {
        upSeen.add(e.from);
        upQueue.push(e.from);
      }
    }
  }

  // Downstream: what the roots apply and own, to the pods.
  const downQueue = [...roots];
  const downSeen = new Set(downQueue);
  while (downQueue.length && !truncated) {
    const key = downQueue.shift()!;
    const isSourceRoot = roots.includes(key) && traceLevelOf(index.get(key)!.kind) === 'source';
    for (const e of index.children(key)) {
      // A source feeds many objects: show what a traced source feeds, but do
      // not follow it (that would be the whole platform).
      if (e.type === 'source' && !isSourceRoot) continue;
      if (!addNode(e.to)) break;
      addEdge(e);
      if (e.type !== 'source' && !downSeen.has(e.to)) {
        downSeen.add(e.to);
        downQueue.push(e.to);
      }
    }
  }

  // dependsOn, both ways, for every Flux applier in the trace (one step).
  const traced = new Set(nodes.keys());
  const addNeighbour = (key: string): boolean => {
    const isNew = !nodes.has(key);
    if (!addNode(key)) return false;
    if (isNew) nodes.get(key)!.dependencyOnly = true;
    return true;
  };
  for (const key of traced) {
    const kind = key.slice(0, key.indexOf('|'));
    if (!FLUX_APPLIERS.has(kind)) continue;
    for (const dep of index.dependsOn(key)) {
      if (addNeighbour(dep)) addEdge({ from: key, to: dep, type: 'dependsOn' });
    }
    for (const dependent of index.dependedOnBy(key)) {
      if (addNeighbour(dependent)) addEdge({ from: dependent, to: key, type: 'dependsOn' });
    }
  }

  const id = (key: string) => nodes.get(key)!.id;
  return {
    cluster,
    downstream: new Set([...downSeen].filter(k => nodes.has(k)).map(id)),
    nodes: new Map([...nodes.values()].map(n => [n.id, n])),
    edges: edges.filter(e => nodes.has(e.from) && nodes.has(e.to)).map(e => ({ from: id(e.from), to: id(e.to), type: e.type })),
    truncated,
  };
}

/**
 * Marks the first failures: Failed nodes none of whose upstream nodes
 * (sources, appliers, owners; not dependencies) is Failed. Returns them,
 * most upstream level first.
 */
export function markFirstFailures(nodes: Map<string, TraceNode>, edges: TraceEdge[]): TraceNode[] {
  const parents = new Map<string, string[]>();
  for (const e of edges) {
    if (e.type === 'dependsOn') continue;
    const list = parents.get(e.to);
    if (list) list.push(e.from);
    else parents.set(e.to, [e.from]);
  }
  // failedAbove(id): some node upstream of id is Failed. Memoised; a cycle
  // (malformed inventories) counts as "no".
  const memo = new Map<string, boolean>();
  const failedAbove = (id: string, visiting: Set<string>): boolean => {
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    if (visiting.has(id)) return false;
    visiting.add(id);
    let result = false;
    for (const p of parents.get(id) ?? []) {
      const pn = nodes.get(p);
      if (pn?.status === 'Failed' || failedAbove(p, visiting)) {
        result = true;
        break;
      }
    }
    visiting.delete(id);
    memo.set(id, result);
    return result;
  };
  const first: TraceNode[] = [];
  for (const n of nodes.values()) {
    n.firstFailure = undefined;
    if (n.status === 'Failed' && !n.dependencyOnly && !failedAbove(n.id, new Set())) {
      n.firstFailure = true;
      first.push(n);
    }
  }
  return first;
}
