import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  mlopsStatusReadPermission,
  traceNodeId,
  type ClusterError,
  type EntityTrace,
  type MlopsTraceSignal,
  type ObjectRef,
  type TraceQuery,
  type TraceText,
} from '@mlops-portal/plugin-mlops-common';
import type {
  ClusterChange,
  MlopsClustersService,
  PodCache,
  PodChange,
} from '@mlops-portal/plugin-mlops-node';
import type { MlopsAuthorizer } from '../../permissions/MlopsAuthorizer';
import type { EntityIndex, LinkedEntity } from '../EntityIndex';
import type { Viewer } from '../StatusService';
import { ClusterTraceIndex, objectIndexKey } from './ClusterTraceIndex';
import { buildClusterTrace, type ClusterTrace } from './buildClusterTrace';
import { formatObjectTrace, formatTree, traceChain } from './formatTraceText';
import { summarizeTrace } from './summarizeTrace';

/** What the trace service needs; `publish` sends a signal to every browser. */
export interface TraceServiceDeps {
  clusters: MlopsClustersService;
  pods?: PodCache;
  entities: EntityIndex;
  authorizer: MlopsAuthorizer;
  publish: (message: MlopsTraceSignal) => Promise<void>;
  logger: LoggerService;
  maxNodesPerCluster: number;
  idleMs: number;
  now?: () => Date;
}

interface CachedTrace {
  version: number;
  entityVersion: number;
  trace: ClusterTrace;
}

/** What a recently requested trace covers, to tell whether a change concerns it. */
interface Watched {
  lastUsed: number;
  /** cluster → node ids and namespaces in the trace. */
  perCluster: Map<string, { ids: Set<string>; namespaces: Set<string> }>;
}

/**
 * Traces and trees across layers and clusters, answered from the watch
 * caches (and the pod cache): per cluster an index of every object and its
 * relations, rebuilt when the cluster changes; per entity and cluster the
 * walked trace, kept until either changes. Recently requested traces are
 * followed: when a change touches one, a signal on `mlops:trace` names the
 * entity so open pages fetch again (no polling).
 */
