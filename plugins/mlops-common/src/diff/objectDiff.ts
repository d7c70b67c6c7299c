/*
 * Object-level differences between two sets of Kubernetes objects (what a
 * Helm revision rendered, what a kustomize build makes, what a cluster
 * holds): added, removed, changed, with the changed field paths.
 */

/** A Kubernetes object as parsed from YAML. @public */
export interface ManifestObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
}

/** One object that differs. @public */
export interface ObjectChange {
  change: 'added' | 'removed' | 'changed';
  /** API group (empty for core). */
  group: string;
  kind: string;
  namespace?: string;
  name: string;
  /** Changed fields (`spec.replicas`, `metadata.labels.app`), for `changed`. */
  paths?: string[];
}

/** One value that differs between two trees (`path` like `image.tag`). @public */
export interface ValueChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

/** `group/kind/namespace/name`; the version is not part of an object's identity. @public */
export function objectIdentity(o: ManifestObject, defaultNamespace?: string): string {
  const group = typeof o.apiVersion === 'string' && o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
  return `${group}/${o.kind ?? ''}/${o.metadata?.namespace ?? defaultNamespace ?? ''}/${o.metadata?.name ?? ''}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Every leaf that differs between `a` and `b`, as dotted paths (array
 * items `[i]`). Objects are compared key by key; anything else by value.
 * @public
 */
export function diffValues(a: unknown, b: unknown, prefix = '', out: ValueChange[] = [], limit = 500): ValueChange[] {
  if (out.length >= limit) return out;
  if (isRecord(a) && isRecord(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      diffValues(a[k], b[k], prefix ? `${prefix}.${k}` : k, out, limit);
    }
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => diffValues(x, b[i], `${prefix}[${i}]`, out, limit));
    return out;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    const change: ValueChange = { path: prefix || '.' };
    if (a !== undefined) change.before = a;
    if (b !== undefined) change.after = b;
    out.push(change);
  }
  return out;
}

/** Fields that the cluster or the tools set, never a change of intent. */
const IGNORED = /^(metadata\.(creationTimestamp|resourceVersion|uid|generation|managedFields|annotations\.kubectl\.kubernetes\.io\/last-applied-configuration)|status)(\.|$|\[)/;

/**
 * The objects added, removed and changed from `before` to `after`
 * (identity without version, see {@link objectIdentity}), sorted by kind,
 * namespace and name.
 * @public
 */
export function diffObjects(before: ManifestObject[], after: ManifestObject[], defaultNamespace?: string): ObjectChange[] {
  const index = (list: ManifestObject[]) => new Map(list.filter(o => o?.kind && o.metadata?.name).map(o => [objectIdentity(o, defaultNamespace), o]));
  const a = index(before);
  const b = index(after);
  const out: ObjectChange[] = [];
  const describe = (id: string) => {
    const [group, kind, namespace, ...rest] = id.split('/');
    return { group, kind, namespace: namespace || undefined, name: rest.join('/') };
  };
  for (const [id, o] of b) {
    const old = a.get(id);
    if (!old) out.push({ change: 'added', ...describe(id) });
    else {
      const paths = diffValues(old, o)
        .map(c => c.path)
        .filter(p => !IGNORED.test(p));
      if (paths.length) out.push({ change: 'changed', ...describe(id), paths });
    }
  }
  for (const id of a.keys()) if (!b.has(id)) out.push({ change: 'removed', ...describe(id) });
  return out.sort((x, y) => x.kind.localeCompare(y.kind) || (x.namespace ?? '').localeCompare(y.namespace ?? '') || x.name.localeCompare(y.name));
}
