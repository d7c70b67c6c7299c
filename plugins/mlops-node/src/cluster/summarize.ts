import {
  ANNOTATION_SUSPEND_REASON,
  ANNOTATION_SUSPENDED_BY,
  classifyObject,
  extractFacts,
  findWatchedKind,
  slimObject,
  type KubeObject,
  type ObjectSummary,
} from '@mlops-portal/plugin-mlops-common';

/**
 * One watched object as kept in memory: the slimmed object (only the fields
 * the portal shows, see `slimObject` in mlops-common) and its summary,
 * classified once when it changes so that reads cost nothing.
 * @public
 */
export interface CachedObject {
  cluster: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  labels: Record<string, string>;
  object: KubeObject;
  summary: ObjectSummary;
}

/** `namespace/name` or `name` for cluster-scoped objects. @public */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

function newestTransition(o: KubeObject): string | undefined {
  const conditions: Array<{ lastTransitionTime?: unknown }> = Array.isArray(
    o.status?.conditions,
  )
    ? o.status.conditions
    : [];
  let newest: string | undefined;
  for (const c of conditions) {
    if (typeof c?.lastTransitionTime === 'string') {
      if (!newest || c.lastTransitionTime > newest) newest = c.lastTransitionTime;
    }
  }
  return newest;
}

/**
 * Slims and classifies a raw object from the API server.
 * @public
 */
export function toCachedObject(
  cluster: string,
  kind: string,
  apiVersion: string,
  raw: KubeObject,
): CachedObject {
  // The rules are picked by API group and kind; list items of built-in kinds
  // carry no apiVersion of their own, so the one listed with is passed.
  const object = slimObject(kind, raw, apiVersion);
  const status = classifyObject(kind, object, apiVersion);
  const annotations = object.metadata?.annotations ?? {};
  const flux = findWatchedKind(kind)?.flux ?? false;
  const namespace = object.metadata?.namespace || undefined;
  const name = object.metadata?.name ?? '';
  const summary: ObjectSummary = {
    cluster,
    apiVersion,
    kind,
    namespace,
    name,
    status,
    flux,
    suspended: status.status === 'Suspended',
    suspendedBy: annotations[ANNOTATION_SUSPENDED_BY],
    suspendReason: annotations[ANNOTATION_SUSPEND_REASON],
    lastHandledReconcileAt:
      typeof object.status?.lastHandledReconcileAt === 'string'
        ? object.status.lastHandledReconcileAt
        : undefined,
    lastChange: status.since ?? newestTransition(object),
    facts: extractFacts(kind, object, apiVersion),
  };
  return {
    cluster,
    apiVersion,
    kind,
    namespace,
    name,
    labels: object.metadata?.labels ?? {},
    object,
    summary,
  };
}
