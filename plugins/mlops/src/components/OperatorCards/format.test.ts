import { formatBytes, formatDuration, toUrl } from './format';

describe('format helpers', () => {
  it('formats bytes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(4 * 1024 ** 4)).toBe('4.0 TiB');
    expect(formatBytes(undefined)).toBe('–');
  });

  it('formats durations and refuses malformed timestamps', () => {
    expect(formatDuration('2026-11-25T10:00:00Z', '2026-11-25T11:02:03Z')).toBe('1h 2m 3s');
    expect(formatDuration('not a time', '2026-11-25T11:02:03Z')).toBeUndefined();
    expect(formatDuration('2026-11-25T10:00:00Z', undefined)).toBeUndefined();
  });

  it('adds a scheme to bare addresses only', () => {
    expect(toUrl('spark-ui.example.com/app')).toBe('http://spark-ui.example.com/app');
    expect(toUrl('https://x')).toBe('https://x');
  });
});
