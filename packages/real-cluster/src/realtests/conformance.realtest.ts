import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { startKubeSim, type KubeSim } from '@mlops-portal/kube-sim';
import { realCluster, kubectl, raw, watchEvents, type RealCluster } from './realCluster';
import { FIXED_KUBE_SIM_BUGS, KNOWN_DIFFERENCES } from './conformance/knownDifferences';

/*
 * Conformance of the simulator: the same recorded requests
 * (conformance/requests.yaml) against kube-sim and the real kube-apiserver,
 * responses compared after normalizing what differs by nature (uids,
 * timestamps, resourceVersions, managedFields). Every difference must be
 * listed in conformance/knownDifferences.ts as a kube-sim bug or a documented
 * limit (docs/real-cluster.md); a new difference, or a listed one that no
 * longer happens, fails the test.
 */

interface RecordedRequest {
  id: string;
  method: string;
  path: string;
  body?: unknown;
  contentType?: string;
  token?: 'rw' | 'ro';
  events?: number;
}

const REQUESTS: RecordedRequest[] = parse(fs.readFileSync(path.join(__dirname, 'conformance', 'requests.yaml'), 'utf8'));

const VOLATILE = new Set(['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'selfLink', 'lastTransitionTime']);

const UNORDERED = new Set(['verbs', 'shortNames', 'categories']);

/** Times whose presence matters but whose value differs by nature. */
const TIMES = new Set(['deletionTimestamp']);

/** Normalizes a response body: drops volatile metadata, masks continue tokens and addresses, sorts unordered lists. */
function normalize(v: any, key = ''): any {
  if (Array.isArray(v)) {
    const items = v.map(x => normalize(x));
    if (UNORDERED.has(key)) return [...items].sort();
    // Discovery resources: compare by name, not position.
    if (key === 'resources') return [...items].sort((a, b) => String(a?.name).localeCompare(String(b?.name)));
    return items;
  }
  if (v && typeof v === 'object') {
    const out: any = {};
    for (const k of Object.keys(v).sort()) {
      if (VOLATILE.has(k)) continue;
      if (k === 'continue' && key === 'metadata' && v[k]) {
        out[k] = '<continue>';
        continue;
      }
      if (TIMES.has(k) && v[k]) {
        out[k] = '<time>';
        continue;
      }
      if (k === 'serverAddress') {
        out[k] = '<address>';
        continue;
      }
      out[k] = normalize(v[k], k);
    }
    return out;
  }
  return v;
}

/** Paths (a.b[0].c) where two normalized values differ. */
function diffPaths(a: any, b: any, at = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const bothObjects = a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) return [at || '<root>'];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: string[] = [];
  for (const k of keys) {
    let p = at ? `${at}.${k}` : k;
    if (Array.isArray(a)) p = `${at}[${k}]`;
    out.push(...diffPaths(a[k], b[k], p));
  }
  return out;
}

function differences(a: { code: number; body: any }, b: { code: number; body: any }): string[] {
  if (a.code !== b.code) return [`<status ${a.code} vs ${b.code}>`];
  return diffPaths(a.body, b.body);
}

interface Side {
  name: string;
  url: string;
  caCert?: string;
  rw: string;
  ro: string;
}

async function replay(side: Side): Promise<Map<string, { code: number; body: any }>> {
  const out = new Map<string, { code: number; body: any }>();
  let continueToken = '';
  for (const r of REQUESTS) {
    const token = r.token === 'ro' ? side.ro : side.rw;
    const p = r.path.replace('@CONTINUE@', encodeURIComponent(continueToken));
    if (r.method === 'WATCH') {
      const events = await watchEvents(side, token, p, evs => evs.length >= (r.events ?? 1), 10_000);
      out.set(r.id, { code: 200, body: normalize(events.slice(0, r.events ?? 1)) });
      continue;
    }
    const res = await raw(side, token, r.method, p, r.body, r.contentType ?? 'application/json');
    if (r.id === 'list-limit') continueToken = res.json?.metadata?.continue ?? '';
    out.set(r.id, { code: res.code, body: normalize(res.json ?? res.body) });
  }
  return out;
}

describe('kube-sim conformance with the real kube-apiserver', () => {
  let rc: RealCluster;
  let sim: KubeSim;
  let real: Map<string, { code: number; body: any }>;
  let simulated: Map<string, { code: number; body: any }>;

  beforeAll(async () => {
    rc = realCluster();
    kubectl(rc, ['delete', 'namespace', 'conformance', '--ignore-not-found', '--wait=true', '--timeout=60s']);
    kubectl(rc, ['create', 'namespace', 'conformance']);
    sim = await startKubeSim({ gitopsDir: false, scenario: 'healthy', stepMs: 0, reconcileDelayMs: 60_000 });
    await raw({ url: sim.url, caCert: sim.clusters[0].caCert }, sim.adminToken, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'conformance' } });
    real = await replay({ name: 'real', url: rc.url, caCert: rc.caCert, rw: rc.adminToken, ro: rc.restrictedToken });
    simulated = await replay({ name: 'kube-sim', url: sim.url, caCert: sim.clusters[0].caCert, rw: sim.token, ro: sim.readOnlyToken });
  }, 120_000);

  afterAll(async () => {
    await sim?.stop();
    if (rc) kubectl(rc, ['delete', 'namespace', 'conformance', '--ignore-not-found', '--wait=false']);
  });

  it('answers every recorded request as the real API server does, but for the listed differences', () => {
    const found: Record<string, string[]> = {};
    for (const r of REQUESTS) {
      const a = real.get(r.id)!;
      const b = simulated.get(r.id)!;
      const paths = differences(a, b);
      const known = KNOWN_DIFFERENCES[r.id];
      const unexplained = paths.filter(p => !(known?.paths ?? []).some(re => re.test(p)));
      if (unexplained.length) {
        found[r.id] = unexplained.map(p => `${p}: real ${JSON.stringify(pick(a, p))} / kube-sim ${JSON.stringify(pick(b, p))}`);
      }
      if (known && paths.length === 0) found[r.id] = ['listed in KNOWN_DIFFERENCES but no longer differs: remove it'];
    }
    expect(found).toEqual({});
  });

  // Each kube-sim bug found is a conformance case of its own that fails until
  // the simulator is fixed (test.failing passes while it still fails): fix
  // kube-sim, then remove the entry from knownDifferences.ts.
  for (const [id, d] of Object.entries(KNOWN_DIFFERENCES).filter(([, x]) => x.kind === 'kube-sim bug')) {
    // eslint-disable-next-line no-loop-func -- reads the responses recorded in beforeAll
    it.failing(`kube-sim bug, request ${id}: ${d.why}`, () => {
      const a = real.get(id)!;
      const b = simulated.get(id)!;
      const paths = differences(a, b);
      expect(paths.filter(p => d.paths.some(re => re.test(p)))).toEqual([]);
    });
  }

  // The kube-sim bugs found here and fixed in packages/kube-sim: each request
  // is answered as the real server answers it (but for its listed limits).
  for (const [id, why] of Object.entries(FIXED_KUBE_SIM_BUGS)) {
    // eslint-disable-next-line no-loop-func -- reads the responses recorded in beforeAll
    it(`fixed kube-sim bug, request ${id}: ${why}`, () => {
      expect(REQUESTS.some(r => r.id === id)).toBe(true);
      const limits = KNOWN_DIFFERENCES[id]?.kind === 'limit' ? KNOWN_DIFFERENCES[id].paths : [];
      const paths = differences(real.get(id)!, simulated.get(id)!).filter(p => !limits.some(re => re.test(p)));
      expect(paths).toEqual([]);
    });
  }

  it('documents every known difference and fixed bug in docs/real-cluster.md', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'docs', 'real-cluster.md'), 'utf8');
    for (const id of [...Object.keys(KNOWN_DIFFERENCES), ...Object.keys(FIXED_KUBE_SIM_BUGS)]) expect(doc).toContain(`\`${id}\``);
  });
});

function pick(res: { code: number; body: any }, p: string): unknown {
  if (p.startsWith('<')) return res.code;
  let v: any = res.body;
  for (const part of p.split(/\.|\[|\]/).filter(Boolean)) v = v?.[part];
  const s = JSON.stringify(v);
  return s && s.length > 160 ? `${s.slice(0, 160)}…` : v;
}
