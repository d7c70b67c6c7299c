import type { ObjectEvent } from '../api/types';
import { countDriftEvents } from './driftEvents';

const NOW = Date.parse('2026-12-04T12:00:00Z');
const HOUR = 3600_000;
const ev = (reason: string, at: string | undefined, count?: number, message = reason): ObjectEvent => ({
  type: reason === 'DriftCorrectionFailed' ? 'Warning' : 'Normal',
  reason,
  message,
  count,
  lastTimestamp: at,
  involvedObject: { kind: 'HelmRelease', namespace: 'orchestration', name: 'airflow' },
});

describe('countDriftEvents', () => {
  it('counts corrected and failed corrections with their repeats, within the window only', () => {
    const t = countDriftEvents(
      [
        ev('DriftCorrected', '2026-12-04T11:00:00Z', 3, 'Cluster state of release orchestration/airflow.v2 has been corrected:\nDeployment/orchestration/airflow-webserver configured'),
        ev('DriftCorrectionFailed', '2026-12-04T10:00:00Z', undefined, 'Failed to correct cluster state of release orchestration/airflow.v2:\nforbidden'),
        ev('DriftCorrected', '2026-12-02T10:00:00Z', 5), // older than the window
        ev('UpgradeSucceeded', '2026-12-04T11:30:00Z'), // not drift
        ev('DriftCorrected', undefined), // no time: not counted
      ],
      NOW,
      24 * HOUR,
    );
    expect(t).toEqual({
      corrected: 3,
      correctionFailed: 1,
      lastSeen: '2026-12-04T11:00:00.000Z',
      message: 'Cluster state of release orchestration/airflow.v2 has been corrected:\nDeployment/orchestration/airflow-webserver configured',
    });
  });

  it('is zero without drift events', () => {
    expect(countDriftEvents([ev('ReconciliationSucceeded', '2026-12-04T11:00:00Z')], NOW, HOUR)).toEqual({ corrected: 0, correctionFailed: 0 });
  });

  it('uses firstTimestamp when an event has no lastTimestamp', () => {
    const e = { ...ev('DriftCorrectionFailed', undefined), firstTimestamp: '2026-12-04T11:59:00Z' };
    expect(countDriftEvents([e], NOW, HOUR).correctionFailed).toBe(1);
  });
});
