import { moveFocus } from './keyboard';

describe('moveFocus', () => {
  const columns = [['src'], [], ['ks-a', 'ks-b', 'ks-c'], ['hr-1', 'hr-2']];
  const links: Record<string, string[]> = { 'ks-c': ['hr-2'], 'hr-2': ['ks-c'] };
  const connected = (id: string) => links[id] ?? [];

  it.each([
    ['ks-b', 'ArrowUp', 'ks-a'],
    ['ks-a', 'ArrowUp', 'ks-a'],
    ['ks-b', 'ArrowDown', 'ks-c'],
    ['ks-c', 'ArrowDown', 'ks-c'],
    ['ks-b', 'Home', 'ks-a'],
    ['ks-a', 'End', 'ks-c'],
    // Left skips the empty column; the same height is clamped to what is there.
    ['ks-c', 'ArrowLeft', 'src'],
    ['src', 'ArrowLeft', 'src'],
    // Right prefers a connected item over the same height.
    ['ks-c', 'ArrowRight', 'hr-2'],
    ['ks-a', 'ArrowRight', 'hr-1'],
    ['hr-2', 'ArrowLeft', 'ks-c'],
    ['hr-1', 'ArrowRight', 'hr-1'],
  ] as const)('from %s, %s goes to %s', (from, key, to) => {
    expect(moveFocus(columns, from, key, connected)).toBe(to);
  });

  it('starts at the first item when the focused one is gone (after a refresh)', () => {
    expect(moveFocus(columns, 'vanished', 'ArrowDown', connected)).toBe('src');
  });
});
