import {
  DEFAULT_GROUP_LIMIT,
  STATUS_SEVERITY,
  TRACE_LEVELS,
  emptyCounts,
  worstStatus,
  type ClusterError,
  type EntityTrace,
  type ObjectStatus,
  type StatusCounts,
  type TraceEdge,
  type TraceGroup,
  type TraceNode,
} from '@mlops-portal/plugin-mlops-common';
import { markFirstFailures, type ClusterTrace } from './buildClusterTrace';

/** Groups of at most this many nodes are listed without being asked for. */
export const AUTO_EXPAND_SIZE = 12;
/** First failures listed in an answer. */
const MAX_FIRST_FAILURES = 20;

const LEVEL_ORDER = new Map(TRACE_LEVELS.map((l, i) => [l, i]));

/** Worst first, then first failures, then by name and cluster. */
function compareNodes(a: TraceNode, b: TraceNode): number {
  const sa = a.status ? STATUS_SEVERITY[a.status] : -1;
  const sb = b.status ? STATUS_SEVERITY[b.status] : -1;
  if (sa !== sb) return sb - sa;
  if (!!a.firstFailure !== !!b.firstFailure) return a.firstFailure ? -1 : 1;
  return a.name.localeCompare(b.name) || a.cluster.localeCompare(b.cluster);
}

/** What one cluster's trace contributes to every answer, computed once per trace. */
interface ClusterSummary {
  groups: Map<string, { first: TraceNode; members: TraceNode[]; counts: StatusCounts; notWatched: number; firstFailures: number; root: boolean }>;
  groupEdges: Map<string, TraceEdge>;
  edgesOf: Map<string, TraceEdge[]>;
  firstFailures: TraceNode[];
  entityRefs: Set<string>;
}

const prepared = new WeakMap<ClusterTrace, ClusterSummary>();

/**
 * Marks the first failures of one cluster's trace (edges never cross
 * clusters) and aggregates its groups and group edges, once: an answer for
 * a caller who may read everything then costs what it lists, not the size
 * of the trace.
 */
function summaryOf(t: ClusterTrace): ClusterSummary {
  const hit = prepared.get(t);
  if (hit) return hit;
  const firstFailures = markFirstFailures(t.nodes, t.edges);
  const groups: ClusterSummary['groups'] = new Map();
  const entityRefs = new Set<string>();
  for (const n of t.nodes.values()) {
    let g = groups.get(n.groupId);
    if (!g) {
      g = { first: n, members: [], counts: emptyCounts(), notWatched: 0, firstFailures: 0, root: false };
      groups.set(n.groupId, g);
    }
    g.members.push(n);
    if (n.status) g.counts[n.status] += 1;
    else g.notWatched += 1;
    if (n.firstFailure) g.firstFailures += 1;
    if (n.root) g.root = true;
    if (n.entityRef) entityRefs.add(n.entityRef);
  }
  for (const g of groups.values()) g.members.sort(compareNodes);
  const groupEdges = new Map<string, TraceEdge>();
  const edgesOf = new Map<string, TraceEdge[]>();
  for (const e of t.edges) {
    const from = t.nodes.get(e.from)!;
    const to = t.nodes.get(e.to)!;
    for (const id of [e.from, e.to]) {
      const list = edgesOf.get(id);
      if (list) list.push(e);
      else edgesOf.set(id, [e]);
    }
    if (from.groupId !== to.groupId || e.type === 'dependsOn') {
      const key = `${from.groupId}>${to.groupId}>${e.type}`;
      const g = groupEdges.get(key);
      if (g) g.count = (g.count ?? 0) + 1;
      else groupEdges.set(key, { from: from.groupId, to: to.groupId, type: e.type, count: 1 });
    }
  }
  const summary = { groups, groupEdges, edgesOf, firstFailures, entityRefs };
  prepared.set(t, summary);
  return summary;
}

