import { ConfigReader } from '@backstage/config';
import { readMlopsBackendConfig } from './readMlopsBackendConfig';

describe('readMlopsBackendConfig', () => {
  it('has defaults', () => {
    expect(readMlopsBackendConfig(new ConfigReader({}))).toEqual({
      reconcileWaitMs: 10_000,
      entityRefreshSeconds: 30,
    });
  });

  it('reads both settings', () => {
    expect(
      readMlopsBackendConfig(
        new ConfigReader({
          mlops: {
            actions: { reconcileWaitMs: 2500 },
            entities: { refreshIntervalSeconds: 5 },
          },
        }),
      ),
    ).toEqual({ reconcileWaitMs: 2500, entityRefreshSeconds: 5 });
  });

  it.each([
    [{ actions: { reconcileWaitMs: 0 } }, 'mlops.actions.reconcileWaitMs: must be a number above 0'],
    [{ actions: { reconcileWaitMs: 'soon' } }, 'mlops.actions.reconcileWaitMs'],
    [{ entities: { refreshIntervalSeconds: -1 } }, 'mlops.entities.refreshIntervalSeconds: must be'],
  ])('names the key of a bad value (%j)', (mlops, message) => {
    expect(() =>
      readMlopsBackendConfig(new ConfigReader({ mlops } as any)),
    ).toThrow(message);
  });
});
