import { randomUUID } from 'node:crypto';
import {
  RESOURCE_TYPES,
  ResourceType,
  apiVersionOf,
  findTypeByKind,
  typeKey,
} from './resources';
import { resourceDetails, type StatusDetails } from './statusBody';

/**
 * One stored object. `json` is the object serialized once per change, so a
 * list of thousands of objects or a watch event fanned out to hundreds of
 * watchers costs string concatenation, not `JSON.stringify` per request.
 * @public
 */
export interface StoredObject {
  readonly obj: any;
  readonly json: string;
  readonly rv: number;
}

/** A change, as a watch delivers it. @public */
export interface StoreEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  rtype: ResourceType;
  rv: number;
  object: StoredObject;
  /** The object before the change (MODIFIED, DELETED). */
  previous?: StoredObject;
}

/** Receives every change of one resource type. @public */
export type StoreListener = (event: StoreEvent) => void;

interface Table {
  type: ResourceType;
  byNs: Map<string, Map<string, StoredObject>>;
  count: number;
  /** Sorted `ns/name` keys, rebuilt lazily after adds and deletes. */
  sortedKeys?: string[];
  /** Recent events, for watches that start from a resourceVersion. */
  history: StoreEvent[];
  /** Watches from a resourceVersion below this get 410 Gone. */
  compactedRv: number;
  listeners: Set<StoreListener>;
}

/** Why a write was refused; mapped to a Kubernetes `Status` by the server. @public */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly reason: 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Invalid',
    readonly code: number,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** RFC 3339 without fractions, as the API server writes metav1.Time. @public */
export function kubeTime(d: Date = new Date()): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function key(ns: string, name: string) {
  return `${ns}/${name}`;
}

/**
 * The object store of one simulated cluster: what etcd plus the watch cache
 * are for the real API server. One global resourceVersion counter, objects
 * indexed by type and namespace, a bounded per-type event history for
 * watches (beyond it: 410 Gone, like the watch cache's window).
 * @public
 */
export class ObjectStore {
  private rv = 1;
  private readonly tables = new Map<string, Table>();
  private readonly globalListeners = new Set<StoreListener>();

  constructor(private readonly historySize = 2000) {
    for (const t of RESOURCE_TYPES) {
      this.tables.set(typeKey(t), {
        type: t,
        byNs: new Map(),
        count: 0,
        history: [],
        compactedRv: 0,
        listeners: new Set(),
      });
    }
  }

  /** The current resourceVersion (as a number). */
  currentRv(): number {
    return this.rv;
  }

  private table(t: ResourceType): Table {
    const table = this.tables.get(typeKey(t));
    if (!table) throw new Error(`unknown resource type ${typeKey(t)}`);
    return table;
  }

  /** Number of objects of a type. */
  count(t: ResourceType): number {
    return this.table(t).count;
  }

  /** Total number of objects. */
  size(): number {
    let n = 0;
    for (const t of this.tables.values()) n += t.count;
    return n;
  }

  get(t: ResourceType, ns: string, name: string): StoredObject | undefined {
    return this.table(t).byNs.get(t.namespaced ? ns : '')?.get(name);
  }

  /** Objects of a type in key order (namespace, name); all namespaces if `ns` is undefined. */
  list(t: ResourceType, ns?: string): StoredObject[] {
    const table = this.table(t);
    if (ns !== undefined && t.namespaced) {
      const m = table.byNs.get(ns);
      if (!m) return [];
      return [...m.keys()].sort().map(n => m.get(n)!);
    }
    if (!table.sortedKeys) {
      const keys: string[] = [];
      for (const [n, m] of table.byNs) for (const name of m.keys()) keys.push(key(n, name));
      keys.sort();
      table.sortedKeys = keys;
    }
    const out: StoredObject[] = [];
    for (const k of table.sortedKeys) {
      const i = k.indexOf('/');
      const o = table.byNs.get(k.slice(0, i))?.get(k.slice(i + 1));
      if (o) out.push(o);
    }
    return out;
  }

  /** Listens to one type's changes. Returns an unsubscribe function. */
  subscribe(t: ResourceType, listener: StoreListener): () => void {
    const table = this.table(t);
    table.listeners.add(listener);
    return () => table.listeners.delete(listener);
  }

  /** Listens to every change (the simulated controllers use this). */
  subscribeAll(listener: StoreListener): () => void {
    this.globalListeners.add(listener);
    return () => this.globalListeners.delete(listener);
  }