export class TraceService {
  private readonly versions = new Map<string, number>();
  private readonly indexes = new Map<string, { version: number; index: ClusterTraceIndex }>();
  private readonly traces = new Map<string, CachedTrace>();
  private readonly watched = new Map<string, Watched>();
  /** Answers for callers who may read everything, until a cluster of theirs or the entities change. */
  private readonly answers = new Map<string, { version: string; trace: EntityTrace }>();
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly deps: TraceServiceDeps) {
    this.unsubscribe.push(deps.clusters.subscribe(batch => this.onClusterChanges(batch)));
    if (deps.pods) this.unsubscribe.push(deps.pods.subscribe(batch => this.onPodChanges(batch)));
  }

  stop(): void {
    for (const u of this.unsubscribe) u();
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private bump(cluster: string): void {
    this.versions.set(cluster, (this.versions.get(cluster) ?? 0) + 1);
  }

  /** The index of one cluster, rebuilt if the cluster changed since. */
  index(cluster: string): ClusterTraceIndex {
    const version = this.versions.get(cluster) ?? 0;
    const hit = this.indexes.get(cluster);
    if (hit && hit.version === version) return hit.index;
    const t0 = Date.now();
    const index = new ClusterTraceIndex(
      cluster,
      this.deps.clusters.listObjects({ cluster }),
      this.deps.pods?.list(cluster) ?? [],
    );
    this.indexes.set(cluster, { version, index });
    this.deps.logger.debug(`trace index of cluster '${cluster}' rebuilt in ${Date.now() - t0} ms (${index.objects.size} objects)`);
    return index;
  }

  // ------------------------------------------------------------ changes
  private onClusterChanges(batch: ClusterChange[]): void {
    const touched: Array<{ cluster: string; ids: string[]; namespaces: string[] }> = [];
    for (const change of batch) {
      if (change.objects.length === 0 && !change.state) continue;
      this.bump(change.cluster);
      const ids: string[] = [];
      const namespaces: string[] = [];
      for (const { kind, key } of change.objects) {
        const slash = key.indexOf('/');
        const namespace = slash >= 0 ? key.slice(0, slash) : undefined;
        const name = slash >= 0 ? key.slice(slash + 1) : key;
        ids.push(traceNodeId({ cluster: change.cluster, kind, namespace, name }));
        if (namespace) namespaces.push(namespace);
      }
      touched.push({ cluster: change.cluster, ids, namespaces });
    }
    this.signal(touched);
  }

  private onPodChanges(batch: PodChange[]): void {
    const touched = batch.map(c => {
      this.bump(c.cluster);
      return {
        cluster: c.cluster,
        ids: c.keys.map(k => {
          const [namespace, name] = k.split('/');
          return traceNodeId({ cluster: c.cluster, kind: 'Pod', namespace, name });
        }),
        namespaces: c.keys.map(k => k.split('/')[0]),
      };
    });
    this.signal(touched);
  }

  /**
   * Tells browsers which followed traces changed: a changed object that is
   * in the trace, or a new/removed one in a namespace the trace covers on
   * that cluster (what it would hang under).
   */
  private signal(touched: Array<{ cluster: string; ids: string[]; namespaces: string[] }>): void {
    if (touched.length === 0 || this.watched.size === 0) return;
    const now = this.now().getTime();
    const refs: string[] = [];
    for (const [ref, w] of this.watched) {
      if (now - w.lastUsed > this.deps.idleMs) {
        this.watched.delete(ref);
        continue;
      }
      const hit = touched.some(t => {
        const c = w.perCluster.get(t.cluster);
        return c && (t.ids.some(id => c.ids.has(id)) || t.namespaces.some(ns => c.namespaces.has(ns)));
      });
      if (hit) refs.push(ref);
    }
    if (refs.length === 0) return;
    const message: MlopsTraceSignal = {
      type: 'trace-changed',
      entityRefs: refs,
      clusters: [...new Set(touched.map(t => t.cluster))],
      at: this.now().toISOString(),
    };
    this.deps.publish(message).catch(e => this.deps.logger.warn(`could not publish trace signal: ${(e as Error).message}`));
  }

  // ------------------------------------------------------------- traces
  /** The objects a trace of `entity` starts from: its own, and for a layer System its members'. */
  private rootsOf(entity: LinkedEntity, clusterNames: string[]): Map<string, string[]> {
    const roots = new Map<string, string[]>(clusterNames.map(c => [c, []]));
    const members = [entity];
    if (entity.kind === 'System') {
      members.push(...this.deps.entities.list().filter(e => e.systemRef === entity.ref && e.ref !== entity.ref));
    }
    for (const m of members) {
      for (const o of this.deps.entities.resolve(m, clusterNames).objects) {
        roots.get(o.cluster)?.push(objectIndexKey(o.kind, o.namespace, o.name));
      }
    }
    return roots;
  }

  private clusterTrace(entity: LinkedEntity, cluster: string, roots: string[]): ClusterTrace {
    const cacheKey = `${entity.ref}|${cluster}`;
    const version = this.versions.get(cluster) ?? 0;
    const hit = this.traces.get(cacheKey);
    if (hit && hit.version === version && hit.entityVersion === this.deps.entities.version) return hit.trace;
    const index = this.index(cluster);
    const trace = buildClusterTrace(index, roots, this.deps.maxNodesPerCluster);
    for (const n of trace.nodes.values()) {
      const o = index.get(objectIndexKey(n.kind, n.namespace, n.name));
      const owner = this.deps.entities.ownersOf({ cluster, kind: n.kind, namespace: n.namespace, name: n.name, labels: o?.labels })[0];
      if (owner) n.entityRef = owner;
    }
    this.traces.set(cacheKey, { version, entityVersion: this.deps.entities.version, trace });
    return trace;
  }

  private clusterErrors(clusterNames: string[]): { errors: ClusterError[]; notes: string[] } {
    const errors: ClusterError[] = [];
    const notes: string[] = [];
    for (const c of this.deps.clusters.getClusterStates()) {
      if (!clusterNames.includes(c.name)) continue;
      if (c.connection === 'unreachable' || c.connection === 'not-watchable') {
        errors.push({ cluster: c.name, message: c.lastError ?? c.connection });
      }
    }
    if (!this.deps.pods) notes.push('pods are not watched (mlops.trace.watchPods: false): traces end at workloads');
    for (const p of this.deps.pods?.states() ?? []) {
      if (clusterNames.includes(p.cluster) && (p.state === 'error' || p.state === 'forbidden')) {
        notes.push(`pods of cluster '${p.cluster}' are not shown: ${p.message ?? p.state}`);
      }
    }
    return { errors, notes };
  }

  private clusterNames(cluster?: string): string[] {
    const all = this.deps.clusters.listClusterNames();
    if (cluster === undefined) return all;
    if (!all.includes(cluster)) throw new NotFoundError(`no cluster named '${cluster}' is configured`);
    return [cluster];
  }

  private async viewerFor(credentials: BackstageCredentials, refs: () => string[]): Promise<Viewer> {
    return this.deps.authorizer.viewer(credentials, refs);
  }

  /** GET /entities/:kind/:namespace/:name/trace. */
  async getEntityTrace(entityRef: string, query: TraceQuery, credentials: BackstageCredentials): Promise<EntityTrace> {
    await this.deps.authorizer.assert(mlopsStatusReadPermission, entityRef, credentials, `read the trace of ${entityRef}`);
    const clusterNames = this.clusterNames(query.cluster);
    const entity = this.deps.entities.get(entityRef);
    const version = `${this.deps.entities.version}|${clusterNames.map(c => this.versions.get(c) ?? 0).join(',')}`;
    const answerKey = `${entityRef}|${query.cluster ?? '*'}|${query.expand.map(e => `${e.groupId}*${e.limit}`).sort().join(',')}`;
    const t0 = Date.now();
    const { errors, notes } = this.clusterErrors(clusterNames);
    const traces: ClusterTrace[] = [];
    if (!entity) {
      notes.push('the entity names no cluster objects (mlops-portal.io/objects or mlops-portal.io/label-selector), or is not known yet');
    } else {
      const roots = this.rootsOf(entity, clusterNames);
      for (const [cluster, keys] of roots) {
        if (keys.length) traces.push(this.clusterTrace(entity, cluster, keys));
      }
      if (traces.length === 0) notes.push('none of the entity\'s objects is on the selected clusters');
    }
    const t1 = Date.now();
    const owners = new Set<string>();
    for (const t of traces) for (const n of t.nodes.values()) if (n.entityRef) owners.add(n.entityRef);
    const viewer = await this.viewerFor(credentials, () => [...owners]);
    this.follow(entityRef, traces);
    const hit = viewer.allowAll ? this.answers.get(answerKey) : undefined;
    if (hit && hit.version === version) return { ...hit.trace, errors, notes };
    const trace = summarizeTrace({
      entityRef,
      traces,
      expand: query.expand,
      visible: viewer.allowAll
        ? 'all'
        : (n, downstream) => (n.entityRef ? n.entityRef === entityRef || viewer.canRead(n.entityRef) : downstream),
      cluster: query.cluster,
      clusters: clusterNames,
      errors,
      notes,
      now: this.now(),
    });
    if (viewer.allowAll) {
      this.answers.set(answerKey, { version, trace });
      // Keep the cache to the traces being looked at.
      if (this.answers.size > 200) this.answers.delete(this.answers.keys().next().value!);
    }
    this.deps.logger.debug(`trace of ${entityRef}: walked in ${t1 - t0} ms, summarised in ${Date.now() - t1} ms (${trace.size} objects)`);
    return trace;
  }

  private follow(entityRef: string, traces: ClusterTrace[]): void {
    const perCluster = new Map<string, { ids: Set<string>; namespaces: Set<string> }>();
    for (const t of traces) {
      const namespaces = new Set<string>();
      for (const n of t.nodes.values()) if (n.namespace) namespaces.add(n.namespace);
      perCluster.set(t.cluster, { ids: new Set(t.nodes.keys()), namespaces });
    }
    this.watched.set(entityRef, { lastUsed: this.now().getTime(), perCluster });
  }

  /** The owner check for one object: read permission on its entity. */
  private async assertObject(ref: ObjectRef, index: ClusterTraceIndex, credentials: BackstageCredentials, what: string) {
    const o = index.get(objectIndexKey(ref.kind, ref.namespace, ref.name));
    if (!o) {
      const state = this.deps.clusters.getClusterState(ref.cluster);
      throw new NotFoundError(
        `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} not found on cluster '${ref.cluster}'${state ? ` (cluster is ${state.connection})` : ''}`,
      );
    }
    const owner = this.deps.entities.ownersOf({ ...ref, labels: o.labels })[0];
    await this.deps.authorizer.assert(mlopsStatusReadPermission, owner, credentials, what);
  }

  /** Which entities of the index' objects the caller may read. */
  private async visibleKeys(index: ClusterTraceIndex, keys: string[], credentials: BackstageCredentials): Promise<(key: string) => boolean> {
    const ownerOf = new Map<string, string | undefined>();
    for (const k of keys) {
      const [kind, namespace, name] = k.split('|');
      const o = index.get(k);
      ownerOf.set(k, this.deps.entities.ownersOf({ cluster: index.cluster, kind, namespace: namespace || undefined, name, labels: o?.labels })[0]);
    }
    const viewer = await this.viewerFor(credentials, () => [...new Set([...ownerOf.values()].filter((r): r is string => !!r))]);
    return k => viewer.allowAll || (ownerOf.get(k) ? viewer.canRead(ownerOf.get(k)!) : false);
  }

  /** GET /trace/objects/…: `flux trace` for one object. */
  async getObjectTrace(ref: ObjectRef, credentials: BackstageCredentials): Promise<TraceText> {
    this.clusterNames(ref.cluster);
    const index = this.index(ref.cluster);
    await this.assertObject(ref, index, credentials, `trace ${ref.kind} ${ref.namespace ?? ''}/${ref.name}`);
    const key = objectIndexKey(ref.kind, ref.namespace, ref.name);
    const chain = traceChain(index, key);
    const visible = await this.visibleKeys(index, chain, credentials);
    return formatObjectTrace(index, ref.kind, ref.namespace, ref.name, k => k === key || visible(k))!;
  }

  /** GET /trace/objects/…/tree: `flux tree` for one object. */
  async getTree(ref: ObjectRef, compact: boolean, credentials: BackstageCredentials): Promise<TraceText> {
    this.clusterNames(ref.cluster);
    const index = this.index(ref.cluster);
    await this.assertObject(ref, index, credentials, `show the tree of ${ref.kind} ${ref.namespace ?? ''}/${ref.name}`);
    const rootKey = objectIndexKey(ref.kind, ref.namespace, ref.name);
    const viewer = await this.viewerFor(credentials, () => this.deps.entities.list().map(e => e.ref));
    // What a tree shows below its root belongs to the root unless another entity names it.
    const visible = (k: string) => {
      if (viewer.allowAll || k === rootKey) return true;
      const [kind, namespace, name] = k.split('|');
      const owner = this.deps.entities.ownersOf({ cluster: ref.cluster, kind, namespace: namespace || undefined, name, labels: index.get(k)?.labels })[0];
      return owner ? viewer.canRead(owner) : true;
    };
    return formatTree(index, ref.kind, ref.namespace, ref.name, compact, visible)!;
  }

  /**
   * The trace of an entity as text, for assistants: the first failures with
   * their messages, then `flux trace` of each of the entity's objects.
   */
  async getEntityTraceText(entityRef: string, credentials: BackstageCredentials, cluster?: string): Promise<TraceText & { trace: EntityTrace }> {
    const trace = await this.getEntityTrace(entityRef, { cluster, expand: [] }, credentials);
    const lines: string[] = [
      `Entity:         ${entityRef}`,
      `Status:         ${trace.status} (${Object.entries(trace.counts).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ') || 'no watched objects'})`,
      `Objects:        ${trace.size} on ${trace.clusters.length} cluster(s)${trace.hidden ? `, ${trace.hidden} hidden (no read permission)` : ''}${trace.truncated ? ', cut at the size limit' : ''}`,
    ];
    for (const e of trace.errors) lines.push(`Cluster error:  ${e.cluster}: ${e.message}`);
    for (const n of trace.notes) lines.push(`Note:           ${n}`);
    if (trace.firstFailures.length) {
      lines.push('First failures (failing, with nothing failing upstream):');
      for (const f of trace.firstFailures) {
        lines.push(`  ${f.kind}/${f.namespace ? `${f.namespace}/` : ''}${f.name} on ${f.cluster}: ${f.reason ?? ''}${f.message ? ` — ${f.message}` : ''}`);
      }
    } else {
      lines.push('First failures: none');
    }
    const sections: string[] = [lines.join('\n')];
    const entity = this.deps.entities.get(entityRef);
    if (entity) {
      const clusterNames = this.clusterNames(cluster);
      let shown = 0;
      for (const o of this.deps.entities.resolve(entity, clusterNames).objects) {
        if (shown >= 20) {
          sections.push('… more objects left out (20 shown)');
          break;
        }
        const t = await this.getObjectTrace({ cluster: o.cluster, kind: o.kind, namespace: o.namespace, name: o.name }, credentials).catch(() => undefined);
        if (t) {
          sections.push(t.text.trimEnd());
          shown++;
        }
      }
    }
    return { text: `${sections.join('\n===\n')}\n`, failed: trace.counts.Failed > 0, trace };
  }
}
