import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import {
  localUsersAuthenticator,
  signInAsLocalUser,
} from './localUsersAuthenticator';
import {
  localUsersDisabledReason,
  readLocalUsersConfig,
} from './readLocalUsersConfig';

/**
 * The provider id: routes under /api/auth/localUsers, config under
 * auth.providers.localUsers.
 * @public
 */
export const LOCAL_USERS_PROVIDER_ID = 'localUsers';

/**
 * Registers the `localUsers` sign-in provider with the auth backend, unless
 * this is production: app-config.yaml is the base of the production config
 * too, so the module itself refuses to register there instead of relying on
 * every production config to remove the user list.
 * @public
 */
export const authModuleLocalUsersProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'local-users-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        if (!config.has(`auth.providers.${LOCAL_USERS_PROVIDER_ID}`)) return;
        const disabled = localUsersDisabledReason(config, process.env.NODE_ENV);
        if (disabled) {
          logger.warn(
            `Local user sign-in (auth.providers.${LOCAL_USERS_PROVIDER_ID}) is off: ${disabled}`,
          );
          return;
        }
        // A wrong user list stops start-up here; the auth backend would only
        // log it in development and answer 404 later.
        const { users } = readLocalUsersConfig(
          config.getConfig(`auth.providers.${LOCAL_USERS_PROVIDER_ID}`),
        );
        logger.info(`Local user sign-in for ${users.join(', ')}`);
        providers.registerProvider({
          providerId: LOCAL_USERS_PROVIDER_ID,
          factory: createProxyAuthProviderFactory({
            authenticator: localUsersAuthenticator,
            signInResolver: signInAsLocalUser,
          }),
        });
      },
    });
  },
});
