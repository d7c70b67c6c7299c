import { InputError } from '@backstage/errors';
import {
  createProxyAuthenticator,
  type SignInResolver,
} from '@backstage/plugin-auth-node';
import { z } from 'zod';
import {
  readLocalUsersConfig,
  toUserEntityRef,
  type LocalUsersConfig,
} from './readLocalUsersConfig';

/**
 * The request header that names the user to sign in as. The sign-in page
 * sends it on every `/api/auth/localUsers/refresh` call (Backstage's
 * ProxiedSignInIdentity passes custom headers along), so token refreshes keep
 * the same user.
 * @public
 */
export const LOCAL_USER_HEADER = 'x-local-user';

/**
 * What the authenticator hands to the sign-in resolver.
 * @public
 */
export interface LocalUserResult {
  /** The picked user, as a full entity reference. */
  userEntityRef: string;
}

const headerSchema = z
  .string({
    required_error: 'is required: the user entity reference to sign in as',
    invalid_type_error: 'must be sent once',
  })
  .trim()
  .min(1, 'must not be empty');

/**
 * Checks the picked user against the configured list; the error names the
 * header and lists who may be picked.
 */
export function pickLocalUser(
  headerValue: unknown,
  config: LocalUsersConfig,
): string {
  const parsed = headerSchema.safeParse(headerValue);
  if (!parsed.success) {
    throw new InputError(
      `${LOCAL_USER_HEADER} header ${parsed.error.issues[0].message}`,
    );
  }
  const ref = toUserEntityRef(parsed.data);
  if (!ref || !config.users.includes(ref)) {
    throw new InputError(
      `${LOCAL_USER_HEADER} header: '${parsed.data}' is not one of the local users ` +
        `(auth.providers.localUsers.users): ${config.users.join(', ')}`,
    );
  }
  return ref;
}

/**
 * A proxy authenticator in the sense of Backstage's proxied sign-in
 * (https://backstage.io/docs/auth/#sign-in-with-proxy-providers): there is no
 * login flow, the `refresh` request itself says who signs in, and only users
 * from `auth.providers.localUsers.users` are accepted.
 * @public
 */
export const localUsersAuthenticator = createProxyAuthenticator<
  LocalUsersConfig,
  LocalUserResult,
  undefined
>({
  // The profile (display name, e-mail) comes from the user's catalog entity,
  // the same source the rest of the portal shows.
  async defaultProfileTransform(result, ctx) {
    try {
      const { entity } = await ctx.findCatalogUser({
        entityRef: result.userEntityRef,
      });
      const profile = (entity.spec?.profile ?? {}) as {
        displayName?: string;
        email?: string;
        picture?: string;
      };
      return {
        profile: {
          displayName: profile.displayName ?? entity.metadata.name,
          email: profile.email,
          picture: profile.picture,
        },
      };
    } catch {
      // The sign-in resolver reports a missing user with its own error.
      return { profile: {} };
    }
  },
  initialize({ config }) {
    return readLocalUsersConfig(config);
  },
  async authenticate({ req }, config) {
    return {
      result: {
        userEntityRef: pickLocalUser(req.headers[LOCAL_USER_HEADER], config),
      },
    };
  },
});

/**
 * Signs in as the picked user's catalog entity, so ownership comes from its
 * `memberOf` through the auth backend's ownership resolution, exactly as with
 * real sign-in. A user missing from the catalog is refused (404), never given
 * a token made up here.
 * @public
 */
export const signInAsLocalUser: SignInResolver<LocalUserResult> = async (
  { result },
  ctx,
) => ctx.signInWithCatalogUser({ entityRef: result.userEntityRef });
