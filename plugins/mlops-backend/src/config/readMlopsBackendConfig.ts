import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** The backend plugin's own settings (clusters are read by mlops-node). @public */
export interface MlopsBackendConfig {
  /** How long a reconcile waits for Flux to handle the request, in ms. */
  reconcileWaitMs: number;
  /** How often annotated catalog entities are re-read, in seconds. */
  entityRefreshSeconds: number;
}

function positive(
  config: Config,
  key: string,
  fallback: number,
  max: number,
): number {
  let value: number | undefined;
  try {
    value = config.getOptionalNumber(key);
  } catch (e) {
    throw new InputError(`Invalid config at ${key}: ${(e as Error).message}`);
  }
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new InputError(
      `Invalid config at ${key}: must be a number above 0 and at most ${max}, got ${value}`,
    );
  }
  return value;
}

/**
 * Reads `mlops.actions` and `mlops.entities`; a bad value stops start-up with
 * the key in the message.
 * @public
 */
export function readMlopsBackendConfig(config: Config): MlopsBackendConfig {
  return {
    reconcileWaitMs: positive(config, 'mlops.actions.reconcileWaitMs', 10_000, 300_000),
    entityRefreshSeconds: positive(
      config,
      'mlops.entities.refreshIntervalSeconds',
      30,
      86_400,
    ),
  };
}
