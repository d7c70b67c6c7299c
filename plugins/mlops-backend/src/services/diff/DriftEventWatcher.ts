import type { LoggerService } from '@backstage/backend-plugin-api';
import { CoreV1Api, type CoreV1Event } from '@kubernetes/client-node';
import {
  Backoff,
  kubeErrorStatus,
  mapKubeError,
  watchStream,
  withRequestTimeout,
  type DelayFn,
} from '@mlops-portal/plugin-mlops-node';
import { DRIFT_EVENT_REASONS, type ObjectEvent } from '@mlops-portal/plugin-mlops-common';
import type { ClusterClients } from '../ClusterClients';

/** Where drift events come from (replaced in tests). */
export interface DriftEventSource {
  /** helm-controller's drift events on one cluster, all namespaces. */
  listHelmReleaseDriftEvents(cluster: string): Promise<ObjectEvent[]>;
}

/** A HelmRelease that got a new drift event (or a repeat of one). */
export interface DriftEventChange {
  cluster: string;
  namespace: string;
  name: string;
}

const FIELD_SELECTOR = 'involvedObject.kind=HelmRelease';
const REASONS = new Set<string>(Object.values(DRIFT_EVENT_REASONS));

interface ClusterState {
  /** Drift events by Event uid (or namespace/name). */
  events: Map<string, ObjectEvent>;
  resourceVersion?: string;
  /** The last list succeeded; the events are as of it and the watch since. */
  listed: boolean;
  /** Why the last list failed, while it has not succeeded since. */
  error?: Error;
  /** Settles when the first list attempt has. */
  firstAttempt: Promise<void>;
  settleFirst: () => void;
}

const iso = (d: unknown): string | undefined => {
  if (d instanceof Date) return d.toISOString();
  return typeof d === 'string' ? d : undefined;
};

function keyOf(e: CoreV1Event): string {
  return e.metadata?.uid ?? `${e.metadata?.namespace}/${e.metadata?.name}`;
}

function toObjectEvent(e: CoreV1Event): ObjectEvent {
  return {
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    message: e.message ?? '',
    count: e.count,
    firstTimestamp: iso(e.firstTimestamp) ?? iso(e.eventTime),
    lastTimestamp: iso(e.lastTimestamp) ?? iso(e.eventTime) ?? iso(e.metadata?.creationTimestamp),
    involvedObject: { kind: 'HelmRelease', namespace: e.involvedObject?.namespace, name: e.involvedObject?.name ?? '' },
    source: e.source?.component ?? e.reportingComponent,
  };
}

/** Whether an event says something new: a new event, or a repeat (count or time moved). */
function differs(a: ObjectEvent | undefined, b: ObjectEvent): boolean {
  return !a || a.count !== b.count || a.lastTimestamp !== b.lastTimestamp || a.message !== b.message;
}

/**
 * helm-controller's drift events (`DriftCorrected`, `DriftCorrectionFailed`)
 * per cluster, held in memory and kept current by a watch, so the drift
 * counts are answered without asking the API server and a new drift event is
 * noticed when it happens (`onChange`, which pushes it to browsers).
 *
 * Per cluster: one list of core/v1 Events with the field selector
 * `involvedObject.kind=HelmRelease` across namespaces, then a watch from its
 * resourceVersion with the same selector (both supported by the API server
 * for Events, and by kube-sim). The reasons are filtered here: a field
 * selector cannot say "one of". A watch that ends resumes from the last
 * resourceVersion; 410 Gone and other errors relist after an exponential
 * backoff (and report what changed meanwhile). A cluster whose events cannot be
 * listed makes {@link DriftEventWatcher.listHelmReleaseDriftEvents} throw
 * (one note on the page); it never stops the backend.
 */
export class DriftEventWatcher implements DriftEventSource {
  private readonly states = new Map<string, ClusterState>();
  private readonly stopController = new AbortController();

  constructor(
    private readonly deps: {
      clients: ClusterClients;
      logger: LoggerService;
      /** Called with the HelmReleases that got new drift events. */
      onChange: (changes: DriftEventChange[]) => void;
      /** Deadline of a list and of a watch's response headers (ms). Default 10 000. */
      requestTimeoutMs?: number;
      /** A watch that hears nothing (no event, no bookmark) this long is restarted (ms). Default 150 000. */
      livenessMs?: number;
      /** Server-side watch timeout (s). Default 300. */
      watchTimeoutSeconds?: number;
      /** Backoff between failed attempts (ms). Default 1 000 … 60 000. */
      backoff?: { initialMs: number; maxMs: number };
      delay?: DelayFn;
    },
  ) {}

  /** Starts one list-and-watch loop per cluster (watchable ones only). */
  start(clusters: string[]): void {
    for (const cluster of clusters) {
      if (this.states.has(cluster)) continue;
      let settleFirst = () => {};
      const firstAttempt = new Promise<void>(resolve => {
        settleFirst = resolve;
      });
      const state: ClusterState = { events: new Map(), listed: false, firstAttempt, settleFirst };
      this.states.set(cluster, state);
      this.run(cluster, state).catch(e =>
        this.deps.logger.error(`drift events of cluster '${cluster}': watch loop ended: ${(e as Error).message}`),
      );
    }
  }

  stop(): void {
    this.stopController.abort();
  }

