import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import {
  findWatchedKind,
  type ClusterState,
  type KubeObject,
  type ObjectEvent,
  type ObjectRef,
  type PlatformSettings,
  type WatchedKind,
} from '@mlops-portal/plugin-mlops-common';
import type {
  ClusterDefinition,
  MlopsClustersConfig,
} from '../config/readClusterConfig';
import { buildKubeConfig } from './kubeConfig';
import {
  ClusterWatcher,
  type ClusterChange,
  type DelayFn,
} from './ClusterWatcher';
import { mapKubeError } from './errors';
import { withRequestTimeout } from './requestTimeout';
import {
  matchesLabelSelector,
  parseLabelSelector,
  type LabelRequirement,
} from './labelSelector';
import { toCachedObject, type CachedObject } from './summarize';
import { ChangeThrottle } from './changeThrottle';

/**
 * The cluster service shared by the MLOps backend plugin and modules: one set
 * of watches per backend process, answers from memory.
 * @public
 */
export interface MlopsClustersService {
  /** Names of all configured clusters (including not-watchable ones). */
  listClusterNames(): string[];
  getClusterStates(): ClusterState[];
  getClusterState(cluster: string): ClusterState | undefined;
  /** One cached object, or undefined. */
  getObject(ref: ObjectRef): CachedObject | undefined;
  /** Cached objects, filtered by cluster, kind, namespace and/or label selector. */
  listObjects(filter?: {
    cluster?: string;
    kind?: string;
    namespace?: string;
    labelSelector?: string | LabelRequirement[];
  }): CachedObject[];
  getSettings(cluster?: string): PlatformSettings[];
  /**
   * Merge-patches an object (RFC 7386, `application/merge-patch+json`) and
   * returns it as the API server answered. Kubernetes errors are mapped to
   * Backstage errors naming the cluster and object.
   */
  mergePatch(ref: ObjectRef, patch: Record<string, unknown>): Promise<CachedObject>;
  /** Events of one object, newest first, briefly cached. */
  getEvents(ref: ObjectRef): Promise<ObjectEvent[]>;
  /**
   * Resolves with the cached object once `predicate` holds for it (checked on
   * every change), or with the last seen version (or undefined) after `timeoutMs`.
   */
  waitFor(
    ref: ObjectRef,
    predicate: (o: CachedObject) => boolean,
    timeoutMs: number,
  ): Promise<{ matched: boolean; object?: CachedObject }>;
  /** Batched change notifications; returns an unsubscribe function. */
  subscribe(listener: (changes: ClusterChange[]) => void): () => void;
  stop(): void;
}

/** Options of {@link ClusterManager}. @public */
export interface ClusterManagerOptions {
  config: MlopsClustersConfig;
  logger: LoggerService;
  /** Overrides for tests. */
  kinds?: WatchedKind[];
  delay?: DelayFn;
  random?: () => number;
  now?: () => Date;
  buildKubeConfig?: (c: ClusterDefinition) => KubeConfig;
}

function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/**
 * Owns one {@link ClusterWatcher} per cluster, batches their changes and
 * offers lookups, patches and events.
 * @public
 */
export class ClusterManager implements MlopsClustersService {
  private readonly watchers = new Map<string, ClusterWatcher>();
  private readonly listeners = new Set<(c: ClusterChange[]) => void>();
  private readonly waiters = new Set<() => void>();
  private readonly eventsCache = new Map<
    string,
    { at: number; value: Promise<ObjectEvent[]> }
  >();
  private pending = new Map<string, ClusterChange>();
  private readonly throttle: ChangeThrottle;
  private readonly logger: LoggerService;
  private readonly config: MlopsClustersConfig;
  private readonly now: () => Date;

  constructor(options: ClusterManagerOptions) {
    this.logger = options.logger;
    this.config = options.config;
    this.now = options.now ?? (() => new Date());
    this.throttle = new ChangeThrottle(options.config.watch.changeBatchMs, () => this.flush());
    const build = options.buildKubeConfig ?? buildKubeConfig;
    for (const def of options.config.clusters) {
      let kubeConfig: KubeConfig;
      try {
        kubeConfig = def.watchable ? build(def) : new KubeConfig();
      } catch (e) {
        // e.g. an unreadable CA file: report on the cluster, do not crash.
        def.watchable = false;
        def.notWatchableReason = `cannot build client: ${(e as Error).message}`;
        kubeConfig = new KubeConfig();
      }
      this.watchers.set(
        def.name,
        new ClusterWatcher({
          definition: def,
          kubeConfig,
          options: options.config.watch,
          logger: options.logger,
          settings: options.config.settings,
          kinds: options.kinds,
          delay: options.delay,
          random: options.random,
          now: options.now,
          onChange: c => this.onChange(c),
        }),
      );
    }
    for (const w of options.config.warnings) this.logger.warn(w);
  }

