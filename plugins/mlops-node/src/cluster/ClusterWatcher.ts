import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ApisApi,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  Watch,
} from '@kubernetes/client-node';
import {
  WATCHED_KINDS,
  type ClusterConnection,
  type ClusterState,
  type KubeObject,
  type WatchedKind,
} from '@mlops-portal/plugin-mlops-common';
import type {
  ClusterDefinition,
  WatchOptions,
} from '../config/readClusterConfig';
import { Backoff } from './backoff';
import { kubeErrorMessage, kubeErrorStatus } from './errors';
import { objectKey, toCachedObject, type CachedObject } from './summarize';

/** State of one kind on one cluster. @public */
export type KindState = ClusterState['kinds'][number];

/** A change on one cluster: which objects (kind + key) were added/updated/deleted. @public */
export interface ClusterChange {
  cluster: string;
  objects: Array<{ kind: string; key: string }>;
  /** The platform settings ConfigMaps changed. */
  settings?: boolean;
  /** The connection or a kind's state changed. */
  state?: boolean;
}

/** Waits `ms`, or until the signal aborts. Injectable for tests. @public */
export type DelayFn = (ms: number, signal: AbortSignal) => Promise<void>;

const defaultDelay: DelayFn = (ms, signal) =>
  new Promise(resolve => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const h: { t?: ReturnType<typeof setTimeout> } = {};
    const onAbort = () => {
      clearTimeout(h.t);
      resolve();
    };
    h.t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** Options of {@link ClusterWatcher}. @public */
export interface ClusterWatcherOptions {
  definition: ClusterDefinition;
  kubeConfig: KubeConfig;
  options: WatchOptions;
  logger: LoggerService;
  onChange: (change: ClusterChange) => void;
  /** ConfigMaps with the platform settings. */
  settings?: Array<{ namespace: string; name: string }>;
  /** Defaults to WATCHED_KINDS. */
  kinds?: WatchedKind[];
  delay?: DelayFn;
  random?: () => number;
  now?: () => Date;
}

class GoneError extends Error {
  constructor() {
    super('resourceVersion too old (410 Gone)');
  }
}

/** Network-level failure (no HTTP status): the cluster did not answer. */
function isUnreachable(err: unknown): boolean {
  return kubeErrorStatus(err) === undefined;
}

interface KindWatch {
  def: WatchedKind;
  apiVersion?: string;
  state: KindState['state'];
  message?: string;
  unreachable: boolean;
  store: Map<string, CachedObject>;
  resourceVersion?: string;
  abort?: AbortController;
}

/**
 * Keeps an in-memory copy of every watched kind on one cluster: discovery
 * picks the newest served version the status rules understand, then each kind
 * is listed once and watched from its resourceVersion (with bookmarks), and
 * relisted only on 410 Gone — the list/watch pattern of client-go's reflector
 * and client-node's `ListWatch` (src/cache.ts), with backoff and jitter between
 * failed attempts. Only `slimObject` output is kept.
 * @public
 */
export class ClusterWatcher {
  readonly name: string;
  private readonly def: ClusterDefinition;
  private readonly kc: KubeConfig;
  private readonly opts: WatchOptions;
  private readonly logger: LoggerService;
  private readonly onChange: (c: ClusterChange) => void;
  private readonly delay: DelayFn;
  private readonly random: () => number;
  private readonly now: () => Date;
  private readonly kindDefs: WatchedKind[];
  private readonly settingsRefs: Array<{ namespace: string; name: string }>;
  private readonly kinds = new Map<string, KindWatch>();
  private readonly settings = new Map<string, Record<string, string>>();
  private readonly stopController = new AbortController();
  private connection: ClusterConnection = 'starting';
  private since: string;
  private lastError?: string;
  private discoveryError?: string;
  private running = false;

  constructor(o: ClusterWatcherOptions) {
    this.def = o.definition;
    this.name = o.definition.name;
    this.kc = o.kubeConfig;
    this.opts = o.options;
    this.logger = o.logger.child({ cluster: o.definition.name });
    this.onChange = o.onChange;
    this.delay = o.delay ?? defaultDelay;
    this.random = o.random ?? Math.random;
    this.now = o.now ?? (() => new Date());
    this.kindDefs = o.kinds ?? WATCHED_KINDS;
    this.settingsRefs = o.settings ?? [];
    this.since = this.now().toISOString();
    if (!o.definition.watchable) {
      this.connection = 'not-watchable';
      this.lastError = o.definition.notWatchableReason;
    }
  }

  /** Starts discovery and the watches in the background; never throws. */
  start(): void {
    if (this.running || !this.def.watchable) return;
    this.running = true;
    this.run().catch(e =>
      this.logger.error(`watcher stopped unexpectedly: ${kubeErrorMessage(e)}`),
    );
  }

  stop(): void {
    this.stopController.abort();
    for (const k of this.kinds.values()) k.abort?.abort();
  }

  private get stopped(): boolean {
    return this.stopController.signal.aborted;
  }

  /** The cluster's state as shown in answers (no credentials). */
  getState(): ClusterState {
    return {
      name: this.def.name,
      title: this.def.title,
      simulated: this.def.simulated,
      connection: this.connection,
      since: this.since,
      lastError: this.lastError,
      kinds: [...this.kinds.values()].map(k => ({
        kind: k.def.kind,
        apiVersion: k.apiVersion,
        state: k.state,
        message: k.message,
        count: k.store.size,
      })),
    };
  }

  /** All cached objects of one kind (empty if not watched). */
  list(kind: string): Iterable<CachedObject> {
    return this.kinds.get(kind)?.store.values() ?? [];
  }

  get(kind: string, namespace: string | undefined, name: string): CachedObject | undefined {
    return this.kinds.get(kind)?.store.get(objectKey(namespace, name));
  }

  /** Served apiVersion of a kind, if it is installed. */
  apiVersionOf(kind: string): string | undefined {
    return this.kinds.get(kind)?.apiVersion;
  }

  getSettings(): Array<{ namespace: string; name: string; values: Record<string, string> }> {
    return [...this.settings.entries()].map(([key, values]) => {
      const [namespace, name] = key.split('/');
      return { namespace, name, values };
    });
  }

  get kubeConfig(): KubeConfig {
    return this.kc;
  }

  get definition(): ClusterDefinition {
    return this.def;
  }

  private setConnection(): void {
    let next: ClusterConnection;
    const kinds = [...this.kinds.values()].filter(
      k => k.state !== 'not-installed',
    );
    if (this.discoveryError !== undefined) {
      next = 'unreachable';
    } else if (kinds.length === 0 && this.kinds.size === 0) {
      next = 'starting';
    } else if (kinds.length > 0 && kinds.every(k => k.unreachable)) {
      next = 'unreachable';
    } else if (kinds.some(k => k.state === 'error' || k.state === 'forbidden')) {
      next = 'degraded';
    } else if (kinds.some(k => k.state === 'listing')) {
      next = this.connection === 'starting' ? 'starting' : this.connection;
    } else {
      next = 'connected';
    }
    if (next !== this.connection) {
      this.logger.info(
        `cluster ${this.name}: ${this.connection} → ${next}${this.lastError ? ` (${this.lastError})` : ''}`,
      );
      this.connection = next;
      this.since = this.now().toISOString();
      this.onChange({ cluster: this.name, objects: [], state: true });
    }
  }

  private async run(): Promise<void> {
    const backoff = new Backoff(
      this.opts.initialBackoffMs,
      this.opts.maxBackoffMs,
      this.random,
    );
    // Discovery, retried until it works: until then the cluster is unreachable.
    let served: Map<string, { apiVersion: string }>;
    for (;;) {
      if (this.stopped) return;
      try {
        served = await this.discover();
        this.discoveryError = undefined;
        break;
      } catch (e) {
        this.discoveryError = `discovery: ${kubeErrorMessage(e)}`;
        this.lastError = this.discoveryError;
        this.setConnection();
        await this.delay(backoff.next(), this.stopController.signal);
      }
    }
    for (const def of this.kindDefs) {
      const found = served.get(def.kind);
      const kw: KindWatch = {
        def,
        apiVersion: found?.apiVersion,
        state: found ? 'listing' : 'not-installed',
        message: found
          ? undefined
          : `no served version of ${def.group} (${def.versions.join(', ')}) has ${def.plural}`,
        unreachable: false,
        store: new Map(),
      };
      this.kinds.set(def.kind, kw);
    }
    this.setConnection();
    const loops = [...this.kinds.values()]
      .filter(k => k.state !== 'not-installed')
      .map(k => this.runKind(k));
    loops.push(this.runSettings());
    loops.push(this.rediscoverLoop(loops));
    await Promise.all(loops);
  }

  /** Runs discovery again now and then; starts watching kinds that appeared. */
  private async rediscoverLoop(loops: Promise<void>[]): Promise<void> {
    while (!this.stopped) {
      await this.delay(this.opts.rediscoverySeconds * 1000, this.stopController.signal);
      if (this.stopped) return;
      try {
        const served = await this.discover();
        for (const kw of this.kinds.values()) {
          const found = served.get(kw.def.kind);
          if (kw.state === 'not-installed' && found) {
            this.logger.info(`${kw.def.kind} is now served as ${found.apiVersion}; watching it`);
            kw.apiVersion = found.apiVersion;
            kw.state = 'listing';
            kw.message = undefined;
            loops.push(this.runKind(kw));
          }
        }
      } catch (e) {
        this.logger.debug(`rediscovery failed: ${kubeErrorMessage(e)}`);
      }
    }
  }

  /**
   * Per kind, the newest version listed in WATCHED_KINDS that the cluster
   * serves and whose resource list has the plural (so a group served for
   * other kinds, without this CRD, reads as not installed).
   */
  private async discover(): Promise<Map<string, { apiVersion: string }>> {
    const apis = this.kc.makeApiClient(ApisApi);
    const custom = this.kc.makeApiClient(CustomObjectsApi);
    const groups = await apis.getAPIVersions();
    const servedVersions = new Map<string, Set<string>>();
    for (const g of groups.groups ?? []) {
      servedVersions.set(g.name, new Set((g.versions ?? []).map(v => v.version)));
    }
    const resourceLists = new Map<string, Promise<Set<string>>>();
    const resourcesOf = (group: string, version: string) => {
      const key = `${group}/${version}`;
      let p = resourceLists.get(key);
      if (!p) {
        p = custom
          .getAPIResources({ group, version })
          .then(l => new Set((l.resources ?? []).map(r => r.name)))
          .catch(e => {
            if (kubeErrorStatus(e) === 404) return new Set<string>();
            throw e;
          });
        resourceLists.set(key, p);
      }
      return p;
    };
    const result = new Map<string, { apiVersion: string }>();
    for (const def of this.kindDefs) {
      const versions = servedVersions.get(def.group);
      if (!versions) continue;
      for (const v of def.versions) {
        if (!versions.has(v)) continue;
        if ((await resourcesOf(def.group, v)).has(def.plural)) {
          result.set(def.kind, { apiVersion: `${def.group}/${v}` });
          break;
        }
      }
    }
    return result;
  }

  private async runKind(kw: KindWatch): Promise<void> {
    const backoff = new Backoff(
      this.opts.initialBackoffMs,
      this.opts.maxBackoffMs,
      this.random,
    );
    const [group, version] = kw.apiVersion!.split('/');
    const plural = kw.def.plural;
    while (!this.stopped) {
      try {
        if (!kw.resourceVersion) {
          await this.listKind(kw, group, version, plural);
        }
        const progressed = await this.watchKind(
          kw,
          `/apis/${group}/${version}/${plural}`,
          {},
          obj => toCachedObject(this.name, kw.def.kind, kw.apiVersion!, obj),
          undefined,
          () => {
            if (kw.state !== 'watching') {
              kw.state = 'watching';
              kw.message = undefined;
              kw.unreachable = false;
              this.setConnection();
            }
          },
        );
        if (progressed) backoff.reset();
        // A watch that ends normally (server timeout) resumes from the last
        // resourceVersion at once.
      } catch (e) {
        if (this.stopped) return;
        if (e instanceof GoneError || kubeErrorStatus(e) === 410) {
          // The resourceVersion expired: relist (client-go reflector does the same).
          this.logger.debug(`${kw.def.kind}: 410 Gone, relisting`);
          kw.resourceVersion = undefined;
          continue;
        }
        const status = kubeErrorStatus(e);
        const message = kubeErrorMessage(e);
        if (status === 404) {
          // The CRD went away: stop, until rediscovery finds it again.
          const removed = [...kw.store.keys()].map(key => ({ kind: kw.def.kind, key }));
          kw.store = new Map();
          kw.resourceVersion = undefined;
          kw.state = 'not-installed';
          kw.message = `${kw.apiVersion} ${plural} is no longer served`;
          kw.unreachable = false;
          this.setConnection();
          this.onChange({ cluster: this.name, objects: removed, state: true });
          return;
        }
        // After a failure, relist rather than resume: the API server sends a
        // watch's headers only with its first event, so a quiet resumed watch
        // could never prove the kind healthy again (client-node's ListWatch
        // relists after every watch error as well).
        kw.resourceVersion = undefined;
        kw.unreachable = isUnreachable(e);
        kw.state = status === 403 || status === 401 ? 'forbidden' : 'error';
        kw.message = message;
        this.lastError = `${kw.def.kind}: ${message}`;
        this.logger.warn(`watch of ${kw.def.kind} failed: ${message}`);
        this.setConnection();
        this.onChange({ cluster: this.name, objects: [], state: true });
        await this.delay(backoff.next(), this.stopController.signal);
      }
    }
  }

  private async listKind(
    kw: KindWatch,
    group: string,
    version: string,
    plural: string,
  ): Promise<void> {
    const custom = this.kc.makeApiClient(CustomObjectsApi);
    const next = new Map<string, CachedObject>();
    let cont: string | undefined;
    let rv: string | undefined;
    do {
      const page: any = await custom.listClusterCustomObject({
        group,
        version,
        plural,
        limit: this.opts.listPageSize,
        _continue: cont,
      });
      for (const item of page.items ?? []) {
        const c = toCachedObject(this.name, kw.def.kind, kw.apiVersion!, item);
        next.set(objectKey(c.namespace, c.name), c);
      }
      cont = page.metadata?._continue ?? page.metadata?.continue;
      rv = page.metadata?.resourceVersion;
    } while (cont);
    const changed: Array<{ kind: string; key: string }> = [];
    for (const key of kw.store.keys()) {
      if (!next.has(key)) changed.push({ kind: kw.def.kind, key });
    }
    for (const [key, c] of next) {
      const old = kw.store.get(key);
      if (old?.object.metadata?.resourceVersion !== c.object.metadata?.resourceVersion) {
        changed.push({ kind: kw.def.kind, key });
      }
    }
    kw.store = next;
    kw.resourceVersion = rv;
    kw.state = 'watching';
    kw.message = undefined;
    kw.unreachable = false;
    this.setConnection();
    this.onChange({ cluster: this.name, objects: changed, state: true });
  }

  /**
   * One watch request from kw.resourceVersion. Resolves when the server ends
   * it (true if any event arrived), rejects on error or 410.
   */
  private watchKind(
    kw: { resourceVersion?: string; store: Map<string, CachedObject>; def: { kind: string }; abort?: AbortController },
    path: string,
    query: Record<string, string>,
    convert: (o: KubeObject) => CachedObject,
    onEvent?: () => void,
    onConnected?: () => void,
  ): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      let progressed = false;
      let settled = false;
      // client-node's Watch sets no timeout of its own: a silent half-open
      // connection would hang forever, so we abort after the server-side
      // timeout plus a margin.
      let watchdog: ReturnType<typeof setTimeout> | undefined;
      let onStop: () => void = () => {};
      const finish = (err?: unknown) => {
        if (settled) return;
        settled = true;
        if (watchdog) clearTimeout(watchdog);
        this.stopController.signal.removeEventListener('abort', onStop);
        if (err) reject(err);
        else resolve(progressed);
      };
      onStop = () => {
        kw.abort?.abort();
        finish();
      };
      this.stopController.signal.addEventListener('abort', onStop, { once: true });
      new Watch(this.kc)
        .watch(
          path,
          {
            ...query,
            allowWatchBookmarks: true,
            resourceVersion: kw.resourceVersion,
            timeoutSeconds: this.opts.watchTimeoutSeconds,
          },
          (type: string, obj: any) => {
            if (settled) return;
            switch (type) {
              case 'ADDED':
              case 'MODIFIED': {
                const c = convert(obj);
                const key = objectKey(c.namespace, c.name);
                kw.store.set(key, c);
                kw.resourceVersion = obj?.metadata?.resourceVersion ?? kw.resourceVersion;
                progressed = true;
                this.onChange({ cluster: this.name, objects: [{ kind: kw.def.kind, key }] });
                break;
              }
              case 'DELETED': {
                const key = objectKey(obj?.metadata?.namespace || undefined, obj?.metadata?.name);
                kw.store.delete(key);
                kw.resourceVersion = obj?.metadata?.resourceVersion ?? kw.resourceVersion;
                progressed = true;
                this.onChange({ cluster: this.name, objects: [{ kind: kw.def.kind, key }] });
                break;
              }
              case 'BOOKMARK':
                kw.resourceVersion = obj?.metadata?.resourceVersion ?? kw.resourceVersion;
                progressed = true;
                break;
              case 'ERROR':
                // A Status object; 410 means our resourceVersion is too old.
                kw.abort?.abort();
                if (obj?.code === 410) finish(new GoneError());
                else
                  finish(
                    Object.assign(new Error(obj?.message ?? 'watch error'), {
                      code: obj?.code,
                    }),
                  );
                return;
              default:
                break;
            }
            onEvent?.();
          },
          err => {
            if (err && (err as any).name === 'AbortError') finish();
            else finish(err ?? undefined);
          },
        )
        .then(controller => {
          kw.abort = controller;
          if (settled || this.stopped) {
            controller.abort();
            return;
          }
          onConnected?.();
          watchdog = setTimeout(() => {
            controller.abort();
            finish();
          }, (this.opts.watchTimeoutSeconds + 30) * 1000);
          watchdog.unref?.();
        })
        .catch(finish);
    });
  }

  /** Lists and watches the platform settings ConfigMaps (one namespace each). */
  private async runSettings(): Promise<void> {
    if (this.settingsRefs.length === 0) return;
    const core = this.kc.makeApiClient(CoreV1Api);
    const backoff = new Backoff(
      this.opts.initialBackoffMs,
      this.opts.maxBackoffMs,
      this.random,
    );
    await Promise.all(
      this.settingsRefs.map(async ref => {
        const key = `${ref.namespace}/${ref.name}`;
        const fieldSelector = `metadata.name=${ref.name}`;
        const store = new Map<string, CachedObject>();
        const state: {
          resourceVersion?: string;
          store: Map<string, CachedObject>;
          def: { kind: string };
          abort?: AbortController;
        } = { store, def: { kind: 'ConfigMap' } };
        const apply = () => {
          const cm = [...store.values()][0];
          if (cm) this.settings.set(key, { ...((cm.object as any).data ?? {}) });
          else this.settings.delete(key);
          this.onChange({ cluster: this.name, objects: [], settings: true });
        };
        while (!this.stopped) {
          try {
            if (!state.resourceVersion) {
              const list = await core.listNamespacedConfigMap({
                namespace: ref.namespace,
                fieldSelector,
              });
              store.clear();
              for (const item of list.items) {
                const entry = this.configMapEntry(item as any);
                store.set(objectKey(entry.namespace, entry.name), entry);
              }
              state.resourceVersion = list.metadata?.resourceVersion;
              apply();
            }
            await this.watchKind(
              state,
              `/api/v1/namespaces/${ref.namespace}/configmaps`,
              { fieldSelector },
              o => this.configMapEntry(o),
              apply,
            );
          } catch (e) {
            if (this.stopped) return;
            if (e instanceof GoneError || kubeErrorStatus(e) === 410) {
              state.resourceVersion = undefined;
              continue;
            }
            this.logger.debug(`settings ConfigMap ${key}: ${kubeErrorMessage(e)}`);
            await this.delay(backoff.next(), this.stopController.signal);
          }
        }
      }),
    );
  }

  private configMapEntry(o: any): CachedObject {
    // ConfigMaps are not status objects: keep only name and data.
    const object: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: o?.metadata?.name,
        namespace: o?.metadata?.namespace,
        resourceVersion: o?.metadata?.resourceVersion,
      },
      data: o?.data ?? {},
    };
    return {
      cluster: this.name,
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: o?.metadata?.namespace,
      name: o?.metadata?.name ?? '',
      labels: {},
      object,
      summary: undefined as any,
    };
  }
}
