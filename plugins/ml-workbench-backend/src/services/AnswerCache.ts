/** One cached answer. */
interface Entry<T> {
  value?: T;
  fetchedAt?: number;
  /** JSON of the value, to tell a real change from a refetch of the same data. */
  fingerprint?: string;
  lastRequestedAt: number;
  loading?: Promise<T>;
  load: () => Promise<T>;
  /** Entities whose views read this entry, for the signal after a change. */
  entityRefs: Set<string>;
}

/** What changed in one background refresh. */
export interface CacheChange {
  key: string;
  entityRefs: string[];
}

/**
 * Answers from the tools, shared by every viewer: a page costs the tool one
 * request per TTL, whatever the number of people looking. Entries someone
 * asked for within `keepWarmMs` are refetched by {@link AnswerCache.refresh}
 * (run on the scheduler), and a refetch whose data differs is reported so the
 * plugin can push a signal; entries nobody asked for lately are dropped.
 */
export class AnswerCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly options: {
      ttlMs: number;
      keepWarmMs: number;
      /** What to compare for "changed"; defaults to the whole value. */
      fingerprint?: (value: T) => string;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private fingerprint(value: T): string {
    return this.options.fingerprint?.(value) ?? JSON.stringify(value);
  }

  private start(entry: Entry<T>): Promise<T> {
    entry.loading ??= entry
      .load()
      .then(value => {
        entry.value = value;
        entry.fetchedAt = this.now();
        entry.fingerprint = this.fingerprint(value);
        return value;
      })
      .finally(() => {
        entry.loading = undefined;
      });
    return entry.loading;
  }

  /**
   * The cached answer for `key` when younger than the TTL, else a fresh one
   * (concurrent callers share one load). A failed load is not cached.
   */
  async get(key: string, entityRef: string, load: () => Promise<T>): Promise<{ value: T; fetchedAt: number }> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { lastRequestedAt: this.now(), load, entityRefs: new Set() };
      this.entries.set(key, entry);
    }
    entry.lastRequestedAt = this.now();
    entry.load = load;
    entry.entityRefs.add(entityRef);
    if (entry.value !== undefined && entry.fetchedAt !== undefined && this.now() - entry.fetchedAt < this.options.ttlMs) {
      return { value: entry.value, fetchedAt: entry.fetchedAt };
    }
    const value = await this.start(entry);
    return { value, fetchedAt: entry.fetchedAt ?? this.now() };
  }

  /** Forget the entries whose key matches, so the next request fetches (after an action). */
  invalidate(match: (key: string) => boolean): string[] {
    const refs = new Set<string>();
    for (const [key, entry] of this.entries) {
      if (match(key)) {
        entry.fetchedAt = undefined;
        entry.entityRefs.forEach(r => refs.add(r));
      }
    }
    return [...refs];
  }

  /**
   * Refetches every entry asked for within keepWarm (one at a time: the
   * tools are shared), drops the others, and returns the entries whose data
   * changed. A failing refetch keeps the previous answer.
   */
  async refresh(onError: (key: string, error: Error) => void): Promise<CacheChange[]> {
    const changes: CacheChange[] = [];
    for (const [key, entry] of [...this.entries]) {
      if (this.now() - entry.lastRequestedAt > this.options.keepWarmMs) {
        this.entries.delete(key);
        continue;
      }
      const before = entry.fingerprint;
      try {
        await this.start(entry);
      } catch (e) {
        onError(key, e as Error);
        continue;
      }
      if (before !== undefined && entry.fingerprint !== before) {
        changes.push({ key, entityRefs: [...entry.entityRefs] });
      }
    }
    return changes;
  }

  get size(): number {
    return this.entries.size;
  }
}
