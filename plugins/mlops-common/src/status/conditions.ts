import type { KubeCondition, KubeObject, StatusBadge, StatusResult } from './types';

/*
 * Small, total helpers used by every rule. Real cluster output is not always
 * well formed (hand-edited status, old controllers, partial objects from a
 * watch), so none of these throw: anything unexpected reads as "absent".
 */

/** Returns `value` when it is a non-empty string, else `undefined`. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Returns `value` when it is a finite number, else `undefined`. */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Returns `value` when it is a plain object, else `undefined`. */
export function obj(value: unknown): Record<string, any> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, any>)
    : undefined;
}

/** Returns `value` when it is an array, else an empty array. */
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Strings of an array, skipping anything else. */
export function strings(value: unknown): string[] {
  return arr(value).filter((v): v is string => typeof v === 'string');
}

/**
 * The well-formed conditions of an object's `status.conditions`; entries
 * without a string `type` and `status` are skipped.
 */
export function getConditions(o: KubeObject | undefined): KubeCondition[] {
  const out: KubeCondition[] = [];
  for (const c of arr(obj(o?.status)?.conditions)) {
    const cond = obj(c);
    if (!cond || typeof cond.type !== 'string' || typeof cond.status !== 'string') {
      continue;
    }
    out.push({
      type: cond.type,
      status: cond.status,
      reason: str(cond.reason),
      message: typeof cond.message === 'string' ? cond.message : undefined,
      // Shown as given, never parsed here: malformed timestamps exist in the wild.
      lastTransitionTime: str(cond.lastTransitionTime),
      observedGeneration: num(cond.observedGeneration),
    });
  }
  return out;
}

/** The first condition of a type. */
export function findCondition(
  conditions: KubeCondition[],
  type: string,
): KubeCondition | undefined {
  return conditions.find(c => c.type === type);
}

/**
 * A condition counts only when its status is the string `"True"` (as in
 * Headlamp's `conditions.ts` and Flux's `conditions.IsTrue`).
 */
export function isTrue(c: KubeCondition | undefined): boolean {
  return c?.status === 'True';
}

/** `status: "False"` exactly. */
export function isFalse(c: KubeCondition | undefined): boolean {
  return c?.status === 'False';
}

/** `metadata.generation` and `status.observedGeneration`, when numbers. */
export function generations(o: KubeObject): {
  generation?: number;
  observedGeneration?: number;
} {
  return {
    generation: num(o.metadata?.generation),
    observedGeneration: num(obj(o.status)?.observedGeneration),
  };
}

/**
 * True when `status.observedGeneration` is set and differs from
 * `metadata.generation`: the status describes an older spec.
 */
export function isStatusStale(o: KubeObject): boolean {
  const { generation, observedGeneration } = generations(o);
  return (
    generation !== undefined &&
    observedGeneration !== undefined &&
    observedGeneration !== generation
  );
}

/** A `StatusResult` with the optional fields dropped when empty. */
export function result(
  status: StatusResult['status'],
  reason: string,
  message: string,
  extra: { revision?: string; since?: string; badges?: StatusBadge[] } = {},
): StatusResult {
  const r: StatusResult = { status, reason, message, badges: [] };
  if (extra.revision) r.revision = extra.revision;
  if (extra.since) r.since = extra.since;
  for (const b of extra.badges ?? []) {
    if (!r.badges.includes(b)) r.badges.push(b);
  }
  return r;
}

/** The status-level "stale generation" result shared by every rule. */
export function staleResult(
  o: KubeObject,
  extra: { revision?: string; since?: string; badges?: StatusBadge[] } = {},
): StatusResult {
  const { generation, observedGeneration } = generations(o);
  return result(
    'Progressing',
    'StaleGeneration',
    `Status describes generation ${observedGeneration ?? '?'}; the spec is at generation ${generation ?? '?'}`,
    { ...extra, badges: ['stale', ...(extra.badges ?? [])] },
  );
}

/**
 * The newest `lastTransitionTime` among the conditions, comparing only the
 * ones that parse as dates; returns the string as given.
 */
export function newestTransition(conditions: KubeCondition[]): string | undefined {
  let best: { t: number; s: string } | undefined;
  for (const c of conditions) {
    if (!c.lastTransitionTime) continue;
    const t = Date.parse(c.lastTransitionTime);
    if (Number.isNaN(t)) continue;
    if (!best || t > best.t) best = { t, s: c.lastTransitionTime };
  }
  return best?.s;
}
