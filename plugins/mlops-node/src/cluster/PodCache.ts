import type { LoggerService } from '@backstage/backend-plugin-api';
import { CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import {
  classifyPod,
  type KubeObject,
  type StatusResult,
} from '@mlops-portal/plugin-mlops-common';
import type {
  ClusterDefinition,
  WatchOptions,
} from '../config/readClusterConfig';
import { Backoff } from './backoff';
import type { DelayFn } from './ClusterWatcher';
import { kubeErrorMessage, kubeErrorStatus } from './errors';
import { buildKubeConfig } from './kubeConfig';
import { objectKey } from './summarize';
import { ChangeThrottle } from './changeThrottle';

/** One pod as kept in memory: identity, links and a classified status. @public */
export interface CachedPod {
  cluster: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  ownerReferences: Array<{ kind: string; name: string }>;
  /** Only what {@link @mlops-portal/plugin-mlops-common#classifyPod} and the trace read. */
  object: KubeObject;
  status: StatusResult;
}

/** The pods that changed on one cluster (keys `namespace/name`). @public */
export interface PodChange {
  cluster: string;
  keys: string[];
}

/** State of the pod watch of one cluster. @public */
export interface PodWatchState {
  cluster: string;
  state: 'starting' | 'watching' | 'error' | 'forbidden' | 'not-watchable';
  message?: string;
  count: number;
}

/** Options of {@link PodCache}. @public */
export interface PodCacheOptions {
  clusters: ClusterDefinition[];
  watch: WatchOptions;
  logger: LoggerService;
  buildKubeConfig?: (c: ClusterDefinition) => KubeConfig;
  delay?: DelayFn;
  random?: () => number;
}

const defaultDelay: DelayFn = (ms, signal) =>
  new Promise(resolve => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });

class GoneError extends Error {
  constructor() {
    super('resourceVersion too old (410 Gone)');
  }
}

function pick(src: any, keys: string[]): Record<string, unknown> | undefined {
  if (!src || typeof src !== 'object') return undefined;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (src[k] !== undefined) out[k] = src[k];
  return out;
}

function slimContainer(c: any) {
  return {
    name: c?.name,
    ready: c?.ready,
    restartCount: c?.restartCount,
    state: {
      ...(c?.state?.waiting ? { waiting: pick(c.state.waiting, ['reason', 'message']) } : {}),
      ...(c?.state?.terminated ? { terminated: pick(c.state.terminated, ['reason', 'exitCode']) } : {}),
      ...(c?.state?.running ? { running: {} } : {}),
    },
  };
}

/**
 * A pod reduced to what a trace shows (a full pod with its spec is ten times
 * the size): identity, labels, owners, phase, conditions and container states.
 * @public
 */
export function slimPod(raw: any): KubeObject {
  const m = raw?.metadata ?? {};
  const s = raw?.status ?? {};
  const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : d);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: iso(m.creationTimestamp) as string | undefined,
      ...(m.deletionTimestamp ? { deletionTimestamp: iso(m.deletionTimestamp) } : {}),
      labels: { ...(m.labels ?? {}) },
      ownerReferences: Array.isArray(m.ownerReferences)
        ? m.ownerReferences.map((r: any) => ({ kind: r?.kind, name: r?.name, controller: r?.controller }))
        : [],
    },
    spec: { nodeName: raw?.spec?.nodeName },
    status: {
      phase: s.phase,
      reason: s.reason,
      message: s.message,
      conditions: Array.isArray(s.conditions)
        ? s.conditions.map((c: any) => pick(c, ['type', 'status', 'reason', 'message']))
        : [],
      containerStatuses: Array.isArray(s.containerStatuses) ? s.containerStatuses.map(slimContainer) : [],
      initContainerStatuses: Array.isArray(s.initContainerStatuses) ? s.initContainerStatuses.map(slimContainer) : [],
    },
  };
}

/** Slims and classifies one pod of `cluster`. @public */
export function toCachedPod(cluster: string, raw: any): CachedPod {
  const object = slimPod(raw);
  return {
    cluster,
    namespace: object.metadata?.namespace ?? '',
    name: object.metadata?.name ?? '',
    labels: (object.metadata?.labels as Record<string, string>) ?? {},
    ownerReferences: ((object.metadata?.ownerReferences as any[]) ?? [])
      .filter(r => typeof r?.kind === 'string' && typeof r?.name === 'string')
      .map(r => ({ kind: r.kind, name: r.name })),
    object,
    status: classifyPod(object),
  };
}

