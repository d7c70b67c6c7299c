import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { ClusterTimeoutError } from './errors';

/** How one watch request ended (errors reject instead). @public */
export interface WatchStreamEnd {
  /** ADDED/MODIFIED/DELETED/BOOKMARK events received. */
  events: number;
  /**
   * `closed`: the server ended the stream (timeoutSeconds, restart);
   * `silent`: nothing arrived within the liveness interval, so the request
   * was aborted; `stopped`: the caller's signal aborted it.
   */
  ended: 'closed' | 'silent' | 'stopped';
}

/** Options of {@link watchStream}. @public */
export interface WatchStreamOptions {
  /** The cluster: its server, CA, client certificates and credentials. */
  kubeConfig: KubeConfig;
  /** API path of the collection, e.g. `/apis/g/v/plural`. */
  path: string;
  /** Query parameters besides `watch=true` (selectors, resourceVersion, timeoutSeconds); undefined ones are left out. */
  query: Record<string, string | number | boolean | undefined>;
  /** The response headers must arrive within this (ms). */
  connectTimeoutMs: number;
  /** Abort when no byte (event or bookmark) arrives for this long (ms). */
  livenessMs: number;
  /** Aborting it ends the watch (`ended: 'stopped'`). */
  signal: AbortSignal;
  /** Each ADDED, MODIFIED, DELETED or BOOKMARK event; a throw ends the watch with that error. */
  onEvent: (type: string, object: any) => void;
  /** The server answered 200: the watch is established. */
  onConnected?: () => void;
}

const MAX_ERROR_BODY = 64 * 1024;

/**
 * One Kubernetes watch request, with the deadlines client-node's `Watch`
 * lacks: its controller exists only once the response headers arrived, so a
 * request to a hung server could be neither timed out nor aborted, and it
 * has no idle rule at all. client-go relies on HTTP/2 pings and the
 * server's periodic bookmarks (about one a minute, `allowWatchBookmarks`)
 * for the same purpose; here a watch that hears nothing for `livenessMs` is
 * aborted (its socket destroyed) and the caller resumes from its last
 * resourceVersion.
 *
 * Resolves when the stream ends; rejects on a connect timeout
 * ({@link ClusterTimeoutError}), a network error, a non-200 answer (with
 * `statusCode` and `body`) or an `ERROR` event (with the Status `code`,
 * 410 for an expired resourceVersion).
 *
 * @public
 */
export async function watchStream(o: WatchStreamOptions): Promise<WatchStreamEnd> {
  const cluster = o.kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('no current cluster in the kubeconfig');
  const url = new URL(cluster.server.replace(/\/+$/, '') + o.path);
  url.searchParams.set('watch', 'true');
  for (const [k, v] of Object.entries(o.query)) {
    if (v !== undefined) url.searchParams.set(k, String(v));
  }
  // The kubeconfig's agent (CA, client certs, proxy) and auth headers,
  // refreshed per request (token files rotate).
  const fetchOptions = await o.kubeConfig.applyToFetchOptions({});
  const headers: Record<string, string> = { Accept: 'application/json' };
  // applyToFetchOptions returns a WHATWG Headers object.
  (fetchOptions.headers as unknown as Headers | undefined)?.forEach((value, key) => {
    headers[key] = value;
  });
  if (o.signal.aborted) return { events: 0, ended: 'stopped' };

  return new Promise<WatchStreamEnd>((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'GET',
      agent: fetchOptions.agent as http.Agent | undefined,
      headers,
    });
    let events = 0;
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Set below; finish and onAbort refer to each other.
    const abortHandler: { onAbort: () => void } = { onAbort: () => {} };
    const finish = (err: unknown, end?: WatchStreamEnd['ended']) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal.removeEventListener('abort', abortHandler.onAbort);
      // Always release the socket: a watch never shares its connection.
      request.destroy();
      if (err) reject(err);
      else resolve({ events, ended: end ?? 'closed' });
    };
    abortHandler.onAbort = () => finish(undefined, 'stopped');
    o.signal.addEventListener('abort', abortHandler.onAbort, { once: true });
    timer = setTimeout(
      () => finish(new ClusterTimeoutError(o.connectTimeoutMs, `watch ${o.path}`)),
      o.connectTimeoutMs,
    );
    request.on('error', err => finish(err));
    request.on('response', res => {
      if (res.statusCode !== 200) {
        // Read the Status body (bounded, still under the connect deadline).
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < MAX_ERROR_BODY) body += chunk;
        });
        res.on('end', () =>
          finish(
            Object.assign(new Error(res.statusMessage || `HTTP ${res.statusCode}`), {
              statusCode: res.statusCode,
              body,
            }),
          ),
        );
        res.on('error', err => finish(err));
        return;
      }
      clearTimeout(timer);
      let lastHeard = Date.now();
      const check = () => {
        const idle = Date.now() - lastHeard;
        if (idle >= o.livenessMs) finish(undefined, 'silent');
        else timer = setTimeout(check, o.livenessMs - idle);
      };
      timer = setTimeout(check, o.livenessMs);
      o.onConnected?.();
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (settled) return;
        lastHeard = Date.now();
        buffer += chunk;
        let nl = buffer.indexOf('\n');
        while (nl >= 0 && !settled) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          nl = buffer.indexOf('\n');
          if (!line) continue;
          let event: { type?: string; object?: any };
          try {
            event = JSON.parse(line);
          } catch {
            continue; // a torn line from a dying connection
          }
          if (event.type === 'ERROR') {
            const status = event.object ?? {};
            finish(
              Object.assign(new Error(status.message ?? 'watch error'), {
                code: typeof status.code === 'number' ? status.code : undefined,
                body: status,
              }),
            );
            return;
          }
          events++;
          try {
            o.onEvent(event.type ?? '', event.object);
          } catch (err) {
            finish(err);
            return;
          }
        }
      });
      res.on('end', () => finish(undefined, 'closed'));
      res.on('close', () => finish(undefined, 'closed'));
      res.on('error', err => finish(err));
    });
    request.end();
  });
}
