import type { Config } from '@backstage/config';

/** The trace settings (`mlops.trace`). */
export interface TraceConfig {
  /** Watch pods on every cluster so traces end at pods. */
  watchPods: boolean;
  /** Most objects one trace holds per cluster before it stops growing. */
  maxNodesPerCluster: number;
  /** How long a trace nobody asks for again is kept up to date, in ms. */
  idleMs: number;
}

/** Defaults of {@link TraceConfig}, as config.d.ts documents them. */
export const DEFAULT_TRACE_CONFIG: TraceConfig = {
  watchPods: true,
  maxNodesPerCluster: 50_000,
  idleMs: 10 * 60_000,
};

/**
 * Reads `mlops.trace`. Invalid values fail at start-up with the key's path
 * (config's own type errors name it).
 */
export function readTraceConfig(config: Config): TraceConfig {
  const c = config.getOptionalConfig('mlops.trace');
  const max = c?.getOptionalNumber('maxNodesPerCluster') ?? DEFAULT_TRACE_CONFIG.maxNodesPerCluster;
  if (!Number.isInteger(max) || max < 100 || max > 1_000_000) {
    throw new Error(`mlops.trace.maxNodesPerCluster must be a whole number from 100 to 1000000, got ${max}`);
  }
  const idleSeconds = c?.getOptionalNumber('idleSeconds') ?? DEFAULT_TRACE_CONFIG.idleMs / 1000;
  if (!(idleSeconds >= 10 && idleSeconds <= 86400)) {
    throw new Error(`mlops.trace.idleSeconds must be from 10 to 86400, got ${idleSeconds}`);
  }
  return {
    watchPods: c?.getOptionalBoolean('watchPods') ?? DEFAULT_TRACE_CONFIG.watchPods,
    maxNodesPerCluster: max,
    idleMs: idleSeconds * 1000,
  };
}
