import { diffLines, unifiedDiff } from './lineDiff';
import { diffObjects, diffValues } from './objectDiff';

describe('unifiedDiff', () => {
  it('prints hunks with context and line numbers like diff -u', () => {
    const a = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].join('\n');
    const b = ['a', 'b', 'c', 'D', 'e', 'f', 'g', 'h', 'i'].join('\n');
    expect(unifiedDiff(a, b, { from: 'v1', to: 'v2' })).toBe(
      ['--- v1', '+++ v2', '@@ -1,8 +1,9 @@', ' a', ' b', ' c', '-d', '+D', ' e', ' f', ' g', ' h', '+i', ''].join('\n'),
    );
  });
  it('is empty for equal texts and separates distant hunks', () => {
    expect(unifiedDiff('x\ny', 'x\ny')).toBe('');
    const lines = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const changed = [...lines];
    changed[1] = 'L1';
    changed[18] = 'L18';
    const d = unifiedDiff(lines.join('\n'), changed.join('\n'));
    expect(d.match(/^@@/gm)).toHaveLength(2);
    expect(d).toContain('@@ -1,5 +1,5 @@');
    expect(d).toContain('@@ -16,5 +16,5 @@');
  });
  it('turns an empty side into all additions or removals', () => {
    expect(unifiedDiff('', 'a\nb')).toBe('--- a\n+++ b\n@@ -0,0 +1,2 @@\n+a\n+b\n');
    expect(diffLines(['a'], [])).toEqual([{ op: '-', text: 'a' }]);
  });
});

describe('diffValues and diffObjects', () => {
  it('lists changed leaves as paths', () => {
    expect(diffValues({ image: { tag: '1' }, replicas: 2, list: [1, 2] }, { image: { tag: '2' }, list: [1, 3], extra: true })).toEqual([
      { path: 'extra', after: true },
      { path: 'image.tag', before: '1', after: '2' },
      { path: 'list[1]', before: 2, after: 3 },
      { path: 'replicas', before: 2 },
    ]);
  });
  it('finds added, removed and changed objects, ignoring server-set fields and versions', () => {
    const dep = (replicas: number, extra: Record<string, unknown> = {}) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'ns', ...extra }, spec: { replicas } });
    const changes = diffObjects(
      [dep(1), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'old', namespace: 'ns' } }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'same' } }],
      [dep(2, { resourceVersion: '9' }), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'new', namespace: 'ns' } }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'same' } }],
      'ns',
    );
    expect(changes).toEqual([
      { change: 'changed', group: 'apps', kind: 'Deployment', namespace: 'ns', name: 'web', paths: ['spec.replicas'] },
      { change: 'added', group: '', kind: 'Service', namespace: 'ns', name: 'new' },
      { change: 'removed', group: '', kind: 'Service', namespace: 'ns', name: 'old' },
    ]);
  });
});
