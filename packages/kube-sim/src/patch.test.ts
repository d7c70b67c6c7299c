import { PatchError, applyJsonPatch, applyMergePatch, applyPatch, applyStrategicMergePatch } from './patch';

const hr = {
  metadata: { name: 'airflow', annotations: { a: '1' } },
  spec: { suspend: false, interval: '30m', template: { spec: { containers: [{ name: 'main', image: 'x:1' }, { name: 'side', image: 'y:1' }] } } },
};

describe('merge patch (RFC 7386)', () => {
  it('sets and removes keys', () => {
    const out = applyMergePatch(hr, { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': 't', a: null } }, spec: { suspend: true } });
    expect(out.metadata.annotations).toEqual({ 'reconcile.fluxcd.io/requestedAt': 't' });
    expect(out.spec.suspend).toBe(true);
    expect(out.spec.interval).toBe('30m');
    expect(hr.spec.suspend).toBe(false);
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('applies add, replace, remove and test in order', () => {
    const out = applyJsonPatch(hr, [
      { op: 'test', path: '/spec/suspend', value: false },
      { op: 'replace', path: '/spec/suspend', value: true },
      { op: 'add', path: '/metadata/annotations/reconcile.fluxcd.io~1requestedAt', value: 'now' },
      { op: 'remove', path: '/metadata/annotations/a' },
    ]);
    expect(out.spec.suspend).toBe(true);
    expect(out.metadata.annotations).toEqual({ 'reconcile.fluxcd.io/requestedAt': 'now' });
  });

  it('fails a failed test operation with a 422-style error', () => {
    expect(() => applyJsonPatch(hr, [{ op: 'test', path: '/spec/suspend', value: true }])).toThrow(PatchError);
  });

  it('refuses to replace a missing key', () => {
    expect(() => applyJsonPatch(hr, [{ op: 'replace', path: '/spec/missing', value: 1 }])).toThrow(/missing/);
  });
});

describe('strategic merge patch', () => {
  it('merges containers by name and honours $patch: delete', () => {
    const out = applyStrategicMergePatch(hr, {
      spec: { template: { spec: { containers: [{ name: 'main', image: 'x:2' }, { name: 'side', $patch: 'delete' }] } } },
    });
    expect(out.spec.template.spec.containers).toEqual([{ name: 'main', image: 'x:2' }]);
  });

  it('patches spec.suspend like a merge patch', () => {
    expect(applyPatch(hr, 'application/strategic-merge-patch+json', { spec: { suspend: true } }).spec.suspend).toBe(true);
  });
});

it('rejects unknown patch content types', () => {
  expect(() => applyPatch(hr, 'text/plain', {})).toThrow(/unsupported patch content type/);
});
