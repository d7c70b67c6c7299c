import {
  coreServices,
  createServiceFactory,
  type AuthService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

/**
 * The mock auth service, except that a token a plugin requests on behalf of
 * a user carries that plugin as the user's actor, as real on-behalf-of
 * tokens do. The real permission backend refuses conditional requests from a
 * user without an actor ("direct user requests"), which the stock mock turns
 * every plugin's request into.
 */
export const oboMockAuthFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const mock = mockServices.auth({ pluginId: plugin.getId() });
    return Object.assign(Object.create(mock), {
      async getPluginRequestToken(options: Parameters<AuthService['getPluginRequestToken']>[0]) {
        const principal = options.onBehalfOf.principal as { type: string; userEntityRef?: string };
        if (principal.type === 'user' && principal.userEntityRef) {
          return {
            token: mockCredentials.user.token(principal.userEntityRef, {
              actor: { subject: `plugin:${plugin.getId()}` },
            }),
          };
        }
        return mock.getPluginRequestToken(options);
      },
    });
  },
});
