import http from 'node:http';
import path from 'node:path';
import { KubeSim, findTypeByKind, startKubeSim } from './index';

/*
 * The wire protocol details (watch events, 410 Gone, bookmarks, timeouts)
 * and the run-time faults, over raw HTTP so nothing in a client library hides
 * what the server sent.
 */

const FIXTURE = path.join(__dirname, '__fixtures__', 'gitops');

interface WatchResult {
  status: number;
  events: any[];
  ended: boolean;
}

/** Opens a watch and collects events until `until` says stop, the stream ends, or `ms` pass. */
function watch(url: string, token: string, until: (events: any[]) => boolean, ms = 5000): Promise<WatchResult> {
  return new Promise((resolve, reject) => {
    const events: any[] = [];
    let buf = '';
    let status = 0;
    const req = http.get(url, { agent: false, headers: { Authorization: `Bearer ${token}` } }, res => {
      status = res.statusCode!;
      const timer = setTimeout(() => {
        req.destroy();
        resolve({ status: res.statusCode!, events, ended: false });
      }, ms);
      const finish = (ended: boolean) => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode!, events, ended });
      };
      res.setEncoding('utf8');
      res.on('data', chunk => {
        buf += chunk;
        const lines = buf.split('\n');
        buf = lines.pop() ?? '';
        for (const line of lines) if (line) events.push(JSON.parse(line));
        if (until(events)) finish(false);
      });
      res.on('end', () => finish(true));
      res.on('close', () => finish(true));
    });
    // A connection dropped mid-stream is an end of the watch, as clients see it.
    req.on('error', e => (status ? resolve({ status, events, ended: true }) : reject(e)));
  });
}

async function api(sim: KubeSim, p: string, init: { method?: string; token?: string; body?: unknown; contentType?: string; signal?: AbortSignal } = {}) {
  const res = await fetch(`${sim.url}${p}`, {
    method: init.method ?? 'GET',
    headers: {
      Authorization: `Bearer ${init.token ?? sim.token}`,
      ...(init.body !== undefined ? { 'Content-Type': init.contentType ?? 'application/json' } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    signal: init.signal,
  });
  return { status: res.status, body: await res.json() };
}

describe('watch protocol', () => {
  let sim: KubeSim;
  beforeAll(async () => {
    sim = await startKubeSim({ gitopsDir: FIXTURE, stepMs: 0, tls: false, bookmarkIntervalMs: 50 });
  });
  afterAll(() => sim.stop());
  afterEach(() => sim.admin.resetFaults());

  const ksPath = '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations';

  it('without a resourceVersion: synthetic ADDED for current objects, then changes', async () => {
    const pending = watch(`${sim.url}${ksPath}?watch=true`, sim.token, ev => ev.some(e => e.type === 'MODIFIED'));
    await new Promise(r => setTimeout(r, 100));
    await api(sim, `${ksPath}/apps`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { metadata: { labels: { x: '1' } } } });
    const { status, events } = await pending;
    expect(status).toBe(200);
    expect(events.filter(e => e.type === 'ADDED').map(e => e.object.metadata.name).sort()).toEqual(['apps', 'flux-system', 'infrastructure']);
    expect(events[events.length - 1]).toMatchObject({ type: 'MODIFIED', object: { metadata: { name: 'apps', labels: { x: '1' } } } });
  });

  it('from a resourceVersion: only later events; a change out of a label selector is DELETED', async () => {
    const list = await api(sim, `${ksPath}?labelSelector=team%3Dplatform`);
    expect(list.body.items).toEqual([]);
    const rv = list.body.metadata.resourceVersion;
    const pending = watch(`${sim.url}${ksPath}?watch=true&resourceVersion=${rv}&labelSelector=team%3Dplatform`, sim.token, ev => ev.length >= 2);
    await new Promise(r => setTimeout(r, 100));
    await api(sim, `${ksPath}/apps`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { metadata: { labels: { team: 'platform' } } } });
    await api(sim, `${ksPath}/apps`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { metadata: { labels: { team: null } } } });
    const { events } = await pending;
    expect(events.map(e => `${e.type}:${e.object.metadata.name}`)).toEqual(['ADDED:apps', 'DELETED:apps']);
  });

  it('answers a too-old resourceVersion with an ERROR event carrying a 410 Expired Status, then ends', async () => {
    const rv = (await api(sim, ksPath)).body.metadata.resourceVersion;
    sim.admin.setFaults({ compactNow: true });
    const { status, events, ended } = await watch(`${sim.url}${ksPath}?watch=true&resourceVersion=${rv}`, sim.token, () => false);
    expect(status).toBe(200);
    expect(ended).toBe(true);
    expect(events).toEqual([
      {
        type: 'ERROR',
        object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: expect.stringMatching(/^too old resource version: \d+ \(\d+\)$/), reason: 'Expired', code: 410 },
      },
    ]);
  });

  it('forceGone answers every watch from a resourceVersion with 410, even a current one', async () => {
    const rv = (await api(sim, ksPath)).body.metadata.resourceVersion;
    sim.admin.setFaults({ forceGone: true });
    const { events } = await watch(`${sim.url}${ksPath}?watch=true&resourceVersion=${rv}`, sim.token, () => false);
    expect(events[0].object.code).toBe(410);
  });

  it('sends BOOKMARKs when allowed, and ends at timeoutSeconds', async () => {
    const rv = (await api(sim, ksPath)).body.metadata.resourceVersion;
    const { events } = await watch(`${sim.url}${ksPath}?watch=true&resourceVersion=${rv}&allowWatchBookmarks=true`, sim.token, ev => ev.length > 0);
    expect(events[0]).toEqual({ type: 'BOOKMARK', object: { kind: 'Kustomization', apiVersion: 'kustomize.toolkit.fluxcd.io/v1', metadata: { resourceVersion: expect.any(String) } } });
    const timed = await watch(`${sim.url}${ksPath}?watch=true&resourceVersion=${rv}&timeoutSeconds=1`, sim.token, () => false, 5000);
    expect(timed.ended).toBe(true);
  });

  it('a hanging cluster holds open watches silent, and delivers once it answers again', async () => {
    const rv = (await api(sim, ksPath)).body.metadata.resourceVersion;
    const events: string[] = [];
    const pending = watch(`${sim.url}${ksPath}?watch=true&resourceVersion=${rv}`, sim.token, ev => {
      events.splice(0, events.length, ...ev.map(e => e.object.metadata.labels?.hang ?? ''));
      return ev.length >= 2;
    });
    await new Promise(r => setTimeout(r, 100));
    sim.admin.setFaults({ unreachable: 'hang' });
    const t = sim.clusters[0].store;
    const type = findTypeByKind('kustomize.toolkit.fluxcd.io/v1', 'Kustomization')!;
    t.update(type, 'flux-system', 'apps', o => ({ ...o, metadata: { ...o.metadata, labels: { hang: 'a' } } }));
    t.update(type, 'flux-system', 'apps', o => ({ ...o, metadata: { ...o.metadata, labels: { hang: 'b' } } }));
    await new Promise(r => setTimeout(r, 200));
    expect(events).toEqual([]);
    sim.admin.resetFaults();
    const { events: got } = await pending;
    expect(got.map(e => e.object.metadata.labels.hang)).toEqual(['a', 'b']);
  });

  it('dropped watch connections: now, and after a delay for new ones', async () => {
    const rv = (await api(sim, ksPath)).body.metadata.resourceVersion;
    const open = watch(`${sim.url}${ksPath}?watch=true&resourceVersion=${rv}`, sim.token, () => false, 5000);
    await new Promise(r => setTimeout(r, 100));
    sim.admin.setFaults({ dropWatchesNow: true, dropWatchesAfterMs: 100 });
    expect((await open).ended).toBe(true);
    expect((await watch(`${sim.url}${ksPath}?watch=true&resourceVersion=${rv}`, sim.token, () => false, 5000)).ended).toBe(true);
  });
});

