import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { z } from 'zod';

/** Where the provider's config lives, for error messages. */
const CONFIG_PATH = 'auth.providers.localUsers';

/**
 * The local users provider's config, with every user as a full entity
 * reference (`user:default/alex`).
 * @public
 */
export interface LocalUsersConfig {
  /** Who may be signed in as, without duplicates. */
  users: string[];
}

/**
 * Turns `alex`, `default/alex` or `user:default/alex` into
 * `user:default/alex`; undefined for anything that is not a user reference.
 * @public
 */
export function toUserEntityRef(value: string): string | undefined {
  try {
    const ref = parseEntityRef(value.trim(), {
      defaultKind: 'user',
      defaultNamespace: 'default',
    });
    if (ref.kind.toLocaleLowerCase('en-US') !== 'user') return undefined;
    return stringifyEntityRef(ref);
  } catch {
    return undefined;
  }
}

const userRefSchema = z
  .string()
  .min(1, 'must not be empty')
  .transform((value, ctx) => {
    const ref = toUserEntityRef(value);
    if (!ref) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `'${value}' is not a user entity reference (user:<namespace>/<name>)`,
      });
      return z.NEVER;
    }
    return ref;
  });

const configSchema = z.object({
  users: z
    .array(userRefSchema)
    .min(1, 'must list at least one user')
    .transform(users => [...new Set(users)]),
});

/**
 * Reads `auth.providers.localUsers` (the provider's own config block, as the
 * auth backend hands it to a provider factory). Throws with the key's path
 * when it is invalid, so a wrong setting stops start-up.
 * @public
 */
export function readLocalUsersConfig(config: Config): LocalUsersConfig {
  const parsed = configSchema.safeParse(config.get());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path
      .map(p => (typeof p === 'number' ? `[${p}]` : `.${p}`))
      .join('');
    throw new Error(`${CONFIG_PATH}${path} ${issue.message}`);
  }
  return parsed.data;
}

/** NODE_ENV values under which local sign-in may run (`yarn start`, jest). */
const DEVELOPMENT_NODE_ENVS = ['development', 'test'];

/**
 * Why local user sign-in must stay off here, or undefined when it may run:
 * only in development, by both signs — `auth.environment` is `development`
 * (its default) and NODE_ENV is `development` or `test` — because
 * app-config.yaml (which lists the users) is also the base of the production
 * config. An allow-list, not a deny-list: `staging`, `prod` or an unset
 * NODE_ENV keep it off too.
 * @public
 */
export function localUsersDisabledReason(
  rootConfig: Config,
  nodeEnv: string | undefined,
): string | undefined {
  const environment =
    rootConfig.getOptionalString('auth.environment') ?? 'development';
  if (environment !== 'development') {
    return `auth.environment is '${environment}', not 'development'`;
  }
  if (!nodeEnv || !DEVELOPMENT_NODE_ENVS.includes(nodeEnv)) {
    return `NODE_ENV is ${nodeEnv ? `'${nodeEnv}'` : 'not set'}, not 'development' or 'test'`;
  }
  return undefined;
}