interface ClusterPods {
  def: ClusterDefinition;
  kc?: KubeConfig;
  store: Map<string, CachedPod>;
  resourceVersion?: string;
  state: PodWatchState['state'];
  message?: string;
  abort?: AbortController;
}

/**
 * Pods of every watchable cluster, listed once and then watched from their
 * resourceVersion (bookmarks, relist on 410 Gone, backoff with jitter after
 * errors), as the cluster service watches the platform's kinds. Kept apart
 * from that service because pods are only needed by traces and are by far
 * the most numerous and most changing objects: a backend that does not
 * trace need not hold them. Changes reach listeners at most once per
 * `mlops.watch.changeBatchMs`, like the cluster service's (ChangeThrottle).
 * @public
 */
export class PodCache {
  private readonly clusters = new Map<string, ClusterPods>();
  private readonly listeners = new Set<(changes: PodChange[]) => void>();
  private readonly stopController = new AbortController();
  private readonly delay: DelayFn;
  private readonly random: () => number;
  private pending = new Map<string, Set<string>>();
  private readonly throttle: ChangeThrottle;

  constructor(private readonly options: PodCacheOptions) {
    this.delay = options.delay ?? defaultDelay;
    this.random = options.random ?? Math.random;
    this.throttle = new ChangeThrottle(options.watch.changeBatchMs, () => this.flush());
    const build = options.buildKubeConfig ?? buildKubeConfig;
    for (const def of options.clusters) {
      const entry: ClusterPods = { def, store: new Map(), state: def.watchable ? 'starting' : 'not-watchable' };
      if (def.watchable) {
        try {
          entry.kc = build(def);
        } catch (e) {
          entry.state = 'error';
          entry.message = `cannot build client: ${(e as Error).message}`;
        }
      } else {
        entry.message = def.notWatchableReason;
      }
      this.clusters.set(def.name, entry);
    }
  }

  start(): void {
    for (const c of this.clusters.values()) {
      if (c.kc) {
        this.run(c).catch(e =>
          this.options.logger.warn(`pod watch of cluster '${c.def.name}' stopped: ${(e as Error).message}`),
        );
      }
    }
  }

  stop(): void {
    this.stopController.abort();
    for (const c of this.clusters.values()) c.abort?.abort();
    this.throttle.stop();
  }

  private get stopped(): boolean {
    return this.stopController.signal.aborted;
  }

  /** Pods of one cluster, optionally of one namespace. */
  list(cluster: string, namespace?: string): CachedPod[] {
    const store = this.clusters.get(cluster)?.store;
    if (!store) return [];
    const all = [...store.values()];
    return namespace === undefined ? all : all.filter(p => p.namespace === namespace);
  }

  get(cluster: string, namespace: string, name: string): CachedPod | undefined {
    return this.clusters.get(cluster)?.store.get(objectKey(namespace, name));
  }

  states(): PodWatchState[] {
    return [...this.clusters.values()].map(c => ({
      cluster: c.def.name,
      state: c.state,
      message: c.message,
      count: c.store.size,
    }));
  }

