import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ApisApi,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  VersionApi,
  type ConfigurationOptions,
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
import { isClusterTimeout, kubeErrorMessage, kubeErrorStatus } from './errors';
import { withRequestTimeout } from './requestTimeout';
import { watchStream, type WatchStreamEnd } from './watchStream';
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

/** How a kind's last request failed: at the HTTP level, or no answer at all. */
type Failure = 'http' | 'network' | 'timeout';

function failureOf(err: unknown): Failure {
  if (isClusterTimeout(err)) return 'timeout';
  // No HTTP status: refused, reset, DNS, TLS — the cluster did not answer.
  return kubeErrorStatus(err) === undefined ? 'network' : 'http';
}

/** A watch that ends this soon with no event is a failure, not a normal end (as client-go's reflector). */
const SHORT_WATCH_MS = 1000;

interface KindWatch {
  def: WatchedKind;
  apiVersion?: string;
  state: KindState['state'];
  message?: string;
  failure?: Failure;
  /** Last time a list answered or the watch delivered an event or bookmark (ms). */
  lastHeard?: number;
  /** Watches in a row that the liveness rule ended without any event. */
  silentStreak: number;
  store: Map<string, CachedObject>;
  resourceVersion?: string;
}

/**
 * Keeps an in-memory copy of every watched kind on one cluster: discovery
 * picks the newest served version the status rules understand, then each kind
 * is listed once and watched from its resourceVersion (with bookmarks) — the
 * list/watch pattern of client-go's reflector and client-node's `ListWatch`
 * (src/cache.ts). Every request has a deadline (`requestTimeoutMs`); a watch
 * that hears nothing for `watchLivenessMs` is aborted and resumed from its
 * resourceVersion; a failed watch is resumed (not relisted) after a backoff
 * with jitter; 410 Gone relists, also after a backoff with jitter
 * (`relistInitialBackoffMs` … `relistMaxBackoffMs`), so a 410 storm cannot
 * become a relist loop. Only `slimObject` output is kept.
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
  /** Aborted (and replaced) when the cluster answers again: failed kinds retry at once. */
  private wake = new AbortController();
  private connection: ClusterConnection = 'starting';
  private since: string;
  private lastError?: string;
  private recentError?: { message: string; at: string };
  private discoveryFailure?: Failure;
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
  }

  private get stopped(): boolean {
    return this.stopController.signal.aborted;
  }

  /** A failure backoff ends early on stop, or when the cluster answers again. */
  private backoffSignal(): AbortSignal {
    return AbortSignal.any([this.stopController.signal, this.wake.signal]);
  }

  private wakeUp(): void {
    const w = this.wake;
    this.wake = new AbortController();
    w.abort();
  }

  /**
   * While the whole cluster is silent or unreachable, one cheap request
   * (`/version`) every few seconds: when it answers, every kind waiting in a
   * failure backoff (up to maxBackoffMs) retries at once, so recovery after
   * an outage takes seconds, not the backoff cap. One request per cluster,
   * not one per kind.
   */
  private async runProbe(): Promise<void> {
    const version = this.kc.makeApiClient(VersionApi);
    const interval = Math.min(5000, Math.max(1000, this.opts.initialBackoffMs));
    while (!this.stopped) {
      await defaultDelay(interval, this.stopController.signal);
      if (this.stopped) return;
      if (this.connection !== 'silent' && this.connection !== 'unreachable') continue;
      try {
        await this.call('health probe', o => version.getCode({}, o));
        this.logger.info(`cluster ${this.name} answers again; retrying its watches now`);
        this.wakeUp();
      } catch {
        // Still down: the kinds' own errors say why.
      }
    }
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
      recentError: this.recentError ? { ...this.recentError } : undefined,
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

  /** One call to this cluster under `requestTimeoutMs`, aborted on stop. */
  private call<T>(what: string, fn: (options: ConfigurationOptions) => Promise<T>): Promise<T> {
    return withRequestTimeout(this.opts.requestTimeoutMs, what, this.stopController.signal, fn);
  }

  private recordError(message: string): void {
    this.lastError = message;
    this.recentError = { message, at: this.now().toISOString() };
  }

  private setConnection(): void {
    let next: ClusterConnection;
    let since: string | undefined;
    const active = [...this.kinds.values()].filter(k => k.state !== 'not-installed');
    const noAnswer = (k: KindWatch) => k.failure === 'network' || k.failure === 'timeout';
    const silentSince = (ks: KindWatch[]) => {
      // The data is as old as the last time the cluster spoke.
      const heard = ks.map(k => k.lastHeard).filter((t): t is number => t !== undefined);
      return heard.length ? new Date(Math.min(...heard)).toISOString() : undefined;
    };
    if (this.discoveryFailure !== undefined) {
      next = this.discoveryFailure === 'timeout' ? 'silent' : 'unreachable';
    } else if (this.kinds.size === 0) {
      next = 'starting';
    } else if (active.length > 0 && active.every(noAnswer)) {
      // Refused or reset somewhere: unreachable; only timeouts: silent.
      next = active.some(k => k.failure === 'network') ? 'unreachable' : 'silent';
      if (next === 'silent') since = silentSince(active);
    } else if (active.some(k => k.state === 'silent')) {
      next = 'silent';
      since = silentSince(active.filter(k => k.state === 'silent'));
    } else if (active.some(k => k.state === 'error' || k.state === 'forbidden')) {
      next = 'degraded';
    } else if (active.some(k => k.state === 'listing')) {
      next = this.connection === 'starting' ? 'starting' : this.connection;
    } else {
      next = 'connected';
    }
    if (next !== this.connection) {
      this.logger.info(
        `cluster ${this.name}: ${this.connection} → ${next}${this.lastError ? ` (${this.lastError})` : ''}`,
      );
      this.connection = next;
      this.since = since ?? this.now().toISOString();
      // Back to normal: the error is history (kept in recentError).
      if (next === 'connected') this.lastError = undefined;
      this.onChange({ cluster: this.name, objects: [], state: true });
    }
  }

  private async run(): Promise<void> {
    const backoff = new Backoff(
      this.opts.initialBackoffMs,
      this.opts.maxBackoffMs,
      this.random,
    );
    // Discovery, retried until it works: until then the cluster is unreachable (or silent).
    let served: Map<string, { apiVersion: string }>;
    for (;;) {
      if (this.stopped) return;
      try {
        served = await this.discover();
        this.discoveryFailure = undefined;
        break;
      } catch (e) {
        if (this.stopped) return;
        this.discoveryFailure = failureOf(e);
        this.recordError(`discovery: ${kubeErrorMessage(e)}`);
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
        silentStreak: 0,
        store: new Map(),
      };
      this.kinds.set(def.kind, kw);
    }
    this.setConnection();
    const loops = [...this.kinds.values()]
      .filter(k => k.state !== 'not-installed')
      .map(k => this.runKind(k));
    loops.push(this.runSettings());
    loops.push(this.runProbe());
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
    const groups = await this.call('discovery of API groups', o => apis.getAPIVersions({}, o));
    const servedVersions = new Map<string, Set<string>>();
    for (const g of groups.groups ?? []) {
      servedVersions.set(g.name, new Set((g.versions ?? []).map(v => v.version)));
    }
    const resourceLists = new Map<string, Promise<Set<string>>>();
    const resourcesOf = (group: string, version: string) => {
      const key = `${group}/${version}`;
      let p = resourceLists.get(key);
      if (!p) {
        p = this.call(`discovery of ${key}`, o => custom.getAPIResources({ group, version }, o))
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
    // Failed requests and expired resourceVersions back off separately, each
    // exponential with full jitter; both start over once a watch delivers.
    const backoff = new Backoff(this.opts.initialBackoffMs, this.opts.maxBackoffMs, this.random);
    const relistBackoff = new Backoff(
      this.opts.relistInitialBackoffMs,
      this.opts.relistMaxBackoffMs,
      this.random,
    );
    const [group, version] = kw.apiVersion!.split('/');
    const plural = kw.def.plural;
    const markWatching = () => {
      if (kw.state !== 'watching' || kw.failure) {
        // This kind got through after a failure: the others need not wait out their backoff.
        if (kw.failure === 'network' || kw.failure === 'timeout') this.wakeUp();
        kw.state = 'watching';
        kw.message = undefined;
        kw.failure = undefined;
        this.setConnection();
      }
    };
    while (!this.stopped) {
      try {
        if (!kw.resourceVersion) {
          await this.listKind(kw, group, version, plural);
        }
        const started = Date.now();
        let confirm: ReturnType<typeof setTimeout> | undefined;
        const end = await this.watchOnce(
          kw,
          `/apis/${group}/${version}/${plural}`,
          {},
          obj => toCachedObject(this.name, kw.def.kind, kw.apiVersion!, obj),
          () => {
            kw.silentStreak = 0;
            markWatching();
          },
          () => {
            // Established: the cluster answers again, unless its watches
            // keep going silent (then only an event clears it). During a
            // 410 storm the server answers 200 and then the 410 event, so
            // only a watch that stays open proves the storm over.
            if (kw.silentStreak >= 2) return;
            if (relistBackoff.attempts <= 2) {
              markWatching();
              return;
            }
            confirm = setTimeout(() => {
              relistBackoff.reset();
              markWatching();
            }, SHORT_WATCH_MS);
            confirm.unref?.();
          },
        ).finally(() => clearTimeout(confirm));
        if (end.ended === 'stopped') return;
        if (end.events > 0) {
          backoff.reset();
          relistBackoff.reset();
        }
        if (end.ended === 'silent') {
          kw.silentStreak = end.events > 0 ? 1 : kw.silentStreak + 1;
          if (kw.silentStreak >= 2) {
            // Answered, then silent again: stuck, or only quiet? A real API
            // server sends a kind's bookmarks only as far as etcd reports
            // progress, so a kind nobody changes can be silent for minutes
            // (seen on the real-cluster tier). Silence is a fault only when
            // the kind changed meanwhile or the check gets no answer.
            const missed = await this.changedSinceWatched(kw, group, version, plural);
            if (this.stopped) return;
            if (missed) {
              this.markSilent(kw, `no event or bookmark for ${this.opts.watchLivenessMs} ms, ${missed}`);
            } else {
              // Quiet, not stuck: check again after the next silent watch.
              kw.silentStreak = 1;
              kw.lastHeard = Date.now();
              markWatching();
            }
          }
          this.logger.debug(`${kw.def.kind}: watch silent for ${this.opts.watchLivenessMs} ms, reconnecting`);
          // Resume from the last resourceVersion at once.
          continue;
        }
        if (end.events === 0 && Date.now() - started < SHORT_WATCH_MS) {
          // A server that closes every watch at once must not make a request loop.
          throw Object.assign(new Error('the watch closed at once without events'), { code: 500 });
        }
        // A watch that ends normally (server timeout) resumes from the last resourceVersion.
      } catch (e) {
        if (this.stopped) return;
        const status = kubeErrorStatus(e);
        if (status === 410) {
          // The resourceVersion expired: relist, as the reflector does, after
          // a backoff so that a server answering 410 to everything is not
          // hammered with lists (client-go: 800 ms … 30 s, jitter 1.0).
          kw.resourceVersion = undefined;
          const ms = relistBackoff.next();
          this.logger.debug(`${kw.def.kind}: 410 Gone, relisting in ${ms} ms`);
          if (relistBackoff.attempts > 2) {
            kw.state = 'error';
            kw.failure = 'http';
            kw.message = `resourceVersion keeps expiring (410 Gone); relisting with backoff`;
            this.recordError(`${kw.def.kind}: ${kw.message}`);
            this.setConnection();
          }
          await this.delay(ms, this.stopController.signal);
          continue;
        }
        const message = kubeErrorMessage(e);
        if (status === 404) {
          // The CRD went away: stop, until rediscovery finds it again.
          const removed = [...kw.store.keys()].map(key => ({ kind: kw.def.kind, key }));
          kw.store = new Map();
          kw.resourceVersion = undefined;
          kw.state = 'not-installed';
          kw.message = `${kw.apiVersion} ${plural} is no longer served`;
          kw.failure = undefined;
          this.setConnection();
          this.onChange({ cluster: this.name, objects: removed, state: true });
          return;
        }
        // Keep the resourceVersion: the next watch resumes from it and gets
        // what was missed (or 410, then a relist), as client-go does after a
        // refused connection. Our watch knows when it is established, so a
        // quiet resumed watch still proves the kind healthy.
        kw.failure = failureOf(e);
        if (kw.failure === 'timeout') {
          this.markSilent(kw, message);
        } else {
          kw.state = status === 403 || status === 401 ? 'forbidden' : 'error';
          kw.message = message;
          this.recordError(`${kw.def.kind}: ${message}`);
          this.logger.warn(`watch of ${kw.def.kind} failed: ${message}`);
          this.setConnection();
        }
        this.onChange({ cluster: this.name, objects: [], state: true });
        await this.delay(backoff.next(), this.backoffSignal());
      }
    }
  }

  /**
   * Whether a kind changed on the server while its watch delivered nothing:
   * one list of a single object (answered by the API server, not the open
   * watch) is compared with the cached copy, by the number of objects
   * (`remainingItemCount`) and the first object's resourceVersion. Says how
   * it differs (or that the list got no answer); undefined when the copy is
   * still current, i.e. the kind is only quiet.
   */
  private async changedSinceWatched(
    kw: KindWatch,
    group: string,
    version: string,
    plural: string,
  ): Promise<string | undefined> {
    const custom = this.kc.makeApiClient(CustomObjectsApi);
    let page: any;
    try {
      page = await this.call(`list of ${plural}.${group}`, o =>
        custom.listClusterCustomObject({ group, version, plural, limit: 1 }, o),
      );
    } catch (e) {
      return `and a list to check it failed: ${kubeErrorMessage(e)}`;
    }
    const items: KubeObject[] = page?.items ?? [];
    const more = page?.metadata?.remainingItemCount;
    if (typeof more === 'number' && items.length + more !== kw.store.size) {
      return `while the server holds ${items.length + more} ${plural} and the watch ${kw.store.size}`;
    }
    if (items.length === 0) {
      return kw.store.size === 0 ? undefined : `while the server holds no ${plural} and the watch ${kw.store.size}`;
    }
    const first = items[0];
    const key = objectKey(first.metadata?.namespace || undefined, first.metadata?.name ?? '');
    if (kw.store.get(key)?.object.metadata?.resourceVersion !== first.metadata?.resourceVersion) {
      return `while ${key} changed on the server`;
    }
    return undefined;
  }

  private markSilent(kw: KindWatch, message: string): void {
    const changed = kw.state !== 'silent';
    kw.state = 'silent';
    kw.failure = kw.failure ?? 'timeout';
    kw.message = message;
    this.recordError(`${kw.def.kind}: ${message}`);
    if (changed) this.logger.warn(`${kw.def.kind} is silent: ${message}`);
    this.setConnection();
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
      const request = { group, version, plural, limit: this.opts.listPageSize, _continue: cont };
      const page: any = await this.call(`list of ${plural}.${group}`, o =>
        custom.listClusterCustomObject(request, o),
      );
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
    kw.lastHeard = Date.now();
    if (kw.state === 'listing') {
      // First list: the kind is served. Later, an established watch (or an
      // event) says the kind is healthy again, not a list alone.
      kw.state = 'watching';
      kw.message = undefined;
      kw.failure = undefined;
      this.setConnection();
    }
    this.onChange({ cluster: this.name, objects: changed, state: true });
  }

  /**
   * One watch request from kw.resourceVersion, under the connect deadline and
   * the liveness rule (see watchStream). Applies events to kw.store.
   */
  private watchOnce(
    kw: { resourceVersion?: string; store: Map<string, CachedObject>; def: { kind: string }; lastHeard?: number },
    path: string,
    query: Record<string, string>,
    convert: (o: KubeObject) => CachedObject,
    onEvent?: () => void,
    onConnected?: () => void,
  ): Promise<WatchStreamEnd> {
    return watchStream({
      kubeConfig: this.kc,
      path,
      query: {
        ...query,
        allowWatchBookmarks: true,
        resourceVersion: kw.resourceVersion,
        // Spread over [t, 2t) so that watches do not all restart together
        // (client-go's reflector does the same with minWatchTimeout).
        timeoutSeconds: Math.round(this.opts.watchTimeoutSeconds * (1 + this.random())),
      },
      connectTimeoutMs: this.opts.requestTimeoutMs,
      livenessMs: this.opts.watchLivenessMs,
      signal: this.stopController.signal,
      onConnected,
      onEvent: (type, obj) => {
        kw.lastHeard = Date.now();
        switch (type) {
          case 'ADDED':
          case 'MODIFIED': {
            const c = convert(obj);
            const key = objectKey(c.namespace, c.name);
            kw.store.set(key, c);
            kw.resourceVersion = obj?.metadata?.resourceVersion ?? kw.resourceVersion;
            this.onChange({ cluster: this.name, objects: [{ kind: kw.def.kind, key }] });
            break;
          }
          case 'DELETED': {
            const key = objectKey(obj?.metadata?.namespace || undefined, obj?.metadata?.name);
            kw.store.delete(key);
            kw.resourceVersion = obj?.metadata?.resourceVersion ?? kw.resourceVersion;
            this.onChange({ cluster: this.name, objects: [{ kind: kw.def.kind, key }] });
            break;
          }
          case 'BOOKMARK':
            kw.resourceVersion = obj?.metadata?.resourceVersion ?? kw.resourceVersion;
            break;
          default:
            break;
        }
        onEvent?.();
      },
    });
  }

  /** Lists and watches the platform settings ConfigMaps (one namespace each). */
  private async runSettings(): Promise<void> {
    if (this.settingsRefs.length === 0) return;
    const core = this.kc.makeApiClient(CoreV1Api);
    await Promise.all(
      this.settingsRefs.map(async ref => {
        const backoff = new Backoff(this.opts.initialBackoffMs, this.opts.maxBackoffMs, this.random);
        const relistBackoff = new Backoff(
          this.opts.relistInitialBackoffMs,
          this.opts.relistMaxBackoffMs,
          this.random,
        );
        const key = `${ref.namespace}/${ref.name}`;
        const fieldSelector = `metadata.name=${ref.name}`;
        const store = new Map<string, CachedObject>();
        const state: {
          resourceVersion?: string;
          store: Map<string, CachedObject>;
          def: { kind: string };
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
              const list = await this.call(`list of ConfigMap ${key}`, o =>
                core.listNamespacedConfigMap({ namespace: ref.namespace, fieldSelector }, o),
              );
              store.clear();
              for (const item of list.items) {
                const entry = this.configMapEntry(item as any);
                store.set(objectKey(entry.namespace, entry.name), entry);
              }
              state.resourceVersion = list.metadata?.resourceVersion;
              apply();
            }
            const started = Date.now();
            const end = await this.watchOnce(
              state,
              `/api/v1/namespaces/${ref.namespace}/configmaps`,
              { fieldSelector },
              o => this.configMapEntry(o),
              apply,
            );
            if (end.ended === 'stopped') return;
            if (end.events > 0) {
              backoff.reset();
              relistBackoff.reset();
            }
            if (end.ended === 'closed' && end.events === 0 && Date.now() - started < SHORT_WATCH_MS) {
              await this.delay(backoff.next(), this.stopController.signal);
            }
          } catch (e) {
            if (this.stopped) return;
            if (kubeErrorStatus(e) === 410) {
              state.resourceVersion = undefined;
              await this.delay(relistBackoff.next(), this.stopController.signal);
              continue;
            }
            this.logger.debug(`settings ConfigMap ${key}: ${kubeErrorMessage(e)}`);
            await this.delay(backoff.next(), this.backoffSignal());
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
