import type { SignalApi } from '@backstage/plugin-signals-react';

/** An in-memory signals API whose `publish` delivers to the channel's subscribers, like the backend's push. */
export class InMemorySignalApi implements SignalApi {
  private readonly subscribers = new Map<string, Set<(m: any) => void>>();

  subscribe(channel: string, onMessage: (message: any) => void) {
    const set = this.subscribers.get(channel) ?? new Set();
    set.add(onMessage);
    this.subscribers.set(channel, set);
    return { unsubscribe: () => set.delete(onMessage) };
  }

  publish(channel: string, message: object) {
    this.subscribers.get(channel)?.forEach(fn => fn(message));
  }
}