  async listHelmReleaseDriftEvents(cluster: string): Promise<ObjectEvent[]> {
    const state = this.states.get(cluster);
    // Not watched: a cluster without credentials, or an unknown one (the
    // clients say which).
    if (!state) {
      this.deps.clients.kubeConfig(cluster);
      throw new Error(`drift events of cluster '${cluster}' are not watched`);
    }
    if (!state.listed && !state.error) await state.firstAttempt;
    if (!state.listed) throw state.error ?? new Error('not listed yet');
    return [...state.events.values()];
  }

  /** The drift events of one HelmRelease, or undefined when the cluster's are not known. */
  async helmReleaseDriftEvents(ref: { cluster: string; namespace: string; name: string }): Promise<ObjectEvent[] | undefined> {
    try {
      const all = await this.listHelmReleaseDriftEvents(ref.cluster);
      return all.filter(e => e.involvedObject.namespace === ref.namespace && e.involvedObject.name === ref.name);
    } catch {
      return undefined;
    }
  }

  private get stopped(): boolean {
    return this.stopController.signal.aborted;
  }

  private delay(ms: number): Promise<void> {
    if (this.deps.delay) return this.deps.delay(ms, this.stopController.signal);
    if (this.stopped) return Promise.resolve();
    return new Promise(resolve => {
      const t = setTimeout(resolve, ms);
      // A retry pause never keeps the process alive on its own.
      t.unref?.();
      this.stopController.signal.addEventListener('abort', () => {
        clearTimeout(t);
        resolve();
      }, { once: true });
    });
  }

  private async run(cluster: string, state: ClusterState): Promise<void> {
    const b = this.deps.backoff ?? { initialMs: 1000, maxMs: 60_000 };
    const backoff = new Backoff(b.initialMs, b.maxMs);
    while (!this.stopped) {
      try {
        if (state.resourceVersion === undefined) await this.list(cluster, state);
        const end = await this.watch(cluster, state, () => backoff.reset());
        if (end === 'stopped') return;
        // Closed by the server or silent: resume from the resourceVersion.
        continue;
      } catch (e) {
        if (this.stopped) return;
        // List again after a pause: on 410 Gone (an expired resourceVersion)
        // as client-go does, and on any other failure too, so a cluster that
        // allows listing Events but not watching them is still read (one
        // list per backoff step) and nothing missed meanwhile goes unreported.
        if (kubeErrorStatus(e) !== 410) {
          this.deps.logger.warn(`drift events of cluster '${cluster}': ${(e as Error).message}`);
        }
        state.resourceVersion = undefined;
        await this.delay(backoff.next());
      }
    }
  }

  private async list(cluster: string, state: ClusterState): Promise<void> {
    try {
      const core = this.deps.clients.kubeConfig(cluster).makeApiClient(CoreV1Api);
      const list = await withRequestTimeout(
        this.deps.requestTimeoutMs ?? 10_000,
        'events of HelmReleases',
        this.stopController.signal,
        options => core.listEventForAllNamespaces({ fieldSelector: FIELD_SELECTOR }, options),
      );
      const next = new Map<string, ObjectEvent>();
      for (const e of list.items) {
        if (REASONS.has(e.reason ?? '')) next.set(keyOf(e), toObjectEvent(e));
      }
      // After a relist, what appeared or repeated meanwhile is news; the
      // first list is not.
      const changes: DriftEventChange[] = [];
      if (state.listed) {
        for (const [k, e] of next) {
          if (differs(state.events.get(k), e)) changes.push(changeOf(cluster, e));
        }
      }
      state.events = next;
      state.resourceVersion = list.metadata?.resourceVersion ?? '0';
      state.listed = true;
      state.error = undefined;
      if (changes.length) this.deps.onChange(changes);
    } catch (e) {
      state.listed = false;
      state.error = mapKubeError(e, cluster, 'events of HelmReleases');
      throw state.error;
    } finally {
      state.settleFirst();
    }
  }

  private async watch(cluster: string, state: ClusterState, onConnected: () => void) {
    const end = await watchStream({
      kubeConfig: this.deps.clients.kubeConfig(cluster),
      path: '/api/v1/events',
      query: {
        fieldSelector: FIELD_SELECTOR,
        allowWatchBookmarks: true,
        resourceVersion: state.resourceVersion,
        timeoutSeconds: this.deps.watchTimeoutSeconds ?? 300,
      },
      connectTimeoutMs: this.deps.requestTimeoutMs ?? 10_000,
      livenessMs: this.deps.livenessMs ?? 150_000,
      signal: this.stopController.signal,
      onConnected,
      onEvent: (type, obj: CoreV1Event) => {
        state.resourceVersion = obj?.metadata?.resourceVersion ?? state.resourceVersion;
        if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED') return;
        if (!REASONS.has(obj?.reason ?? '')) return;
        const key = keyOf(obj);
        if (type === 'DELETED') {
          // Events expire (the API server's event TTL, 1 h by default): the
          // count shrinks, which is nothing to tell anyone about.
          state.events.delete(key);
          return;
        }
        const e = toObjectEvent(obj);
        const before = state.events.get(key);
        state.events.set(key, e);
        if (differs(before, e)) this.deps.onChange([changeOf(cluster, e)]);
      },
    });
    return end.ended;
  }
}

function changeOf(cluster: string, e: ObjectEvent): DriftEventChange {
  return { cluster, namespace: e.involvedObject.namespace ?? '', name: e.involvedObject.name };
}