/** {@link summarizeTrace} for a caller who may read everything, from the prepared summaries. */
function summarizeAll(o: SummarizeOptions): EntityTrace {
  const summaries = o.traces.map(summaryOf);
  const asked = new Map(o.expand.map(e => [e.groupId, e.limit]));
  const merged = new Map<string, { first: TraceNode; lists: TraceNode[][]; counts: StatusCounts; notWatched: number; firstFailures: number; root: boolean; clusters: Set<string>; size: number }>();
  for (const [i, sum] of summaries.entries()) {
    for (const [id, g] of sum.groups) {
      let m = merged.get(id);
      if (!m) {
        m = { first: g.first, lists: [], counts: emptyCounts(), notWatched: 0, firstFailures: 0, root: false, clusters: new Set(), size: 0 };
        merged.set(id, m);
      }
      m.lists.push(g.members);
      for (const st of Object.keys(g.counts) as ObjectStatus[]) m.counts[st] += g.counts[st];
      m.notWatched += g.notWatched;
      m.firstFailures += g.firstFailures;
      m.root = m.root || g.root;
      m.clusters.add(o.traces[i].cluster);
      m.size += g.members.length;
    }
  }
  const counts = emptyCounts();
  const groups: TraceGroup[] = [];
  const listed = new Map<string, TraceNode>();
  for (const [id, m] of merged) {
    for (const st of Object.keys(m.counts) as ObjectStatus[]) counts[st] += m.counts[st];
    const expanded = asked.has(id) || m.size <= AUTO_EXPAND_SIZE;
    let shown = 0;
    if (expanded) {
      const limit = asked.get(id) ?? DEFAULT_GROUP_LIMIT;
      // Each cluster's members are sorted: take the best of their heads.
      const picked = m.lists.length === 1 ? m.lists[0].slice(0, limit) : m.lists.flatMap(l => l.slice(0, limit)).sort(compareNodes).slice(0, limit);
      for (const n of picked) listed.set(n.id, n);
      shown = picked.length;
    }
    groups.push({
      id,
      level: m.first.level,
      kind: m.first.kind,
      namespace: m.first.namespace,
      size: m.size,
      counts: m.counts,
      notWatched: m.notWatched,
      status: worstStatus((Object.keys(m.counts) as ObjectStatus[]).filter(st => m.counts[st] > 0)),
      clusters: [...m.clusters].sort(),
      firstFailures: m.firstFailures,
      expanded,
      shown,
      root: m.root,
    });
  }
  sortGroups(groups);
  const groupEdges = new Map<string, TraceEdge>();
  for (const sum of summaries) {
    for (const [key, e] of sum.groupEdges) {
      const g = groupEdges.get(key);
      if (g) g.count = (g.count ?? 0) + (e.count ?? 0);
      else groupEdges.set(key, { ...e });
    }
  }
  const nodeEdges = new Map<string, TraceEdge>();
  const groupOfNode = (id: string, t: ClusterTrace) => (listed.has(id) ? id : t.nodes.get(id)?.groupId ?? id);
  summaries.forEach((sum, i) => {
    const t = o.traces[i];
    for (const id of listed.keys()) {
      for (const e of sum.edgesOf.get(id) ?? []) {
        const a = groupOfNode(e.from, t);
        const b = groupOfNode(e.to, t);
        const key = `${a}>${b}>${e.type}`;
        if (!nodeEdges.has(key)) nodeEdges.set(key, { from: a, to: b, type: e.type });
      }
    }
  });
  const entityRefs = new Set<string>([o.entityRef]);
  for (const sum of summaries) for (const r of sum.entityRefs) entityRefs.add(r);
  const firstFailures = summaries
    .flatMap(sum => sum.firstFailures)
    .sort((a, b) => (LEVEL_ORDER.get(a.level) ?? 0) - (LEVEL_ORDER.get(b.level) ?? 0) || compareNodes(a, b));
  return {
    entityRef: o.entityRef,
    generatedAt: o.now.toISOString(),
    cluster: o.cluster,
    clusters: o.clusters,
    status: worstStatus((Object.keys(counts) as ObjectStatus[]).filter(st => counts[st] > 0)),
    counts,
    size: o.traces.reduce((n, t) => n + t.nodes.size, 0),
    groups,
    nodes: [...listed.values()].sort(compareNodes).map(n => ({ ...n })),
    edges: [...nodeEdges.values()],
    groupEdges: [...groupEdges.values()],
    firstFailures: firstFailures.slice(0, MAX_FIRST_FAILURES).map(n => ({ ...n })),
    hidden: 0,
    truncated: o.traces.some(t => t.truncated),
    entityRefs: [...entityRefs].sort(),
    errors: o.errors,
    notes: o.notes,
  };
}

function sortGroups(groups: TraceGroup[]): void {
  groups.sort(
    (a, b) =>
      (LEVEL_ORDER.get(a.level) ?? 0) - (LEVEL_ORDER.get(b.level) ?? 0) ||
      Number(b.root) - Number(a.root) ||
      a.kind.localeCompare(b.kind) ||
      (a.namespace ?? '').localeCompare(b.namespace ?? ''),
  );
}

export interface SummarizeOptions {
  entityRef: string;
  traces: ClusterTrace[];
  /** Groups asked for, with how many nodes to list. */
  expand: Array<{ groupId: string; limit: number }>;
  /** Whether the caller may see a node (checked on every node), or `all`. */
  visible: ((node: TraceNode, downstream: boolean) => boolean) | 'all';
  cluster?: string;
  clusters: string[];
  errors: ClusterError[];
  notes: string[];
  now: Date;
}

/**
 * Turns the per-cluster traces into one answer that stays small whatever
 * their size: nodes the caller may not read are dropped (and counted),
 * first failures are marked, nodes are grouped by level, kind and namespace
 * with counts, and only the nodes of expanded groups (asked for, or small)
 * are listed, worst first. Edges are given between listed nodes, from a
 * listed node to the group of an unlisted one, and between all groups.
 */
