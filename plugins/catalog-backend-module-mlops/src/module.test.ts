import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  CatalogProcessor,
  EntityProvider,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import { mlopsClustersServiceRef } from '@mlops-portal/plugin-mlops-node';
import { resolve } from 'path';
import { catalogModuleMlopsEntityProvider } from './module';

describe('catalogModuleMlopsEntityProvider', () => {
  it('registers one scheduled provider per configured repository', async () => {
    const providers: EntityProvider[] = [];
    const processors: CatalogProcessor[] = [];
    const scheduleTask = jest.fn(async () => {});
    await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          {
            addEntityProvider: (...p: any[]) => providers.push(...p.flat()),
            addProcessor: (...p: any[]) => processors.push(...p.flat()),
          },
        ],
      ],
      features: [
        catalogModuleMlopsEntityProvider,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              providers: {
                mlops: {
                  local: {
                    path: resolve(__dirname, '__fixtures__/mlops-repo'),
                    defaultOwner: 'group:default/platform-team',
                    schedule: {
                      frequency: { minutes: 10 },
                      timeout: { minutes: 2 },
                    },
                  },
                },
              },
            },
          },
        }),
        mockServices.scheduler.mock({ scheduleTask }).factory,
        createServiceFactory({
          service: mlopsClustersServiceRef,
          deps: {},
          factory: () =>
            ({ getClusterStates: () => [], listObjects: () => [] } as any),
        }),
      ],
    });
    expect(providers.map(p => p.getProviderName())).toEqual([
      'mlops-provider:local',
    ]);
    // Shows a file's parse error on the entities kept from its last good version.
    expect(processors.map(p => p.getProcessorName())).toEqual([
      'MlopsSourceErrorProcessor',
    ]);
    const applyMutation = jest.fn(async () => {});
    await providers[0].connect({ applyMutation, refresh: jest.fn() });
    expect(scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'mlops-provider:local:refresh',
        frequency: { minutes: 10 },
        timeout: { minutes: 2 },
      }),
    );
  });
});
