/** Bytes as B/KiB/MiB/GiB/TiB with one decimal. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/**
 * Duration between two timestamps as "1h 2m 3s"; undefined when either is
 * missing or malformed (status timestamps can be, see status-semantics.md).
 */
export function formatDuration(from?: string, to?: string): string | undefined {
  if (!from || !to) return undefined;
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (Number.isNaN(a) || Number.isNaN(b) || b < a) return undefined;
  let s = Math.round((b - a) / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return [h ? `${h}h` : '', m ? `${m}m` : '', `${s}s`].filter(Boolean).join(' ');
}

/** An address as a URL; hosts without a scheme get http:// (in-cluster UIs are plain HTTP). */
export function toUrl(address: string | undefined): string | undefined {
  if (!address) return undefined;
  return /^https?:\/\//.test(address) ? address : `http://${address}`;
}