export function summarizeTrace(o: SummarizeOptions): EntityTrace {
  if (o.visible === 'all') return summarizeAll(o);
  const nodes = new Map<string, TraceNode>();
  const edges: TraceEdge[] = [];
  let hidden = 0;
  for (const t of o.traces) {
    const visible = o.visible as (node: TraceNode, downstream: boolean) => boolean;
    for (const n of t.nodes.values()) {
      if (visible(n, t.downstream.has(n.id))) nodes.set(n.id, { ...n });
      else hidden++;
    }
    for (const e of t.edges) if (nodes.has(e.from) && nodes.has(e.to)) edges.push(e);
  }
  const firstFailures = markFirstFailures(nodes, edges).sort(
    (a, b) => (LEVEL_ORDER.get(a.level) ?? 0) - (LEVEL_ORDER.get(b.level) ?? 0) || compareNodes(a, b),
  );

  const members = new Map<string, TraceNode[]>();
  for (const n of nodes.values()) {
    const list = members.get(n.groupId);
    if (list) list.push(n);
    else members.set(n.groupId, [n]);
  }
  const asked = new Map(o.expand.map(e => [e.groupId, e.limit]));
  const listed = new Set<string>();
  const groups: TraceGroup[] = [];
  const counts = emptyCounts();
  for (const [id, list] of members) {
    const first = list[0];
    const c = emptyCounts();
    let notWatched = 0;
    let firsts = 0;
    let root = false;
    const clusters = new Set<string>();
    for (const n of list) {
      if (n.status) c[n.status] += 1;
      else notWatched += 1;
      if (n.firstFailure) firsts += 1;
      if (n.root) root = true;
      clusters.add(n.cluster);
    }
    for (const s of Object.keys(c) as ObjectStatus[]) counts[s] += c[s];
    const expanded = asked.has(id) || list.length <= AUTO_EXPAND_SIZE;
    let shown = 0;
    if (expanded) {
      const limit = asked.get(id) ?? DEFAULT_GROUP_LIMIT;
      const sorted = list.length <= limit ? list : [...list].sort(compareNodes).slice(0, limit);
      for (const n of sorted) listed.add(n.id);
      shown = sorted.length;
    }
    groups.push({
      id,
      level: first.level,
      kind: first.kind,
      namespace: first.namespace,
      size: list.length,
      counts: c,
      notWatched,
      status: worstStatus((Object.keys(c) as ObjectStatus[]).filter(s => c[s] > 0)),
      clusters: [...clusters].sort(),
      firstFailures: firsts,
      expanded,
      shown,
      root,
    });
  }
  sortGroups(groups);

  // Edges: node-level where a listed node is involved (the other end as its
  // group when not listed), group-level for all.
  const nodeEdges = new Map<string, TraceEdge>();
  const groupEdges = new Map<string, TraceEdge>();
  for (const e of edges) {
    const from = nodes.get(e.from)!;
    const to = nodes.get(e.to)!;
    if (listed.has(from.id) || listed.has(to.id)) {
      const a = listed.has(from.id) ? from.id : from.groupId;
      const b = listed.has(to.id) ? to.id : to.groupId;
      const key = `${a}>${b}>${e.type}`;
      if (!nodeEdges.has(key)) nodeEdges.set(key, { from: a, to: b, type: e.type });
    }
    if (from.groupId !== to.groupId || e.type === 'dependsOn') {
      const key = `${from.groupId}>${to.groupId}>${e.type}`;
      const g = groupEdges.get(key);
      if (g) g.count = (g.count ?? 0) + 1;
      else groupEdges.set(key, { from: from.groupId, to: to.groupId, type: e.type, count: 1 });
    }
  }

  const entityRefs = new Set<string>([o.entityRef]);
  for (const n of nodes.values()) if (n.entityRef) entityRefs.add(n.entityRef);
  // Copies: the nodes may be shared with the cached traces.
  const listedNodes = [...listed].map(id => ({ ...nodes.get(id)! }));
  listedNodes.sort(compareNodes);

  return {
    entityRef: o.entityRef,
    generatedAt: o.now.toISOString(),
    cluster: o.cluster,
    clusters: o.clusters,
    status: worstStatus((Object.keys(counts) as ObjectStatus[]).filter(s => counts[s] > 0)),
    counts,
    size: nodes.size,
    groups,
    nodes: listedNodes,
    edges: [...nodeEdges.values()],
    groupEdges: [...groupEdges.values()],
    firstFailures: firstFailures.slice(0, MAX_FIRST_FAILURES).map(n => ({ ...n })),
    hidden,
    truncated: o.traces.some(t => t.truncated),
    entityRefs: [...entityRefs].sort(),
    errors: o.errors,
    notes: o.notes,
  };
}
