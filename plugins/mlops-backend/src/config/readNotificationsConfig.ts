import type { Config } from '@backstage/config';

/** The notification settings (`mlops.notifications`). */
export interface NotificationsConfig {
  enabled: boolean;
  /** An object suspended for this long is told to its owners. */
  suspendedAfterMs: number;
  /** How long events are held to group a storm per layer. */
  groupWindowMs: number;
  /** From this many entities of one layer with the same event in a window, one grouped notification. */
  groupThreshold: number;
  /** How often suspensions (and the start-up baseline) are checked. */
  checkIntervalSeconds: number;
}

/** Defaults, as config.d.ts documents them. */
export const DEFAULT_NOTIFICATIONS_CONFIG: NotificationsConfig = {
  enabled: true,
  suspendedAfterMs: 24 * 3600_000,
  groupWindowMs: 30_000,
  groupThreshold: 3,
  checkIntervalSeconds: 60,
};

function range(c: Config | undefined, key: string, def: number, min: number, max: number): number {
  const v = c?.getOptionalNumber(key) ?? def;
  if (!(v >= min && v <= max)) {
    throw new Error(`mlops.notifications.${key} must be from ${min} to ${max}, got ${v}`);
  }
  return v;
}

/** Reads `mlops.notifications`; a value out of range fails at start-up naming its key. */
export function readNotificationsConfig(config: Config): NotificationsConfig {
  const c = config.getOptionalConfig('mlops.notifications');
  const d = DEFAULT_NOTIFICATIONS_CONFIG;
  return {
    enabled: c?.getOptionalBoolean('enabled') ?? d.enabled,
    suspendedAfterMs: range(c, 'suspendedAfterMinutes', d.suspendedAfterMs / 60_000, 1, 525_600) * 60_000,
    groupWindowMs: range(c, 'groupWindowSeconds', d.groupWindowMs / 1000, 0, 3600) * 1000,
    groupThreshold: Math.round(range(c, 'groupThreshold', d.groupThreshold, 2, 10_000)),
    checkIntervalSeconds: range(c, 'checkIntervalSeconds', d.checkIntervalSeconds, 1, 3600),
  };
}
