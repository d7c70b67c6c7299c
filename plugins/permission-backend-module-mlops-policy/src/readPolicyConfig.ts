import type { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/** @public */
export interface MlopsPolicyConfig {
  /** Full, lower-case entity refs of the admin groups. */
  adminGroups: string[];
}

/** Default admin group when `mlops.permission.adminGroups` is not set. @public */
export const DEFAULT_ADMIN_GROUPS = ['group:default/platform-admins'];

/**
 * Reads `mlops.permission`; fails with the key's path on bad input so a typo
 * stops the backend at start-up instead of silently locking admins out.
 * @public
 */
export function readPolicyConfig(config: Config): MlopsPolicyConfig {
  const key = 'mlops.permission.adminGroups';
  const raw = config.getOptionalStringArray(key) ?? DEFAULT_ADMIN_GROUPS;
  const adminGroups = raw.map((ref, i) => {
    try {
      const parsed = parseEntityRef(ref, { defaultKind: 'group' });
      if (parsed.kind.toLocaleLowerCase('en-US') !== 'group') {
        throw new Error(`kind must be Group, got ${parsed.kind}`);
      }
      return stringifyEntityRef(parsed).toLocaleLowerCase('en-US');
    } catch (e) {
      throw new InputError(`Invalid ${key}[${i}] '${ref}': ${(e as Error).message}`);
    }
  });
  return { adminGroups };
}
