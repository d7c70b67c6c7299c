import { isValidEntityName, toEntityName } from './entityName';

describe('toEntityName', () => {
  it('keeps valid names', () => {
    expect(toEntityName('kafka-cluster.v2_a')).toBe('kafka-cluster.v2_a');
  });

  it('shortens long names deterministically to 63 characters, keeping them apart', () => {
    const a = `topic-${'x'.repeat(100)}-a`;
    const b = `topic-${'x'.repeat(100)}-b`;
    expect(toEntityName(a)).toHaveLength(63);
    expect(toEntityName(a)).toBe(toEntityName(a));
    expect(toEntityName(a)).not.toBe(toEntityName(b));
    expect(toEntityName(a)).toMatch(/^topic-x+-[0-9a-f]{8}$/);
    expect(isValidEntityName(toEntityName(a))).toBe(true);
  });

  it('replaces odd characters and adds a hash so the change cannot collide', () => {
    const n = toEntityName('my app:v1');
    expect(n).toMatch(/^my-app-v1-[0-9a-f]{8}$/);
    expect(toEntityName('my app-v1')).not.toBe(n);
    expect(toEntityName('___')).toMatch(/^x-[0-9a-f]{8}$/);
  });
});
