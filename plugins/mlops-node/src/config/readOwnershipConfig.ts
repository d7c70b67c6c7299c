import path from 'node:path';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Origin prefix of the entities our GitOps entity provider emits. @public */
export const MLOPS_PROVIDER_ORIGIN_PREFIX = 'mlops-provider:';
/** Origin prefix of the portal's local ML project locations. @public */
export const ML_PROJECT_ORIGIN_PREFIX = 'mlops-ml-project:';

/**
 * Which catalog origins (`backstage.io/managed-by-origin-location`) may
 * decide who owns a cluster object. @public
 */
export interface OwnershipConfig {
  /**
   * Exact origin location refs (`<type>:<target>`) besides the built-in
   * ones: every `catalog.locations` entry, resolved as the catalog resolves
   * it, and `mlops.ownership.trustedLocations`.
   */
  trustedLocations: string[];
}

/**
 * The location ref the catalog writes as origin for entities read from a
 * location: `file` targets become absolute paths (the catalog's config
 * location provider uses `path.resolve`), others are kept as written.
 */
function locationRef(type: string, target: string, cwd: string): string {
  return `${type}:${type === 'file' ? path.resolve(cwd, target) : target}`;
}

/**
 * Reads the trusted origins: the admin-configured `catalog.locations` (any
 * user may register more locations, but not these) and
 * `mlops.ownership.trustedLocations` (`<type>:<target>`, default none). A
 * malformed entry stops start-up with its key.
 * @public
 */
export function readOwnershipConfig(
  config: Config,
  cwd: string = process.cwd(),
): OwnershipConfig {
  const trusted = new Set<string>();
  const locations = config.getOptionalConfigArray('catalog.locations') ?? [];
  locations.forEach((l, i) => {
    const key = `catalog.locations[${i}]`;
    let type: string;
    let target: string;
    try {
      type = l.getString('type');
      target = l.getString('target');
    } catch (e) {
      throw new InputError(`Invalid config at ${key}: ${(e as Error).message}`);
    }
    trusted.add(locationRef(type, target, cwd));
  });
  const key = 'mlops.ownership.trustedLocations';
  let extra: string[];
  try {
    extra = config.getOptionalStringArray(key) ?? [];
  } catch (e) {
    throw new InputError(`Invalid config at ${key}: ${(e as Error).message}`);
  }
  extra.forEach((ref, i) => {
    const colon = ref.indexOf(':');
    if (colon <= 0 || colon === ref.length - 1) {
      throw new InputError(
        `Invalid config at ${key}[${i}]: '${ref}' is not a location ref <type>:<target>, e.g. url:https://github.com/acme/platform/blob/main/catalog-info.yaml`,
      );
    }
    trusted.add(locationRef(ref.slice(0, colon), ref.slice(colon + 1), cwd));
  });
  return { trustedLocations: [...trusted] };
}

/**
 * Whether entities with this origin may decide ownership: the GitOps
 * provider's own entities, the portal's ML project locations, and the
 * configured ones. The catalog writes the origin itself when it reads a
 * location, so a registered file cannot claim another origin.
 * @public
 */
export function isTrustedOrigin(
  origin: string | undefined,
  config: OwnershipConfig,
): boolean {
  if (!origin) return false;
  if (origin.startsWith(MLOPS_PROVIDER_ORIGIN_PREFIX)) return true;
  if (origin.startsWith(ML_PROJECT_ORIGIN_PREFIX)) return true;
  return config.trustedLocations.includes(origin);
}
