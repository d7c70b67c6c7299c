/**
 * Total lag of each consumer group over time, sampled whenever the backend
 * reads the group (requests and background refreshes), for the lag chart. In
 * memory per replica, bounded: the oldest samples go first.
 */
export class LagHistory {
  private readonly samples = new Map<string, Array<{ at: string; lag: number }>>();

  constructor(
    private readonly maxSamples: number,
    /** Samples closer together than this replace the previous one. */
    private readonly minIntervalMs = 1_000,
  ) {}

  record(key: string, lag: number, at: Date): Array<{ at: string; lag: number }> {
    const list = this.samples.get(key) ?? [];
    const last = list[list.length - 1];
    if (last && at.getTime() - Date.parse(last.at) < this.minIntervalMs) {
      list[list.length - 1] = { at: at.toISOString(), lag };
    } else {
      list.push({ at: at.toISOString(), lag });
    }
    while (list.length > this.maxSamples) list.shift();
    this.samples.set(key, list);
    return [...list];
  }

  get(key: string): Array<{ at: string; lag: number }> {
    return [...(this.samples.get(key) ?? [])];
  }
}
