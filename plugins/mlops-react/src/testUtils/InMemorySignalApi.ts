import type { SignalApi } from '@backstage/plugin-signals-react';

/**
 * A signals API for tests: `publish` delivers a message to the channel's
 * subscribers at once, as the backend's push would. Give it to
 * `TestApiProvider` as `signalApiRef` and publish what the backend would send.
 *
 * @public
 */
export class InMemorySignalApi implements SignalApi {
  private readonly subscribers = new Map<string, Set<(message: any) => void>>();

  /** Calls `onMessage` with every message published to `channel` until unsubscribed. */
  subscribe(channel: string, onMessage: (message: any) => void): { unsubscribe: () => void } {
    const set = this.subscribers.get(channel) ?? new Set();
    set.add(onMessage);
    this.subscribers.set(channel, set);
    return { unsubscribe: () => set.delete(onMessage) };
  }

  /** Delivers `message` to the subscribers of `channel`. */
  publish(channel: string, message: object): void {
    this.subscribers.get(channel)?.forEach(fn => fn(message));
  }
}
