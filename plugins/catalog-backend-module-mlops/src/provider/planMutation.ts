import { createHash } from 'crypto';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  DeferredEntity,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';

/**
 * What the provider remembers between runs (in memory; after a restart it is
 * seeded from the catalog, see {@link seedIngestionState}).
 * @public
 */
export interface IngestionState {
  /** Whether a first mutation has been applied (or the state was seeded). */
  initialized: boolean;
  /** entity ref → hash of the entity last applied (empty: unknown). */
  applied: Map<string, string>;
  /** entity ref → consecutive runs it has been missing from Git. */
  missing: Map<string, number>;
  /** Hash of the whole emitted set of the last run. */
  setHash?: string;
}

/** A fresh state, for a provider that has not run yet. @public */
export function initialIngestionState(): IngestionState {
  return { initialized: false, applied: new Map(), missing: new Map() };
}

/**
 * A state for a provider that restarted: the refs of the entities the catalog
 * holds from it. The next plan then sends every emitted entity (their hashes
 * are unknown) as a delta and counts the ones missing from Git towards their
 * grace period, instead of a full mutation that would drop them at once.
 * @public
 */
export function seedIngestionState(existingRefs: string[]): IngestionState {
  return {
    initialized: true,
    applied: new Map(existingRefs.map(ref => [ref, ''])),
    missing: new Map(),
  };
}

/** What one run changed, by entity count. @public */
export interface IngestionStats {
  /** New entities. */
  added: number;
  /** Entities whose content changed. */
  changed: number;
  /** Entities removed after their grace period. */
  removed: number;
  /** Entities missing from Git but still within their grace period. */
  pendingRemoval: number;
  /** Entities emitted again without change. */
  unchanged: number;
}

/** The result of {@link planMutation}. @public */
export interface MutationPlan {
  /** Undefined when there is nothing to apply (or the run is refused). */
  mutation?: EntityProviderMutation;
  /** The state to keep once the mutation has been applied. */
  state: IngestionState;
  stats: IngestionStats;
  /**
   * Set when the run would remove (now or after the grace period) more than
   * `maxRemovalShare` of the entities applied before: nothing is applied and
   * the state stays as it was, so the catalog keeps the last good set.
   */
  refused?: {
    /** Entities applied before that this run no longer emits. */
    missing: number;
    /** Entities applied before. */
    known: number;
    maxRemovalShare: number;
  };
}

/** Options of {@link planMutation}. @public */
export interface PlanOptions {
  /** Runs an entity may be missing before it is removed. */
  graceRuns: number;
  locationKey: string;
  /**
   * Largest share (0–1) of the entities applied before that one run may
   * miss; above it the run is refused. Default 1 (no limit).
   */
  maxRemovalShare?: number;
  /**
   * Keep every missing entity without counting the run towards its grace
   * period, e.g. while a file fails to parse with no good version known:
   * what it held is unknown, not gone.
   */
  holdRemovals?: boolean;
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter(k => (value as any)[k] !== undefined)
      .map(k => `${JSON.stringify(k)}:${stableStringify((value as any)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A hash of an entity that ignores key order. @public */
export function hashEntity(entity: Entity): string {
  return createHash('sha256').update(stableStringify(entity)).digest('hex');
}

/**
 * Decides what to tell the catalog, given what was applied before and what
 * this run found. Pure. The first run is a `full` mutation; later runs are
 * `delta`s holding only new or changed entities, and entities missing from
 * Git for more than `graceRuns` consecutive runs. A run that changes nothing
 * returns no mutation at all. A run missing more than `maxRemovalShare` of
 * the entities applied before is refused (see {@link MutationPlan.refused}).
 * @public
 */
export function planMutation(
  previous: IngestionState,
  entities: Entity[],
  options: PlanOptions,
): MutationPlan {
  const stats: IngestionStats = {
    added: 0,
    changed: 0,
    removed: 0,
    pendingRemoval: 0,
    unchanged: 0,
  };
  const current = new Map<string, { deferred: DeferredEntity; hash: string }>();
  for (const entity of entities) {
    current.set(stringifyEntityRef(entity), {
      deferred: { entity, locationKey: options.locationKey },
      hash: hashEntity(entity),
    });
  }
  const setHash = createHash('sha256')
    .update(
      [...current.entries()]
        .map(([r, v]) => `${r}=${v.hash}`)
        .sort()
        .join('\n'),
    )
    .digest('hex');

  if (!previous.initialized) {
    stats.added = current.size;
    return {
      mutation: {
        type: 'full',
        entities: [...current.values()].map(v => v.deferred),
      },
      state: {
        initialized: true,
        applied: new Map([...current].map(([ref, v]) => [ref, v.hash])),
        missing: new Map(),
        setHash,
      },
      stats,
    };
  }
  if (setHash === previous.setHash && previous.missing.size === 0) {
    stats.unchanged = current.size;
    return { state: previous, stats };
  }

  const known = previous.applied.size;
  let missingNow = 0;
  for (const ref of previous.applied.keys())
    if (!current.has(ref)) missingNow++;
  const maxRemovalShare = options.maxRemovalShare ?? 1;
  if (known > 0 && missingNow / known > maxRemovalShare) {
    stats.pendingRemoval = missingNow;
    return {
      state: previous,
      stats,
      refused: { missing: missingNow, known, maxRemovalShare },
    };
  }

  const added: DeferredEntity[] = [];
  const removed: Array<{ entityRef: string; locationKey: string }> = [];
  const applied = new Map(previous.applied);
  const missing = new Map<string, number>();
  for (const [ref, next] of current) {
    const before = previous.applied.get(ref);
    if (before === undefined) stats.added++;
    else if (before !== next.hash) stats.changed++;
    else {
      stats.unchanged++;
      continue;
    }
    added.push(next.deferred);
    applied.set(ref, next.hash);
  }
  for (const ref of previous.applied.keys()) {
    if (current.has(ref)) continue;
    const before = previous.missing.get(ref) ?? 0;
    const runs = options.holdRemovals ? before : before + 1;
    if (runs > options.graceRuns) {
      removed.push({ entityRef: ref, locationKey: options.locationKey });
      applied.delete(ref);
      stats.removed++;
    } else {
      missing.set(ref, runs);
      stats.pendingRemoval++;
    }
  }
  const state: IngestionState = {
    initialized: true,
    applied,
    missing,
    setHash,
  };
  if (added.length === 0 && removed.length === 0) return { state, stats };
  return { mutation: { type: 'delta', added, removed }, state, stats };
}
