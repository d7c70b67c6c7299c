import { findTypeByKind } from './resources';
import { humanDuration, toTable, wantsTable } from './tables';

describe('humanDuration (as kubectl shows ages)', () => {
  it.each([
    [5_000, '5s'],
    [119_000, '119s'],
    [125_000, '2m5s'],
    [600_000, '10m'],
    [3_600_000, '60m'],
    [4 * 3_600_000 + 60_000, '4h1m'],
    [30 * 3_600_000, '30h'],
    [3 * 86_400_000, '3d'],
    [400 * 86_400_000, '400d'],
    [-5_000, '<invalid>'],
  ])('%d ms is %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('toTable', () => {
  const now = Date.parse('2026-11-25T21:00:00Z');
  const pod = {
    metadata: { name: 'mlops-kafka-broker-0', namespace: 'data-plane', creationTimestamp: '2026-11-25T20:00:00Z' },
    spec: { containers: [{ name: 'kafka' }], nodeName: 'kube-sim-node-1' },
    status: { phase: 'Running', podIP: '10.244.0.7', containerStatuses: [{ name: 'kafka', ready: false, restartCount: 14, state: { waiting: { reason: 'CrashLoopBackOff' } } }] },
  };

  it('prints pods like the built-in printer, with metadata-only row objects by default', () => {
    const table = toTable(findTypeByKind('v1', 'Pod')!, [pod], { resourceVersion: '42' }, undefined, now);
    expect(table.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node']);
    expect(table.rows[0].cells).toEqual(['mlops-kafka-broker-0', '0/1', 'CrashLoopBackOff', '14', '60m', '10.244.0.7', 'kube-sim-node-1']);
    expect(table.rows[0].object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: pod.metadata });
    expect(toTable(findTypeByKind('v1', 'Pod')!, [pod], {}, 'None', now).rows[0].object).toBeUndefined();
  });

  it('prints Flux objects with the CRD printer columns', () => {
    const ks = { metadata: { name: 'base', creationTimestamp: '2026-11-25T20:59:00Z' }, status: { conditions: [{ type: 'Ready', status: 'False', message: 'dependency not ready' }] } };
    const table = toTable(findTypeByKind('kustomize.toolkit.fluxcd.io/v1', 'Kustomization')!, [ks], {}, undefined, now);
    expect(table.rows[0].cells).toEqual(['base', '60s', 'False', 'dependency not ready']);
  });

  it('recognises the Accept header kubectl sends', () => {
    expect(wantsTable('application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json')).toBe(true);
    expect(wantsTable('application/json')).toBe(false);
  });
});
