/** Summaries and number formats shared by the benchmarks of this folder. */

/** median, p95 (nearest rank) and max of a list of samples. */
export function summary(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const rank = p => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
  return { n: s.length, median: rank(50), p95: rank(95), max: s[s.length - 1], all: xs };
}

export const ms = n => `${Math.round(n).toLocaleString('en-US')} ms`;
export const kib = n => `${(n / 1024).toFixed(1)} KiB`;
export const mib = n => `${(n / 2 ** 20).toFixed(2)} MiB`;
