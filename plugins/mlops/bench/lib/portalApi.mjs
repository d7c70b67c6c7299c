/** The portal's HTTP API as the guest user sees it. */
import { performance } from 'node:perf_hooks';

export async function guestToken(baseUrl) {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, { headers: { 'X-Requested-With': 'XMLHttpRequest' } });
  if (!res.ok) throw new Error(`guest sign-in: HTTP ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

/** GET a JSON answer: its body, how long it took and its size. */
export async function getJson(baseUrl, token, path) {
  const t0 = performance.now();
  const res = await fetch(`${baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return { body: JSON.parse(text), ms: performance.now() - t0, bytes: Buffer.byteLength(text) };
}