describe('faults and the admin endpoint', () => {
  let sim: KubeSim;
  beforeAll(async () => {
    sim = await startKubeSim({ gitopsDir: FIXTURE, stepMs: 0, tls: false, clusters: ['sim-a', 'sim-b'] });
  });
  afterAll(() => sim.stop());
  afterEach(() => sim.admin.resetFaults());

  it('sets faults over HTTP with the admin token only, validating the body', async () => {
    const denied = await api(sim, '/_sim/faults', { method: 'POST', body: { latencyMs: 10 } });
    expect(denied).toMatchObject({ status: 403, body: { kind: 'Status', reason: 'Forbidden', code: 403 } });
    const invalid = await api(sim, '/_sim/faults', { method: 'POST', token: sim.adminToken, body: { errorRate: 2, bogus: true } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.message).toMatch(/errorRate: Number must be less than or equal to 1/);
    expect(invalid.body.message).toMatch(/Unrecognized key\(s\) in object: 'bogus'/);
    const ok = await api(sim, '/_sim/faults', { method: 'POST', token: sim.adminToken, body: { latencyMs: 150 } });
    expect(ok).toMatchObject({ status: 200, body: { latencyMs: 150, errorRate: 0 } });
    const started = Date.now();
    expect((await api(sim, '/api/v1/namespaces')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    // The fault is per cluster: the other cluster answers as before.
    const other = await fetch(`${sim.clusters[1].url}/_sim/faults`, { headers: { Authorization: `Bearer ${sim.adminToken}` } });
    expect((await other.json()).latencyMs).toBe(0);
  });

  it.each([
    [503, 'ServiceUnavailable'],
    [500, 'InternalError'],
  ] as const)('answers a share of requests with %s %s', async (code, reason) => {
    sim.admin.setFaults({ errorRate: 1, errorCodes: [code] }, 'sim-a');
    expect(await api(sim, '/api/v1/pods')).toMatchObject({ status: code, body: { kind: 'Status', reason, code } });
  });

  it('refuses a token that was suddenly forbidden, and only that one', async () => {
    sim.admin.setFaults({ forbiddenTokens: [sim.readOnlyToken] });
    expect((await api(sim, '/api/v1/pods', { token: sim.readOnlyToken })).status).toBe(403);
    expect((await api(sim, '/api/v1/pods')).status).toBe(200);
  });

  it('a cluster that stops answering: closed sockets, or a hang the client must time out', async () => {
    sim.admin.setFaults({ unreachable: 'close' }, 'sim-a');
    await expect(api(sim, '/api/v1/pods')).rejects.toThrow();
    sim.admin.setFaults({ unreachable: 'hang' }, 'sim-a');
    await expect(api(sim, '/api/v1/pods', { signal: AbortSignal.timeout(300) })).rejects.toThrow(/abort|timeout/i);
    // The admin endpoint keeps answering, so the fault can be lifted.
    const lifted = await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE', headers: { Authorization: `Bearer ${sim.adminToken}` } });
    expect((await lifted.json()).unreachable).toBe('no');
    expect((await api(sim, '/api/v1/pods')).status).toBe(200);
  });

  it('unreachable: close resets API connections but keeps /_sim answering, so the fault can be lifted over HTTP', async () => {
    const admin = (method: string, body?: unknown) =>
      fetch(`${sim.url}/_sim/faults`, {
        method,
        headers: { Authorization: `Bearer ${sim.adminToken}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    // Set over HTTP: the answer to the request that sets the fault arrives.
    const set = await admin('POST', { unreachable: 'close' });
    expect(set.status).toBe(200);
    expect((await set.json()).unreachable).toBe('close');
    await expect(api(sim, '/api/v1/pods')).rejects.toThrow();
    // A new connection to the control endpoint is served while API calls are reset.
    const info = await fetch(`${sim.url}/_sim/info`, { headers: { Authorization: `Bearer ${sim.adminToken}` } });
    expect(info.status).toBe(200);
    const lifted = await admin('DELETE');
    expect((await lifted.json()).unreachable).toBe('no');
    expect((await api(sim, '/api/v1/pods')).status).toBe(200);
  });

  it('reports open connections beside open watches, and a client that gives up on a hang frees its socket', async () => {
    const server = sim.clusters[0].server;
    const base = server.connectionCount();
    sim.admin.setFaults({ unreachable: 'hang' }, 'sim-a');
    // Three requests the cluster never answers; the client gives up on each
    // and closes its connection.
    const hung = Array.from(
      { length: 3 },
      () =>
        new Promise<void>(resolve => {
          const req = http.get(`${sim.url}/api/v1/pods`, { agent: false, headers: { Authorization: `Bearer ${sim.token}` } });
          req.on('error', () => resolve());
          req.setTimeout(1000, () => req.destroy());
        }),
    );
    for (let i = 0; i < 100 && server.connectionCount() < base + 3; i++) await new Promise(r => setTimeout(r, 5));
    expect(server.connectionCount()).toBe(base + 3);
    await Promise.all(hung);
    sim.admin.resetFaults('sim-a');
    // The aborted requests' sockets are closed on the server too: none is left behind.
    for (let i = 0; i < 100 && server.connectionCount() > base; i++) await new Promise(r => setTimeout(r, 20));
    expect(server.connectionCount()).toBeLessThanOrEqual(base);
    const info = await (await fetch(`${sim.url}/_sim/info`, { headers: { Authorization: `Bearer ${sim.adminToken}` } })).json();
    expect(info).toMatchObject({ watches: expect.any(Number), connections: expect.any(Number) });
  });

  it('changes an object through /_sim/merge-patch while the API hangs; watches get it once the hang ends', async () => {
    const ksPath = '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations';
    sim.admin.setFaults({ unreachable: 'hang' }, 'sim-a');
    const res = await fetch(`${sim.url}/_sim/merge-patch`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sim.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', namespace: 'flux-system', name: 'apps', patch: { spec: { suspend: true } } }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).spec.suspend).toBe(true);
    const denied = await fetch(`${sim.url}/_sim/merge-patch`, { method: 'POST', headers: { Authorization: `Bearer ${sim.token}` }, body: '{}' });
    expect(denied.status).toBe(403);
    sim.admin.resetFaults('sim-a');
    expect((await api(sim, `${ksPath}/apps`)).body.spec.suspend).toBe(true);
  });

  it('validates faults set in code, naming the field', () => {
    expect(() => sim.admin.setFaults({ latencyMs: -1 })).toThrow(/latencyMs/);
    expect(() => sim.admin.setFaults({}, 'nope')).toThrow(/unknown cluster 'nope'/);
  });

  it('counts API requests, not admin calls', async () => {
    const server = sim.clusters[1].server;
    const before = server.requestCount();
    await fetch(`${sim.clusters[1].url}/api/v1/namespaces`, { headers: { Authorization: `Bearer ${sim.token}` } });
    await fetch(`${sim.clusters[1].url}/_sim/info`, { headers: { Authorization: `Bearer ${sim.adminToken}` } });
    expect(server.requestCount()).toBe(before + 1);
  });

  it('answers 401 Unauthorized without a valid token', async () => {
    expect(await api(sim, '/api/v1/pods', { token: 'wrong-token' })).toMatchObject({ status: 401, body: { reason: 'Unauthorized', code: 401 } });
  });
});