  /** Starts every watcher in the background. */
  start(): void {
    for (const w of this.watchers.values()) w.start();
  }

  stop(): void {
    for (const w of this.watchers.values()) w.stop();
    this.throttle.stop();
    for (const wake of this.waiters) wake();
  }

  private onChange(change: ClusterChange): void {
    for (const wake of [...this.waiters]) wake();
    const p = this.pending.get(change.cluster) ?? {
      cluster: change.cluster,
      objects: [],
    };
    p.objects.push(...change.objects);
    p.settings = p.settings || change.settings;
    p.state = p.state || change.state;
    this.pending.set(change.cluster, p);
    this.throttle.schedule();
  }

  private flush(): void {
    const batch = [...this.pending.values()].map(c => {
      // Deduplicate: one object changing 50 times in a window is one change.
      const seen = new Set<string>();
      const objects = c.objects.filter(o => {
        const k = `${o.kind}|${o.key}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
      return { ...c, objects };
    });
    this.pending = new Map();
    for (const l of this.listeners) {
      try {
        l(batch);
      } catch (e) {
        this.logger.warn(`change listener failed: ${(e as Error).message}`);
      }
    }
  }

  subscribe(listener: (changes: ClusterChange[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  listClusterNames(): string[] {
    return [...this.watchers.keys()];
  }

  getClusterStates(): ClusterState[] {
    return [...this.watchers.values()].map(w => w.getState());
  }

  getClusterState(cluster: string): ClusterState | undefined {
    return this.watchers.get(cluster)?.getState();
  }

  private watcher(cluster: string): ClusterWatcher {
    const w = this.watchers.get(cluster);
    if (!w) throw new NotFoundError(`no cluster named '${cluster}' is configured`);
    return w;
  }

  getObject(ref: ObjectRef): CachedObject | undefined {
    return this.watchers.get(ref.cluster)?.get(ref.kind, ref.namespace, ref.name);
  }

  listObjects(filter: {
    cluster?: string;
    kind?: string;
    namespace?: string;
    labelSelector?: string | LabelRequirement[];
  } = {}): CachedObject[] {
    const reqs =
      typeof filter.labelSelector === 'string'
        ? parseLabelSelector(filter.labelSelector)
        : filter.labelSelector;
    const watchers = filter.cluster
      ? [this.watchers.get(filter.cluster)].filter((w): w is ClusterWatcher => !!w)
      : [...this.watchers.values()];
    const kinds = filter.kind
      ? [filter.kind]
      : [...new Set(watchers.flatMap(w => w.getState().kinds.map(k => k.kind)))];
    const out: CachedObject[] = [];
    for (const w of watchers) {
      for (const kind of kinds) {
        for (const o of w.list(kind)) {
          if (filter.namespace !== undefined && o.namespace !== filter.namespace) continue;
          if (reqs && !matchesLabelSelector(reqs, o.labels)) continue;
          out.push(o);
        }
      }
    }
    return out;
  }

  getSettings(cluster?: string): PlatformSettings[] {
    const watchers = cluster
      ? [this.watchers.get(cluster)].filter((w): w is ClusterWatcher => !!w)
      : [...this.watchers.values()];
    return watchers.flatMap(w =>
      w.getSettings().map(s => ({ cluster: w.name, ...s })),
    );
  }

  private kindInfo(ref: ObjectRef): { def: WatchedKind; group: string; version: string } {
    const def = findWatchedKind(ref.kind);
    if (!def) throw new InputError(`kind '${ref.kind}' is not one the portal watches`);
    const w = this.watcher(ref.cluster);
    const apiVersion = w.apiVersionOf(ref.kind);
    if (!apiVersion) {
      throw new NotFoundError(
        `${ref.kind} is not installed (or not yet discovered) on cluster '${ref.cluster}'`,
      );
    }
    const [group, version] = apiVersion.split('/');
    return { def, group, version };
  }

  async mergePatch(ref: ObjectRef, patch: Record<string, unknown>): Promise<CachedObject> {
    const { def, group, version } = this.kindInfo(ref);
    if (!def.namespaced || !ref.namespace) {
      throw new InputError(`${ref.kind} objects are namespaced; a namespace is required`);
    }
    const w = this.watcher(ref.cluster);
    const api = w.kubeConfig.makeApiClient(CustomObjectsApi);
    let raw: KubeObject;
    try {
      // client-node 1.x sends JSON-patch by default; a merge patch needs its
      // content type set per call (kubernetes-client/javascript#2160).
      raw = await withRequestTimeout(
        this.config.watch.requestTimeoutMs,
        `patch of ${describeRef(ref)}`,
        undefined,
        options =>
          api.patchNamespacedCustomObject(
            {
              group,
              version,
              namespace: ref.namespace!,
              plural: def.plural,
              name: ref.name,
              body: patch,
            },
            setHeaderOptions('Content-Type', PatchStrategy.MergePatch, options),
          ),
      );
    } catch (e) {
      throw mapKubeError(e, ref.cluster, describeRef(ref));
    }
    return toCachedObject(ref.cluster, ref.kind, `${group}/${version}`, raw);
  }

  async getEvents(ref: ObjectRef): Promise<ObjectEvent[]> {
    const key = `${ref.cluster}|${ref.kind}|${ref.namespace ?? ''}|${ref.name}`;
    const now = this.now().getTime();
    const hit = this.eventsCache.get(key);
    if (hit && now - hit.at < this.config.watch.eventsCacheTtlMs) return hit.value;
    const value = this.fetchEvents(ref);
    this.eventsCache.set(key, { at: now, value });
    value.catch(() => this.eventsCache.delete(key));
    // Keep the cache small: drop expired entries now and then.
    if (this.eventsCache.size > 500) {
      for (const [k, v] of this.eventsCache) {
        if (now - v.at >= this.config.watch.eventsCacheTtlMs) this.eventsCache.delete(k);
      }
    }
    return value;
  }

  private async fetchEvents(ref: ObjectRef): Promise<ObjectEvent[]> {
    const w = this.watcher(ref.cluster);
    if (!w.definition.watchable) {
      throw mapKubeError(
        new Error(w.definition.notWatchableReason ?? 'not watchable'),
        ref.cluster,
        `events of ${describeRef(ref)}`,
      );
    }
    const core = w.kubeConfig.makeApiClient(CoreV1Api);
    const fieldSelector = [
      `involvedObject.kind=${ref.kind}`,
      `involvedObject.name=${ref.name}`,
      ...(ref.namespace ? [`involvedObject.namespace=${ref.namespace}`] : []),
    ].join(',');
    try {
      const list = await withRequestTimeout(
        this.config.watch.requestTimeoutMs,
        `events of ${describeRef(ref)}`,
        undefined,
        options =>
          ref.namespace
            ? core.listNamespacedEvent({ namespace: ref.namespace, fieldSelector }, options)
            : core.listEventForAllNamespaces({ fieldSelector }, options),
      );
      const iso = (d: unknown): string | undefined => {
        if (d instanceof Date) return d.toISOString();
        return typeof d === 'string' ? d : undefined;
      };
      const events: ObjectEvent[] = list.items.map(e => ({
        type: e.type ?? 'Normal',
        reason: e.reason ?? '',
        message: e.message ?? '',
        count: e.count,
        firstTimestamp: iso(e.firstTimestamp) ?? iso(e.eventTime),
        lastTimestamp:
          iso(e.lastTimestamp) ?? iso(e.eventTime) ?? iso(e.metadata?.creationTimestamp),
        involvedObject: {
          kind: e.involvedObject?.kind ?? ref.kind,
          namespace: e.involvedObject?.namespace,
          name: e.involvedObject?.name ?? ref.name,
        },
        source: e.source?.component ?? e.reportingComponent,
      }));
      events.sort((a, b) =>
        (b.lastTimestamp ?? '').localeCompare(a.lastTimestamp ?? ''),
      );
      return events;
    } catch (e) {
      throw mapKubeError(e, ref.cluster, `events of ${describeRef(ref)}`);
    }
  }

  waitFor(
    ref: ObjectRef,
    predicate: (o: CachedObject) => boolean,
    timeoutMs: number,
  ): Promise<{ matched: boolean; object?: CachedObject }> {
    return new Promise(resolve => {
      // Filled in below; the callbacks refer to each other.
      const h: { timer?: ReturnType<typeof setTimeout>; wake: () => void } = { wake: () => {} };
      const done = (r: { matched: boolean; object?: CachedObject }) => {
        clearTimeout(h.timer);
        this.waiters.delete(h.wake);
        resolve(r);
      };
      const check = (final: boolean) => {
        const o = this.getObject(ref);
        if (o && predicate(o)) done({ matched: true, object: o });
        else if (final) done({ matched: false, object: o });
      };
      h.wake = () => check(false);
      h.timer = setTimeout(() => check(true), timeoutMs);
      this.waiters.add(h.wake);
      check(false);
    });
  }
}

