import type { SignalApi } from '@backstage/plugin-signals-react';
import type { MlopsApi, MlopsStatusSignal } from '@mlops-portal/plugin-mlops-common';

/** A test double of MlopsApi: every method a jest.fn, rejecting unless set. */
export function createFakeMlopsApi(impl: Partial<MlopsApi> = {}): jest.Mocked<MlopsApi> {
  const notSet = (name: string) =>
    jest.fn(async () => {
      throw new Error(`fake MlopsApi.${name} was called but not set up`);
    });
  return {
    getOverview: notSet('getOverview'),
    getClusters: notSet('getClusters'),
    getEntityObjects: notSet('getEntityObjects'),
    getObject: notSet('getObject'),
    getObjectEvents: notSet('getObjectEvents'),
    reconcile: notSet('reconcile'),
    suspend: notSet('suspend'),
    resume: notSet('resume'),
    ...Object.fromEntries(
      Object.entries(impl).map(([k, v]) => [k, jest.fn(v as any)]),
    ),
  } as unknown as jest.Mocked<MlopsApi>;
}

/** An in-memory signals API whose `publish` delivers to subscribers, like the backend's push. */
export class FakeSignalApi implements SignalApi {
  private readonly subscribers = new Map<string, Set<(m: any) => void>>();

  subscribe(channel: string, onMessage: (message: any) => void) {
    const set = this.subscribers.get(channel) ?? new Set();
    set.add(onMessage);
    this.subscribers.set(channel, set);
    return { unsubscribe: () => set.delete(onMessage) };
  }

  publish<M extends { type: string } = MlopsStatusSignal>(channel: string, message: M) {
    this.subscribers.get(channel)?.forEach(fn => fn(message));
  }
}
