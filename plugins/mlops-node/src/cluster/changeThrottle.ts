/**
 * When listeners hear of cluster changes: at most once per `windowMs`. A
 * change after a quiet window goes out on the next turn of the event loop
 * (so the events of one watch chunk still arrive together); changes within
 * the window after a delivery wait for the window's end and go out as one
 * batch. A storm thus costs one delivery per window, and a single change is
 * not delayed by the window at all.
 */
export class ChangeThrottle {
  private timer?: ReturnType<typeof setTimeout>;
  private lastDelivery = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly windowMs: number,
    private readonly deliver: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** A change was queued: deliver it, now or at the end of the current window. */
  schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastDelivery + this.windowMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastDelivery = this.now();
      this.deliver();
    }, wait);
    this.timer.unref?.();
  }

  /** Drops a pending delivery. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
