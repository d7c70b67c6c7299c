import { NotAllowedError } from '@backstage/errors';
import type { ObjectEvent } from '@mlops-portal/plugin-mlops-common';
import { DriftSummaryService } from './DriftSummaryService';
import type { DriftEventSource } from './DriftEventWatcher';

const NOW = Date.parse('2026-12-04T12:00:00Z');

const hr = (name: string, namespace: string, drifted = false) => ({
  cluster: 'sim-a',
  kind: 'HelmRelease',
  namespace,
  name,
  summary: { status: { status: 'Ready', badges: drifted ? ['drifted'] : [], since: '2026-12-04T11:00:00Z' } },
});

const entities = [
  { ref: 'system:default/orchestration', kind: 'System', layer: 'orchestration', title: 'Orchestration', objects: [] },
  { ref: 'system:default/data', kind: 'System', layer: 'data', title: 'Data', objects: [] },
  { ref: 'component:default/airflow', kind: 'Component', systemRef: 'system:default/orchestration', objects: [hr('airflow', 'orchestration', true)] },
  { ref: 'component:default/kafka', kind: 'Component', systemRef: 'system:default/data', objects: [hr('kafka', 'data')] },
  { ref: 'component:default/secret-thing', kind: 'Component', systemRef: 'system:default/data', objects: [hr('secret-thing', 'data')] },
];

const ev = (name: string, namespace: string, reason: string, lastTimestamp: string, count = 1): ObjectEvent => ({
  type: reason === 'DriftCorrected' ? 'Normal' : 'Warning',
  reason,
  message: `${reason} ${name}`,
  count,
  lastTimestamp,
  involvedObject: { kind: 'HelmRelease', namespace, name },
});

function service(source?: DriftEventSource, readable = (ref: string) => ref !== 'component:default/secret-thing') {
  return new DriftSummaryService({
    clusters: { listClusterNames: () => ['sim-a'] } as any,
    entities: { list: () => entities, resolve: (e: any) => ({ objects: e.objects }) } as any,
    authorizer: { viewer: async () => ({ canRead: readable }) } as any,
    driftEvents: source,
    now: () => NOW,
  });
}

const creds = {} as any;

describe('DriftSummaryService', () => {
  it('counts corrected drift and failed corrections per layer from drift events within the window, beside the Drifted condition', async () => {
    const source: DriftEventSource = {
      listHelmReleaseDriftEvents: async () => [
        ev('kafka', 'data', 'DriftCorrected', '2026-12-04T11:00:00Z', 2),
        ev('kafka', 'data', 'DriftCorrectionFailed', '2026-12-04T11:30:00Z'),
        ev('kafka', 'data', 'DriftCorrected', '2026-12-01T11:00:00Z', 7), // outside 24 h
        ev('airflow', 'orchestration', 'DriftCorrected', '2026-12-04T10:00:00Z'),
      ],
    };
    const s = await service(source).getSummary(undefined, creds);
    expect(s.windowHours).toBe(24);
    expect(s.notes).toEqual([]);
    const data = s.layers.find(l => l.systemRef === 'system:default/data')!;
    expect(data).toMatchObject({ drifted: 0, corrected: 2, correctionFailed: 1 });
    expect(data.events).toEqual([
      expect.objectContaining({ name: 'kafka', namespace: 'data', entityRef: 'component:default/kafka', corrected: 2, correctionFailed: 1, lastSeen: '2026-12-04T11:30:00.000Z' }),
    ]);
    const orch = s.layers.find(l => l.systemRef === 'system:default/orchestration')!;
    expect(orch).toMatchObject({ drifted: 1, corrected: 1, correctionFailed: 0 });
  });

  it('never counts events of entities the caller may not read', async () => {
    const source: DriftEventSource = {
      listHelmReleaseDriftEvents: async () => [ev('secret-thing', 'data', 'DriftCorrectionFailed', '2026-12-04T11:00:00Z', 4)],
    };
    const s = await service(source).getSummary(undefined, creds);
    const data = s.layers.find(l => l.systemRef === 'system:default/data')!;
    expect(data).toMatchObject({ corrected: 0, correctionFailed: 0, events: [] });
    expect(JSON.stringify(s)).not.toContain('secret-thing');
  });

  it('keeps the Drifted counts and says why when a cluster\'s events cannot be read', async () => {
    const source: DriftEventSource = {
      listHelmReleaseDriftEvents: async () => {
        throw new NotAllowedError('events is forbidden');
      },
    };
    const s = await service(source).getSummary(undefined, creds);
    expect(s.notes).toEqual([expect.stringMatching(/drift events of cluster 'sim-a' could not be read: events is forbidden/)]);
    expect(s.layers.find(l => l.systemRef === 'system:default/orchestration')).toMatchObject({ drifted: 1, corrected: 0 });
  });

  it('answers 404 for an unknown cluster', async () => {
    await expect(service().getSummary('nope', creds)).rejects.toThrow(/no cluster named 'nope'/);
  });
});
