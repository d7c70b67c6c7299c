import type { ObjectEvent } from '../api/types';

/**
 * The reasons of the Kubernetes Events helm-controller records when it
 * corrects a HelmRelease's cluster drift (`spec.driftDetection.mode` set
 * to `enabled`): `DriftCorrected` (Normal, "Cluster state of release … has been
 * corrected: …") and `DriftCorrectionFailed` (Warning, "Failed to [partially]
 * correct cluster state of release …").
 * @public
 */
export const DRIFT_EVENT_REASONS = {
  corrected: 'DriftCorrected',
  correctionFailed: 'DriftCorrectionFailed',
} as const;

/** Drift events of one object counted within a window. @public */
export interface DriftEventTally {
  corrected: number;
  correctionFailed: number;
  lastSeen?: string;
  message?: string;
}

/**
 * Counts drift corrections and failed corrections among events last seen
 * (`lastTimestamp`, else `firstTimestamp`) within `windowMs` before `now`.
 * An aggregated event counts as many times as it happened (`count`, at least
 * one). Other reasons, and events without a time, are not counted.
 * @public
 */
export function countDriftEvents(events: ObjectEvent[], now: number, windowMs: number): DriftEventTally {
  const tally: DriftEventTally = { corrected: 0, correctionFailed: 0 };
  let newest = -Infinity;
  for (const e of events) {
    let kind: 'corrected' | 'correctionFailed';
    if (e.reason === DRIFT_EVENT_REASONS.corrected) kind = 'corrected';
    else if (e.reason === DRIFT_EVENT_REASONS.correctionFailed) kind = 'correctionFailed';
    else continue;
    const at = Date.parse(e.lastTimestamp ?? e.firstTimestamp ?? '');
    if (Number.isNaN(at) || at < now - windowMs || at > now + 60_000) continue;
    tally[kind] += Math.max(1, e.count ?? 1);
    if (at > newest) {
      newest = at;
      tally.lastSeen = new Date(at).toISOString();
      tally.message = e.message;
    }
  }
  return tally;
}
