import { ConfigReader } from '@backstage/config';
import { DEFAULT_NOTIFICATIONS_CONFIG, readNotificationsConfig } from './readNotificationsConfig';
import { DEFAULT_TRACE_CONFIG, readTraceConfig } from './readTraceConfig';

describe('readNotificationsConfig', () => {
  it('has documented defaults', () => {
    expect(readNotificationsConfig(new ConfigReader({}))).toEqual(DEFAULT_NOTIFICATIONS_CONFIG);
  });
  it('reads minutes and seconds', () => {
    expect(
      readNotificationsConfig(new ConfigReader({ mlops: { notifications: { suspendedAfterMinutes: 90, groupWindowSeconds: 5, groupThreshold: 4, enabled: false } } })),
    ).toMatchObject({ suspendedAfterMs: 5_400_000, groupWindowMs: 5000, groupThreshold: 4, enabled: false });
  });
  it.each([
    [{ groupThreshold: 1 }, /mlops\.notifications\.groupThreshold must be from 2/],
    [{ suspendedAfterMinutes: 0 }, /mlops\.notifications\.suspendedAfterMinutes/],
    [{ groupWindowSeconds: -1 }, /mlops\.notifications\.groupWindowSeconds/],
  ])('refuses %j naming the key', (notifications, error) => {
    expect(() => readNotificationsConfig(new ConfigReader({ mlops: { notifications } }))).toThrow(error);
  });
});

describe('readTraceConfig', () => {
  it('has documented defaults and refuses bad sizes naming the key', () => {
    expect(readTraceConfig(new ConfigReader({}))).toEqual(DEFAULT_TRACE_CONFIG);
    expect(() => readTraceConfig(new ConfigReader({ mlops: { trace: { maxNodesPerCluster: 5 } } }))).toThrow(/mlops\.trace\.maxNodesPerCluster/);
    expect(readTraceConfig(new ConfigReader({ mlops: { trace: { watchPods: false, idleSeconds: 60 } } }))).toMatchObject({ watchPods: false, idleMs: 60_000 });
  });
});
