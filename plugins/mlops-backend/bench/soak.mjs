#!/usr/bin/env node
/* eslint-disable no-console, no-loop-func, consistent-return, no-await-in-loop */ // a script: load loops and a timeline
/*
 * Soak of the real backend while faults come and go on one of three
 * simulated clusters (issue 12).
 *
 *   yarn bench:soak                 # 10 minutes
 *   yarn bench:soak --minutes 3     # shorter
 *
 * What runs, all started here and all stopped here (also on failure):
 * - packages/kube-sim with three clusters (`healthy` scenario, bookmarks every
 *   5 s, plain HTTP so that this process can drive it without its CA);
 * - the real backend (packages/backend, run from source as `backstage-cli
 *   package start` does) with app-config.yaml plus a generated config that
 *   points it at the three clusters, SQLite in a temporary folder, and
 *   mlops.watch.requestTimeoutMs 5000 / watchLivenessMs 15000 (bookmarks
 *   come every 5 s here, every ~60 s from a real API server, hence the
 *   shorter-than-default liveness);
 * - 50 viewers polling /overview, /clusters and entity objects (think time
 *   1-3 s), and 200 push subscribers (Backstage signals over WebSocket,
 *   subscribed to `mlops:status`), all signed in as the guest user;
 * - on the third cluster, one after another: hang, close, a 410 storm,
 *   an error rate of 50 %, 3 s latency. Each is on for about 40 % of its
 *   slot; just before it is lifted, a HelmRelease on that cluster is
 *   suspended or resumed through the simulator's control endpoint, and the
 *   time from lifting the fault until the portal serves that object's new
 *   state with the cluster `connected` is the recovery time.
 *
 * Writes docs/reliability.md ("Cluster faults" measured table and "Soak")
 * and a line in docs/benchmarks.md. Env: SOAK_VIEWERS (50),
 * SOAK_SUBSCRIBERS (200), SOAK_WRITE_DOC (1), PORTAL_BACKEND_PORT (7007),
 * KUBE_SIM_PORT (0: free ports).
 */
import { execSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const require = createRequire(import.meta.url);
const transform = require.resolve('@backstage/cli/config/nodeTransform.cjs');

const argv = process.argv.slice(2);
const minutesArg = argv.indexOf('--minutes');
const MINUTES = minutesArg >= 0 ? Number(argv[minutesArg + 1]) : 10;
if (!(MINUTES > 0)) {
  console.error('--minutes must be a positive number');
  process.exit(2);
}
const env = (k, d) => (process.env[k] ? Number(process.env[k]) : d);
const VIEWERS = env('SOAK_VIEWERS', 50);
const SUBSCRIBERS = env('SOAK_SUBSCRIBERS', 200);
const WRITE_DOC = env('SOAK_WRITE_DOC', 1) === 1;
const BACKEND_PORT = env('PORTAL_BACKEND_PORT', 7007);
const SIM_PORT = env('KUBE_SIM_PORT', 0);
const BASE = `http://127.0.0.1:${BACKEND_PORT}`;
const sleep = ms => new Promise(r => setTimeout(r, ms));
const log = msg => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${msg}`);

// ------------------------------------------------------------ processes
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-soak-'));
const children = [];
let cleaning = false;
function cleanup() {
  if (cleaning) return;
  cleaning = true;
  for (const c of children) {
    // Each child leads its own process group: stop it and anything it started.
    try {
      process.kill(-c.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  const deadline = Date.now() + 5000;
  while (children.some(c => c.exitCode === null && c.signalCode === null) && Date.now() < deadline) {
    execSync('sleep 0.2');
  }
  for (const c of children) {
    try {
      process.kill(-c.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  fs.rmSync(work, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    log(`${sig}: stopping`);
    process.exit(130);
  });
}

function start(name, args, opts = {}) {
  const out = fs.openSync(path.join(work, `${name}.log`), 'a');
  const child = spawn(process.execPath, args, {
    cwd: opts.cwd ?? root,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', out, out],
    detached: true,
  });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!cleaning) log(`${name} exited (${signal ?? code}); log: ${path.join(work, `${name}.log`)}`);
  });
  return child;
}

async function waitFor(what, fn, ms) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(500);
  }
  throw new Error(`${what} not ready within ${ms / 1000} s${last ? `: ${last.message}` : ''}`);
}

// ------------------------------------------------------------ stats
const latencies = new Map(); // endpoint → ms[]
const statusCounts = new Map(); // endpoint → {code: n}
let requestErrors = 0;
const errorSamples = [];
function record(endpoint, ms, code) {
  if (!latencies.has(endpoint)) latencies.set(endpoint, []);
  latencies.get(endpoint).push(ms);
  const c = statusCounts.get(endpoint) ?? {};
  c[code] = (c[code] ?? 0) + 1;
  statusCounts.set(endpoint, c);
}
const pct = (xs, p) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function main() {
  const t0 = Date.now();
  const loadStart = os.loadavg();
  const commit = execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim();
  const dirty = execSync('git status --porcelain -- plugins packages', { cwd: root }).toString().trim() ? ' (with uncommitted changes)' : '';

  // 1. Three simulated clusters.
  const infoFile = path.join(work, 'sim.json');
  const adminToken = `soak-admin-${Math.random().toString(36).slice(2)}`;
  start('kube-sim', [
    path.join(root, 'packages/kube-sim/bin/kube-sim.mjs'),
    '--clusters', '3', '--scenario', 'healthy', '--port', String(SIM_PORT),
    '--info', infoFile, '--admin-token', adminToken, '--bookmark-interval-ms', '5000',
    // Plain HTTP: this process drives the simulator too, without its CA.
    '--no-tls',
  ]);
  const info = await waitFor('kube-sim', () => fs.existsSync(infoFile) && JSON.parse(fs.readFileSync(infoFile, 'utf8')), 120_000);
  const clusters = info.clusters;
  const faulty = clusters[2];
  log(`kube-sim: ${clusters.map(c => `${c.name} ${c.url}`).join(', ')}`);
  const simFetch = (c, p, init = {}) =>
    fetch(`${c.url}${p}`, {
      ...init,
      headers: { Authorization: `Bearer ${c.adminToken}`, 'Content-Type': 'application/json', ...init.headers },
    });

  // 2. The real backend, pointed at the three clusters.
  const configFile = path.join(work, 'soak-config.yaml');
  fs.writeFileSync(configFile, JSON.stringify({
    backend: {
      baseUrl: `http://localhost:${BACKEND_PORT}`,
      listen: { port: BACKEND_PORT },
      database: { client: 'better-sqlite3', connection: { directory: path.join(work, 'sqlite') } },
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [{
        type: 'config',
        clusters: clusters.map(c => ({
          name: c.name, url: c.url, authProvider: 'serviceAccount', serviceAccountToken: c.token,
          skipMetricsLookup: true, mlops: { simulated: true },
        })),
      }],
    },
    mlops: { watch: { requestTimeoutMs: 5000, watchLivenessMs: 15000 } },
  }, null, 2));
  fs.mkdirSync(path.join(work, 'sqlite'), { recursive: true });
  const memFile = path.join(work, 'memory.jsonl');
  const backend = start('backend', [
    '--require', path.join(here, 'soakProbe.cjs'),
    '--require', transform,
    'src/index.ts',
    '--config', path.join(root, 'app-config.yaml'),
    '--config', configFile,
  ], {
    cwd: path.join(root, 'packages/backend'),
    env: { NODE_ENV: 'development', PORTAL_DATA_DIR: work, SOAK_MEMORY_FILE: memFile, LOG_LEVEL: 'warn' },
  });
  log(`backend starting on ${BASE} (pid ${backend.pid}); logs in ${work}`);

  const token = await waitFor('backend sign-in', async () => {
    const res = await fetch(`${BASE}/api/auth/guest/refresh?env=development`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
    if (!res.ok) return undefined;
    return (await res.json()).backstageIdentity?.token;
  }, 300_000);
  const auth = { Authorization: `Bearer ${token}` };
  const api = async p => {
    const res = await fetch(`${BASE}/api/mlops${p}`, { headers: auth });
    if (!res.ok) throw new Error(`${p}: HTTP ${res.status}`);
    return res.json();
  };
  const connections = async () => Object.fromEntries((await api('/clusters')).clusters.map(c => [c.name, c]));
  await waitFor('three connected clusters', async () => Object.values(await connections()).filter(c => c.connection === 'connected').length === 3, 120_000);
  const overview0 = await waitFor('catalog entities in the overview', async () => {
    const o = await api('/overview');
    return o.layers.some(l => l.entities.length > 0) ? o : undefined;
  }, 300_000);
  const entityRefs = overview0.layers.flatMap(l => l.entities.map(e => e.entityRef)).slice(0, 40);
  // The object whose change must reach the portal after each fault.
  const target = (await waitFor('a HelmRelease on the faulty cluster', async () => {
    const res = await fetch(`${faulty.url}/apis/helm.toolkit.fluxcd.io/v2/helmreleases`, { headers: { Authorization: `Bearer ${faulty.token}` } });
    return (await res.json()).items?.[0];
  }, 30_000)).metadata;
  log(`ready after ${((Date.now() - t0) / 1000).toFixed(0)} s: ${entityRefs.length} entities; target HelmRelease ${target.namespace}/${target.name} on ${faulty.name}`);

  // 3. Memory samples: RSS from /proc, heap from the probe inside the backend.
  const rssSamples = [];
  const rssTimer = setInterval(() => {
    try {
      const status = fs.readFileSync(`/proc/${backend.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
      rssSamples.push({ t: Date.now(), rssMb: kb / 1024 });
    } catch {
      /* process gone */
    }
  }, 5000);

  // 4. Load: viewers and push subscribers.
  const endAt = Date.now() + MINUTES * 60_000;
  let running = true;
  const viewer = async i => {
    let n = i;
    while (running) {
      const kind = n % 3;
      const endpoint = ['/overview', '/clusters', '/entities/:ref/objects'][kind];
      const p = kind === 2 ? `/entities/${entityRefs[n % entityRefs.length].replace(':', '/')}/objects` : endpoint;
      const started = performance.now();
      try {
        const res = await fetch(`${BASE}/api/mlops${p}`, { headers: auth, signal: AbortSignal.timeout(30_000) });
        await res.arrayBuffer();
        record(endpoint, performance.now() - started, res.status);
        if (res.status >= 500) {
          requestErrors++;
          if (errorSamples.length < 10) errorSamples.push(`${endpoint}: HTTP ${res.status}`);
        }
      } catch (e) {
        record(endpoint, performance.now() - started, 'network');
        requestErrors++;
        if (errorSamples.length < 10) errorSamples.push(`${endpoint}: ${e.message}`);
      }
      n++;
      await sleep(1000 + Math.random() * 2000);
    }
  };
  const ws = { open: 0, opened: 0, closedUnexpectedly: 0, messages: 0, failedToOpen: 0 };
  const sockets = [];
  const subscribe = () => {
    const s = new WebSocket(`ws://127.0.0.1:${BACKEND_PORT}/api/signals`, [token]);
    let wasOpen = false;
    s.onopen = () => {
      wasOpen = true;
      ws.open++;
      ws.opened++;
      s.send(JSON.stringify({ action: 'subscribe', channel: 'mlops:status' }));
    };
    s.onmessage = () => {
      ws.messages++;
    };
    s.onclose = () => {
      if (wasOpen) ws.open--;
      if (!running) return;
      if (wasOpen) ws.closedUnexpectedly++;
      else ws.failedToOpen++;
      setTimeout(() => running && sockets.push(subscribe()), 1000);
    };
    return s;
  };
  for (let i = 0; i < SUBSCRIBERS; i++) {
    sockets.push(subscribe());
    if (i % 20 === 19) await sleep(100);
  }
  const viewers = Array.from({ length: VIEWERS }, (_, i) => viewer(i));
  log(`load running: ${VIEWERS} viewers, ${SUBSCRIBERS} push subscribers, ${MINUTES} min`);

  // 5. Faults on the third cluster.
  const FAULTS = [
    { name: 'hang', update: { unreachable: 'hang' }, what: 'accepts connections, never answers; open watches go silent' },
    { name: 'close', update: { unreachable: 'close' }, what: 'every API connection reset' },
    { name: '410 storm', update: { forceGone: true, dropWatchesNow: true }, what: 'every watch from a resourceVersion answered 410 Gone' },
    { name: 'error rate', update: { errorRate: 0.5, errorCodes: [500, 503] }, what: '50 % of API requests answered 500/503' },
    { name: 'slow', update: { latencyMs: 3000 }, what: 'every API answer delayed 3 s' },
  ];
  const warmupMs = Math.min(30_000, MINUTES * 60_000 * 0.05);
  const slotMs = (MINUTES * 60_000 - warmupMs) / FAULTS.length;
  const onMs = slotMs * 0.4;
  await sleep(warmupMs);
  let suspend = false;
  const results = [];
  for (const f of FAULTS) {
    const slotEnd = Date.now() + slotMs;
    const shown = new Map(); // connection → first seen (ms after the fault began)
    const others = new Set();
    const began = Date.now();
    const infoBefore = await (await simFetch(faulty, '/_sim/info')).json();
    await simFetch(faulty, '/_sim/faults', { method: 'POST', body: JSON.stringify(f.update) });
    log(`fault '${f.name}' on ${faulty.name}`);
    while (Date.now() - began < onMs) {
      try {
        const c = await connections();
        const s = c[faulty.name];
        if (!shown.has(s.connection)) shown.set(s.connection, Date.now() - began);
        for (const o of clusters.slice(0, 2)) if (c[o.name].connection !== 'connected') others.add(`${o.name}: ${c[o.name].connection}`);
      } catch (e) {
        shown.set(`error: ${e.message}`, Date.now() - began);
      }
      await sleep(1000);
    }
    const infoDuring = await (await simFetch(faulty, '/_sim/info')).json();
    const stormRate = (infoDuring.requests - infoBefore.requests) / ((Date.now() - began) / 1000);
    // The world changes while the fault is on; the portal must catch up.
    suspend = !suspend;
    await simFetch(faulty, '/_sim/merge-patch', {
      method: 'POST',
      body: JSON.stringify({ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', namespace: target.namespace, name: target.name, patch: { spec: { suspend } } }),
    });
    await simFetch(faulty, '/_sim/faults', { method: 'DELETE' });
    const lifted = Date.now();
    let recoveredMs;
    while (Date.now() < slotEnd) {
      try {
        const c = await connections();
        const o = await api(`/objects/${faulty.name}/HelmRelease/${target.namespace}/${target.name}`);
        if (c[faulty.name].connection === 'connected' && o.suspended === suspend) {
          recoveredMs = Date.now() - lifted;
          break;
        }
      } catch {
        /* keep polling */
      }
      await sleep(250);
    }
    // Sockets after the fault: the simulator's open connections vs. its watches.
    await sleep(Math.min(5000, Math.max(0, slotEnd - Date.now() - 1000)));
    const infoAfter = await (await simFetch(faulty, '/_sim/info')).json();
    const r = {
      ...f,
      onS: Math.round(onMs / 1000),
      shown: [...shown].map(([s, at]) => `${s} (${(at / 1000).toFixed(0)} s)`).join(' → '),
      others: [...others],
      requestsPerS: stormRate,
      recoveredMs,
      connectionsAfter: infoAfter.connections,
      watchesAfter: infoAfter.watches,
    };
    results.push(r);
    log(`fault '${f.name}': shown ${r.shown}; recovered ${recoveredMs === undefined ? 'NOT within the slot' : `${(recoveredMs / 1000).toFixed(1)} s`} after lifting; ${r.requestsPerS.toFixed(1)} API req/s during it; sockets after ${r.connectionsAfter} for ${r.watchesAfter} watches`);
    while (Date.now() < slotEnd) await sleep(500);
  }
  while (Date.now() < endAt) await sleep(500);

  running = false;
  clearInterval(rssTimer);
  await Promise.all(viewers);
  for (const s of sockets) s.close();
  const loadEnd = os.loadavg();

  // 6. Results.
  const heap = fs.existsSync(memFile)
    ? fs.readFileSync(memFile, 'utf8').trim().split('\n').map(l => JSON.parse(l)).filter(m => m.t >= t0)
    : [];
  const total = [...latencies.values()].flat();
  const mb = b => (b / 1024 / 1024).toFixed(0);
  const byMinute = [];
  const loadStartAt = endAt - MINUTES * 60_000;
  for (let m = 0; m <= MINUTES; m++) {
    const at = loadStartAt + m * 60_000;
    const rs = rssSamples.reduce((best, s) => (Math.abs(s.t - at) < Math.abs((best?.t ?? Infinity) - at) ? s : best), undefined);
    const hs = heap.reduce((best, s) => (Math.abs(s.t - at) < Math.abs((best?.t ?? Infinity) - at) ? s : best), undefined);
    byMinute.push(`| ${m} | ${rs ? rs.rssMb.toFixed(0) : '–'} | ${hs ? mb(hs.heapUsed) : '–'} | ${hs ? mb(hs.heapTotal) : '–'} |`);
  }
  const cpu = os.cpus();
  const machine = `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB memory, Node ${process.version}, load average ${loadStart.map(x => x.toFixed(2)).join(' / ')} at the start and ${loadEnd.map(x => x.toFixed(2)).join(' / ')} at the end (1/5/15 min; the machine is shared)`;
  const endpoints = [...latencies.keys()].map(e => {
    const xs = latencies.get(e);
    const codes = Object.entries(statusCounts.get(e)).map(([c, n]) => `${c}: ${n}`).join(', ');
    return `| \`${e}\` | ${xs.length} | ${codes} | ${pct(xs, 50).toFixed(0)} | ${pct(xs, 99).toFixed(0)} | ${Math.max(...xs).toFixed(0)} |`;
  });
  const faultRows = results.map(r =>
    `| ${r.name} (${r.what}), ${r.onS} s | ${r.shown || '–'}${r.others.length ? `; other clusters: ${r.others.join(', ')}` : '; the other two clusters stayed connected'} | ${r.recoveredMs === undefined ? '**not recovered within its slot**' : `${(r.recoveredMs / 1000).toFixed(1)} s`} | ${r.requestsPerS.toFixed(1)} | ${r.connectionsAfter} / ${r.watchesAfter} |`,
  );
  const faultTable = [
    '| fault on one cluster (duration) | what `/clusters` showed for it during the fault (first seen, seconds after the fault began) | time to correct data after it was lifted | API requests/s to that cluster during it | its open connections / watches after (connections include this script\'s own one or two) |',
    '|---|---|---|---|---|',
    ...faultRows,
  ].join('\n');
  const failures = [
    ...(requestErrors ? [`${requestErrors} viewer requests failed (5xx or network)`] : []),
    ...results.filter(r => r.recoveredMs === undefined).map(r => `fault '${r.name}' did not recover`),
    // A cluster that does not answer must be shown as such while the fault lasts.
    ...results
      .filter(r => (r.name === 'hang' && !/silent/.test(r.shown)) || (r.name === 'close' && !/unreachable/.test(r.shown)))
      .map(r => `fault '${r.name}' was never shown as ${r.name === 'hang' ? 'silent' : 'unreachable'}`),
  ];
  const soak = `## Soak

\`yarn bench:soak\` (\`plugins/mlops-backend/bench/soak.mjs\`, \`--minutes ${MINUTES}\`), run at commit \`${commit}\`${dirty} on ${new Date(t0).toISOString().slice(0, 10)}.
Machine: ${machine}.

Setup: three kube-sim clusters (\`healthy\` scenario, bookmarks every 5 s), the real backend from
source (app-config.yaml plus \`mlops.watch.requestTimeoutMs: 5000\`, \`watchLivenessMs: 15000\`;
SQLite), ${VIEWERS} viewers polling \`/overview\`, \`/clusters\` and entity objects (1–3 s think
time), ${SUBSCRIBERS} push subscribers (signals WebSocket, channel \`mlops:status\`), all as the guest
user, for ${MINUTES} minutes; faults one after another on \`${faulty.name}\` (table in "Cluster faults").

| endpoint | requests | answers | p50 ms | p99 ms | max ms |
|---|---|---|---|---|---|
${endpoints.join('\n')}
| all | ${total.length} | ${requestErrors} errors (5xx or network) | ${pct(total, 50).toFixed(0)} | ${pct(total, 99).toFixed(0)} | ${Math.max(...total).toFixed(0)} |

Push subscribers: ${ws.opened} connections opened (${SUBSCRIBERS} at the start, the rest
reconnects), ${ws.closedUnexpectedly} closed by the server during the run, ${ws.failedToOpen} failed
to open; ${ws.messages} signals received in all.
${errorSamples.length ? `\nFirst errors: ${errorSamples.map(e => `\`${e}\``).join(', ')}.\n` : ''}
Backend memory over time (RSS from \`/proc\`, heap from \`process.memoryUsage()\` inside the backend):

| minute | RSS MB | heap used MB | heap total MB |
|---|---|---|---|
${byMinute.join('\n')}

Result: ${failures.length ? `**failed**: ${failures.join('; ')}` : 'no viewer request failed, every fault was shown and recovered (times above)'}.
`;
  console.log(`\n${faultTable}\n\n${soak}`);

  if (WRITE_DOC) {
    const docPath = path.join(root, 'docs/reliability.md');
    let doc = fs.existsSync(docPath) ? fs.readFileSync(docPath, 'utf8') : '# Reliability\n\n## Cluster faults\n\n<!-- soak:faults:start -->\n<!-- soak:faults:end -->\n';
    doc = doc.replace(/<!-- soak:faults:start -->[\s\S]*<!-- soak:faults:end -->/, `<!-- soak:faults:start -->\nMeasured by the last soak (below), commit \`${commit}\`:\n\n${faultTable}\n<!-- soak:faults:end -->`);
    const s = doc.indexOf('## Soak');
    if (s >= 0) {
      const next = doc.indexOf('\n## ', s + 5);
      doc = doc.slice(0, s) + soak + (next >= 0 ? doc.slice(next) : '');
    } else {
      doc = `${doc.trimEnd()}\n\n${soak}`;
    }
    fs.writeFileSync(docPath, doc);
    const benchPath = path.join(root, 'docs/benchmarks.md');
    const line = `- \`yarn bench:soak\`: ${MINUTES} min, ${VIEWERS} viewers + ${SUBSCRIBERS} push subscribers, faults on one of three clusters: ${total.length} requests, ${requestErrors} errors, p99 ${pct(total, 99).toFixed(0)} ms; recovery after each fault ${results.map(r => `${r.name} ${r.recoveredMs === undefined ? 'none' : `${(r.recoveredMs / 1000).toFixed(1)} s`}`).join(', ')} (commit \`${commit}\`; details in [reliability.md](reliability.md#soak)).`;
    let bench = fs.readFileSync(benchPath, 'utf8');
    const bs = bench.indexOf('## Soak');
    const section = `## Soak\n\n${line}\n`;
    if (bs >= 0) {
      const next = bench.indexOf('\n## ', bs + 5);
      bench = bench.slice(0, bs) + section + (next >= 0 ? bench.slice(next) : '');
    } else {
      bench = `${bench.trimEnd()}\n\n${section}`;
    }
    fs.writeFileSync(benchPath, bench);
    log('wrote docs/reliability.md and docs/benchmarks.md');
  }
  return failures.length ? 1 : 0;
}

main().then(
  code => process.exit(code),
  err => {
    console.error(`soak failed: ${err.stack ?? err}`);
    for (const f of ['backend.log', 'kube-sim.log']) {
      const p = path.join(work, f);
      if (fs.existsSync(p)) console.error(`--- last lines of ${f}\n${fs.readFileSync(p, 'utf8').split('\n').slice(-30).join('\n')}`);
    }
    process.exit(1);
  },
);
