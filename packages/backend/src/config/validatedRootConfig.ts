import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigSources } from '@backstage/config-loader';
import { validatePortalConfig } from './validatePortalConfig';

/**
 * The default root config service, plus {@link validatePortalConfig}, so a
 * wrong value stops start-up with a message naming its key.
 */
export const validatedRootConfigServiceFactory = createServiceFactory({
  service: coreServices.rootConfig,
  deps: {},
  async factory() {
    const source = ConfigSources.default({});
    const config = await ConfigSources.toConfig(source);
    validatePortalConfig(config);
    return config;
  },
});
