/**
 * Exponential backoff with full jitter
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/):
 * the n-th delay is uniform in [base, min(max, initial * 2^n)], so many watches
 * failing together do not retry in lockstep. `random` is injectable for tests.
 * @public
 */
export class Backoff {
  private attempt = 0;
  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const cap = Math.min(this.maxMs, this.initialMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    const base = this.initialMs / 2;
    return Math.round(base + this.random() * Math.max(0, cap - base));
  }

  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