  /** Batched pod changes; returns an unsubscribe function. */
  subscribe(listener: (changes: PodChange[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(cluster: string, keys: string[]): void {
    if (keys.length === 0) return;
    const set = this.pending.get(cluster) ?? new Set<string>();
    for (const k of keys) set.add(k);
    this.pending.set(cluster, set);
    this.throttle.schedule();
  }

  private flush(): void {
    const batch = [...this.pending].map(([cluster, keys]) => ({ cluster, keys: [...keys] }));
    this.pending = new Map();
    for (const l of this.listeners) {
      try {
        l(batch);
      } catch (e) {
        this.options.logger.warn(`pod change listener failed: ${(e as Error).message}`);
      }
    }
  }

  private async run(c: ClusterPods): Promise<void> {
    const opts = this.options.watch;
    const backoff = new Backoff(opts.initialBackoffMs, opts.maxBackoffMs, this.random);
    while (!this.stopped) {
      try {
        if (!c.resourceVersion) await this.relist(c);
        const progressed = await this.watch(c);
        if (progressed) backoff.reset();
      } catch (e) {
        if (this.stopped) return;
        if (e instanceof GoneError || kubeErrorStatus(e) === 410) {
          c.resourceVersion = undefined;
          continue;
        }
        const status = kubeErrorStatus(e);
        c.resourceVersion = undefined;
        c.state = status === 401 || status === 403 ? 'forbidden' : 'error';
        c.message = kubeErrorMessage(e);
        this.options.logger.debug(`pod watch of cluster '${c.def.name}' failed: ${c.message}`);
        await this.delay(backoff.next(), this.stopController.signal);
      }
    }
  }

  private async relist(c: ClusterPods): Promise<void> {
    const core = c.kc!.makeApiClient(CoreV1Api);
    const next = new Map<string, CachedPod>();
    let cont: string | undefined;
    let rv: string | undefined;
    do {
      const page = await core.listPodForAllNamespaces({ limit: this.options.watch.listPageSize, _continue: cont });
      for (const item of page.items ?? []) {
        const p = toCachedPod(c.def.name, item);
        next.set(objectKey(p.namespace, p.name), p);
      }
      cont = page.metadata?._continue;
      rv = page.metadata?.resourceVersion;
    } while (cont);
    const keys = new Set([...c.store.keys(), ...next.keys()]);
    const changed = [...keys].filter(
      k => c.store.get(k)?.object.metadata?.resourceVersion !== next.get(k)?.object.metadata?.resourceVersion,
    );
    c.store = next;
    c.resourceVersion = rv;
    c.state = 'watching';
    c.message = undefined;
    this.changed(c.def.name, changed);
  }

  /** One watch request; resolves when the server ends it (true if anything arrived). */
  private watch(c: ClusterPods): Promise<boolean> {
    const opts = this.options.watch;
    return new Promise<boolean>((resolve, reject) => {
      let progressed = false;
      let settled = false;
      let watchdog: ReturnType<typeof setTimeout> | undefined;
      const onStop = () => {
        c.abort?.abort();
        // eslint-disable-next-line @typescript-eslint/no-use-before-define -- the two refer to each other; called only after both exist
        finish();
      };
      const finish = (err?: unknown) => {
        if (settled) return;
        settled = true;
        if (watchdog) clearTimeout(watchdog);
        this.stopController.signal.removeEventListener('abort', onStop);
        if (err) reject(err);
        else resolve(progressed);
      };
      this.stopController.signal.addEventListener('abort', onStop, { once: true });
      new Watch(c.kc!)
        .watch(
          '/api/v1/pods',
          { allowWatchBookmarks: true, resourceVersion: c.resourceVersion, timeoutSeconds: opts.watchTimeoutSeconds },
          (type: string, obj: any) => {
            if (settled) return;
            if (type === 'ADDED' || type === 'MODIFIED') {
              const p = toCachedPod(c.def.name, obj);
              const key = objectKey(p.namespace, p.name);
              c.store.set(key, p);
              this.changed(c.def.name, [key]);
            } else if (type === 'DELETED') {
              const key = objectKey(obj?.metadata?.namespace, obj?.metadata?.name);
              c.store.delete(key);
              this.changed(c.def.name, [key]);
            } else if (type === 'ERROR') {
              c.abort?.abort();
              if (obj?.code === 410) finish(new GoneError());
              else finish(Object.assign(new Error(obj?.message ?? 'watch error'), { code: obj?.code }));
              return;
            }
            c.resourceVersion = obj?.metadata?.resourceVersion ?? c.resourceVersion;
            progressed = true;
          },
          err => {
            if (err && (err as any).name === 'AbortError') finish();
            else finish(err ?? undefined);
          },
        )
        .then(controller => {
          c.abort = controller;
          if (settled || this.stopped) {
            controller.abort();
            return;
          }
          // A half-open connection would never end: abort after the server
          // timeout plus a margin, and resume.
          watchdog = setTimeout(() => {
            controller.abort();
            finish();
          }, (opts.watchTimeoutSeconds + 30) * 1000);
          watchdog.unref?.();
        })
        .catch(finish);
    });
  }
}