  /**
   * The events after `rv` for a watch, or `undefined` when `rv` is older than
   * the retained history (the caller answers 410 Gone).
   */
  eventsSince(t: ResourceType, rv: number): StoreEvent[] | undefined {
    const table = this.table(t);
    if (rv < table.compactedRv) return undefined;
    const h = table.history;
    // History is in rv order; binary search the first event after rv.
    let lo = 0;
    let hi = h.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (h[mid].rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return h.slice(lo);
  }

  /** Forgets all history: every watch from an older resourceVersion gets 410 Gone. */
  compact(): void {
    // Step the counter so that even a client that saw the latest event is
    // too old now, while a fresh list's resourceVersion is watchable.
    this.rv++;
    for (const table of this.tables.values()) {
      table.history = [];
      table.compactedRv = this.rv;
    }
  }

  /** The oldest resourceVersion a watch of this type may start from. */
  compactedRv(t: ResourceType): number {
    return this.table(t).compactedRv;
  }

  private freeze(obj: any, rv: number): StoredObject {
    return { obj, json: JSON.stringify(obj), rv };
  }

  private emit(table: Table, event: StoreEvent) {
    table.history.push(event);
    if (table.history.length > this.historySize) {
      const dropped = table.history.splice(
        0,
        table.history.length - this.historySize,
      );
      table.compactedRv = dropped[dropped.length - 1].rv;
    }
    for (const l of table.listeners) l(event);
    for (const l of this.globalListeners) l(event);
  }

  /** Creates an object; fills uid, creationTimestamp, resourceVersion, generation. */
  create(input: any): StoredObject {
    const t = findTypeByKind(input?.apiVersion, input?.kind);
    if (!t) {
      throw new StoreError(
        `no matches for kind "${input?.kind}" in version "${input?.apiVersion}"`,
        'NotFound',
        404,
      );
    }
    const table = this.table(t);
    const name: string | undefined = input.metadata?.name;
    if (!name) throw new StoreError('metadata.name: Required value', 'Invalid', 422);
    const ns = t.namespaced ? input.metadata?.namespace ?? 'default' : '';
    if (this.get(t, ns, name)) {
      throw new StoreError(
        `${t.plural}${t.group ? `.${t.group}` : ''} "${name}" already exists`,
        'AlreadyExists',
        409,
        resourceDetails(t, name),
      );
    }
    const rv = ++this.rv;
    const obj = structuredClone(input);
    obj.apiVersion = apiVersionOf(t);
    obj.kind = t.kind;
    obj.metadata = {
      ...obj.metadata,
      name,
      ...(t.namespaced ? { namespace: ns } : {}),
      uid: obj.metadata?.uid ?? randomUUID(),
      resourceVersion: String(rv),
      creationTimestamp: obj.metadata?.creationTimestamp ?? kubeTime(),
    };
    // The API server sets generation on types with a spec/status split
    // (CRDs with a status subresource, apps/v1); core kinds here don't need it.
    if (t.status && t.group !== '' && obj.metadata.generation === undefined) {
      obj.metadata.generation = 1;
    }
    const stored = this.freeze(obj, rv);
    let m = table.byNs.get(ns);
    if (!m) {
      m = new Map();
      table.byNs.set(ns, m);
    }
    m.set(name, stored);
    table.count++;
    table.sortedKeys = undefined;
    this.emit(table, { type: 'ADDED', rtype: t, rv, object: stored });
    return stored;
  }

  /**
   * Replaces an object with `mutate(copy)`. Bumps metadata.generation when
   * `spec` changed (CRDs and apps/v1, like the real server). If `expectRv`
   * is given and differs: 409 Conflict. Returns the previous object when
   * nothing changed.
   */
  update(
    t: ResourceType,
    ns: string,
    name: string,
    mutate: (copy: any) => any,
    expectRv?: string,
  ): StoredObject {
    const table = this.table(t);
    const nsKey = t.namespaced ? ns : '';
    const prev = table.byNs.get(nsKey)?.get(name);
    if (!prev) {
      throw new StoreError(
        `${t.plural}${t.group ? `.${t.group}` : ''} "${name}" not found`,
        'NotFound',
        404,
        resourceDetails(t, name),
      );
    }
    if (expectRv && expectRv !== String(prev.rv)) {
      throw new StoreError(
        `Operation cannot be fulfilled on ${t.plural}${t.group ? `.${t.group}` : ''} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        'Conflict',
        409,
        resourceDetails(t, name),
      );
    }
    const copy = structuredClone(prev.obj);
    const next = mutate(copy) ?? copy;
    // Identity fields are the server's, whatever the patch said.
    next.apiVersion = prev.obj.apiVersion;
    next.kind = prev.obj.kind;
    next.metadata = {
      ...next.metadata,
      name,
      ...(t.namespaced ? { namespace: nsKey } : {}),
      uid: prev.obj.metadata.uid,
      creationTimestamp: prev.obj.metadata.creationTimestamp,
      resourceVersion: prev.obj.metadata.resourceVersion,
    };
    if (prev.obj.metadata.generation !== undefined) {
      next.metadata.generation = prev.obj.metadata.generation;
      if (JSON.stringify(next.spec) !== JSON.stringify(prev.obj.spec)) {
        next.metadata.generation++;
      }
    }
    if (JSON.stringify(next) === prev.json) return prev;
    const rv = ++this.rv;
    next.metadata.resourceVersion = String(rv);
    const stored = this.freeze(next, rv);
    table.byNs.get(nsKey)!.set(name, stored);
    this.emit(table, {
      type: 'MODIFIED',
      rtype: t,
      rv,
      object: stored,
      previous: prev,
    });
    return stored;
  }

  /** Deletes an object; the DELETED event carries a new resourceVersion. */
  delete(t: ResourceType, ns: string, name: string): StoredObject {
    const table = this.table(t);
    const nsKey = t.namespaced ? ns : '';
    const m = table.byNs.get(nsKey);
    const prev = m?.get(name);
    if (!m || !prev) {
      throw new StoreError(
        `${t.plural}${t.group ? `.${t.group}` : ''} "${name}" not found`,
        'NotFound',
        404,
        resourceDetails(t, name),
      );
    }
    m.delete(name);
    if (m.size === 0) table.byNs.delete(nsKey);
    table.count--;
    table.sortedKeys = undefined;
    const rv = ++this.rv;
    const obj = structuredClone(prev.obj);
    obj.metadata.resourceVersion = String(rv);
    const stored = this.freeze(obj, rv);
    this.emit(table, { type: 'DELETED', rtype: t, rv, object: stored, previous: prev });
    return stored;
  }
}
