/* eslint-disable consistent-return */ // handler branches end with `return send(…)` or a bare return
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A deliberately tiny Kubernetes API server for the watcher's unit tests
 * (discovery, paged list, watch with bookmarks, 410 Gone, dropped watches,
 * merge patch, events). The full simulator is packages/kube-sim; this one
 * exists so the watcher's edge cases can be forced deterministically.
 */
export interface FakeResource {
  group: string;
  version: string;
  plural: string;
  kind: string;
}

export interface FakeApiServer {
  url: string;
  requests: string[];
  /** Adds or replaces an object and notifies watchers (ADDED/MODIFIED). */
  put(r: FakeResource, obj: any): void;
  remove(r: FakeResource, namespace: string, name: string): void;
  /** Closes every open watch (as an API server restart would). */
  dropWatches(): void;
  /** Makes the next watch requests answer with a 410 Gone ERROR event. */
  expireResourceVersions(): void;
  /**
   * Watches answer with headers and then say nothing (no events, no
   * bookmarks), as a stuck watch cache would; open ones go quiet too.
   */
  muteWatches(muted: boolean): void;
  /** Answer every request with this HTTP status (0 = close the socket). */
  failWith(status: number | undefined): void;
  stop(): Promise<void>;
}

export async function startFakeApiServer(
  resources: FakeResource[],
  events: any[] = [],
): Promise<FakeApiServer> {
  let rv = 1;
  let minRv = 0;
  let failStatus: number | undefined;
  let muted = false;
  const store = new Map<string, Map<string, any>>(); // plural → ns/name → obj
  const watches = new Set<{ plural: string; res: http.ServerResponse }>();
  const requests: string[] = [];
  const history: Array<{ plural: string; type: string; obj: any; rv: number }> = [];
  const table = (plural: string) => {
    if (!store.has(plural)) store.set(plural, new Map());
    return store.get(plural)!;
  };

  const send = (res: http.ServerResponse, code: number, body: unknown) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const status = (code: number, message: string) => ({
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    code,
    message,
  });
  const notify = (plural: string, type: string, obj: any) => {
    history.push({ plural, type, obj, rv: Number(obj.metadata.resourceVersion) });
    for (const w of watches) {
      if (w.plural === plural && !muted) w.res.write(`${JSON.stringify({ type, object: obj })}\n`);
    }
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${req.method} ${url.pathname}${url.searchParams.get('watch') ? ' watch' : ''}`);
    if (failStatus !== undefined) {
      if (failStatus === 0) {
        req.socket.destroy();
        return;
      }
      send(res, failStatus, status(failStatus, 'injected failure'));
      return;
    }
    const parts = url.pathname.split('/').filter(Boolean);
    if (url.pathname === '/apis') {
      const groups = new Map<string, Set<string>>();
      for (const r of resources) {
        if (!groups.has(r.group)) groups.set(r.group, new Set());
        groups.get(r.group)!.add(r.version);
      }
      send(res, 200, {
        kind: 'APIGroupList',
        groups: [...groups].map(([name, versions]) => ({
          name,
          versions: [...versions].map(v => ({ groupVersion: `${name}/${v}`, version: v })),
          preferredVersion: { groupVersion: `${name}/${[...versions][0]}`, version: [...versions][0] },
        })),
      });
      return;
    }
    if (parts[0] === 'apis' && parts.length === 3) {
      const rs = resources.filter(r => r.group === parts[1] && r.version === parts[2]);
      if (!rs.length) return send(res, 404, status(404, 'not found'));
      send(res, 200, {
        kind: 'APIResourceList',
        groupVersion: `${parts[1]}/${parts[2]}`,
        resources: rs.map(r => ({ name: r.plural, kind: r.kind, namespaced: true, verbs: ['get', 'list', 'watch', 'patch'] })),
      });
      return;
    }
    if (parts[0] === 'api' && parts[2] === 'namespaces' && parts[4] === 'events') {
      const fs = url.searchParams.get('fieldSelector') ?? '';
      const want = Object.fromEntries(fs.split(',').map(p => p.split('=')));
      const items = events.filter(
        e =>
          e.involvedObject.kind === want['involvedObject.kind'] &&
          e.involvedObject.name === want['involvedObject.name'] &&
          e.involvedObject.namespace === parts[3],
      );
      send(res, 200, { kind: 'EventList', apiVersion: 'v1', metadata: { resourceVersion: String(rv) }, items });
      return;
    }
    if (parts[0] === 'api' && parts[4] === 'configmaps') {
      if (url.searchParams.get('watch')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return;
      }
      send(res, 200, { kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: String(rv) }, items: [] });
      return;
    }
    const r = resources.find(x => x.group === parts[1] && x.version === parts[2]);
    if (!r) return send(res, 404, status(404, 'not found'));
    // Collection: /apis/g/v/plural
    if (parts.length === 4 && parts[3] === r.plural) {
      if (url.searchParams.get('watch') === 'true') {
        const from = Number(url.searchParams.get('resourceVersion') ?? '0');
        res.writeHead(200, { 'content-type': 'application/json' });
        if (muted) {
          res.flushHeaders();
          const w = { plural: r.plural, res };
          watches.add(w);
          res.on('close', () => watches.delete(w));
          return;
        }
        if (from < minRv) {
          res.end(`${JSON.stringify({ type: 'ERROR', object: status(410, 'too old resource version') })}\n`);
          return;
        }
        for (const h of history) {
          if (h.plural === r.plural && h.rv > from) res.write(`${JSON.stringify({ type: h.type, object: h.obj })}\n`);
        }
        if (url.searchParams.get('allowWatchBookmarks') === 'true') {
          res.write(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: r.kind, apiVersion: `${r.group}/${r.version}`, metadata: { resourceVersion: String(rv) } } })}\n`);
        }
        const w = { plural: r.plural, res };
        watches.add(w);
        res.on('close', () => watches.delete(w));
        return;
      }
      const all = [...table(r.plural).values()];
      const limit = Number(url.searchParams.get('limit') ?? '0') || all.length;
      const start = Number(url.searchParams.get('continue') ?? '0');
      const items = all.slice(start, start + limit);
      const next = start + limit < all.length ? String(start + limit) : undefined;
      send(res, 200, {
        kind: `${r.kind}List`,
        apiVersion: `${r.group}/${r.version}`,
        // remainingItemCount exactly when there is a next page, as the API server answers.
        metadata: {
          resourceVersion: String(rv),
          ...(next ? { continue: next, remainingItemCount: all.length - start - items.length } : {}),
        },
        items,
      });
      return;
    }
    // Object: /apis/g/v/namespaces/ns/plural/name
    if (parts[3] === 'namespaces' && parts[5] === r.plural && parts[6]) {
      const key = `${parts[4]}/${parts[6]}`;
      const obj = table(r.plural).get(key);
      if (!obj) return send(res, 404, status(404, `${r.plural} "${parts[6]}" not found`));
      if (req.method === 'PATCH') {
        if (req.headers['content-type'] !== 'application/merge-patch+json') {
          return send(res, 415, status(415, `unsupported media type ${req.headers['content-type']}`));
        }
        let body = '';
        req.on('data', c => (body += c));
        req.on('end', () => {
          const merge = (t: any, p: any): any => {
            if (p === null || typeof p !== 'object' || Array.isArray(p)) return p;
            const out = { ...(t && typeof t === 'object' && !Array.isArray(t) ? t : {}) };
            for (const [k, v] of Object.entries(p)) {
              if (v === null) delete out[k];
              else out[k] = merge(out[k], v);
            }
            return out;
          };
          const next = merge(obj, JSON.parse(body));
          next.metadata.resourceVersion = String(++rv);
          table(r.plural).set(key, next);
          notify(r.plural, 'MODIFIED', next);
          send(res, 200, next);
        });
        return;
      }
      send(res, 200, obj);
      return;
    }
    send(res, 404, status(404, 'not found'));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const dropWatches = () => {
    for (const w of watches) w.res.destroy();
    watches.clear();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    put(r, obj) {
      const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
      const exists = table(r.plural).has(key);
      const next = { apiVersion: `${r.group}/${r.version}`, kind: r.kind, ...obj, metadata: { ...obj.metadata, resourceVersion: String(++rv) } };
      table(r.plural).set(key, next);
      notify(r.plural, exists ? 'MODIFIED' : 'ADDED', next);
    },
    remove(r, namespace, name) {
      const key = `${namespace}/${name}`;
      const obj = table(r.plural).get(key);
      if (!obj) return;
      table(r.plural).delete(key);
      notify(r.plural, 'DELETED', { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++rv) } });
    },
    dropWatches,
    muteWatches(m) {
      muted = m;
    },
    expireResourceVersions() {
      minRv = rv + 1;
    },
    failWith(s) {
      failStatus = s;
      if (s !== undefined) dropWatches();
    },
    stop: () =>
      new Promise<void>(resolve => {
        for (const w of watches) w.res.destroy();
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
