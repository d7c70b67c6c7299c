#!/usr/bin/env node
/* eslint-disable no-loop-func, no-nested-ternary, no-console, consistent-return */ // a script: loops over clusters, printing
/*
 * Benchmark of the MLOps status API (issue 4): watch caches vs. a baseline
 * that lists from the API server on every request, the way the stock
 * Kubernetes plugin's fetcher (and the community Flux plugin) do.
 *
 *   yarn bench:status                       # 10 clusters x 2,500 objects (2,000 Flux), 50 viewers, 60 s per phase
 *   BENCH_DURATION_S=10 yarn bench:status   # quick run
 *
 * Env: BENCH_DURATION_S (60), BENCH_VIEWERS (50), BENCH_CLUSTERS (10),
 * BENCH_OBJECTS (2500 per cluster), BENCH_ENTITIES (500), BENCH_THINK_MS (1000:
 * each viewer waits 0.5-1.5x this between requests),
 * BENCH_WRITE_DOC (1: write docs/benchmarks.md "## Backend status API").
 *
 * Layout: the simulator (packages/kube-sim, `fleet` scenario) runs in a child
 * process and counts every API request it serves. This process holds the
 * service layer in-process: mlops-node's ClusterManager (the watch caches),
 * the backend's StatusService/MlopsService and its real express router
 * (createRouter), served by a minimal HTTP server instead of a full Backstage
 * backend (auth and permissions are allow-all stubs, the catalog is a fixed
 * list of entities). The baseline is a second HTTP server in this process.
 */
import { fork, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const require = createRequire(import.meta.url);
const transform = require.resolve('@backstage/cli/config/nodeTransform.cjs');

// Re-run with the TypeScript transform and an exposed GC (for heap numbers).
if (typeof globalThis.gc !== 'function' && !process.argv.includes('--sim')) {
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
require(transform);

const env = (k, d) => (process.env[k] ? Number(process.env[k]) : d);
const sleep = ms => new Promise(r => setTimeout(r, ms));
const DURATION_S = env('BENCH_DURATION_S', 60);
const VIEWERS = env('BENCH_VIEWERS', 50);
const CLUSTERS = env('BENCH_CLUSTERS', 10);
const OBJECTS = env('BENCH_OBJECTS', 2500);
// Generated per cluster, cycling through these kinds: with 2,500 objects,
// 2,000 Flux objects (HelmReleases, Kustomizations, HelmRepositories,
// GitRepositories) and 500 operator resources (KafkaTopics).
const FLEET_KINDS = ['HelmRelease', 'Kustomization', 'HelmRepository', 'GitRepository', 'KafkaTopic'];
const ENTITIES = env('BENCH_ENTITIES', 500);
// A viewer reloads its view about once a second (pages get pushed changes
// through signals; this is far more than the stock plugin's 10 s poll).
const THINK_MS = env('BENCH_THINK_MS', 1000);

// ---------------------------------------------------------------- sim child
if (process.argv.includes('--sim')) {
  const { startKubeSim } = require(path.join(root, 'packages/kube-sim/src/index.ts'));
  const sim = await startKubeSim({ scenario: 'fleet', clusters: CLUSTERS, objectsPerCluster: OBJECTS, fleetKinds: FLEET_KINDS, tls: false });
  let count = 0;
  for (const c of sim.clusters) {
    // KubeApiServer keeps its http.Server private; count at the socket level.
    const server = c.server.server;
    server.on('request', req => {
      if (!req.url.startsWith('/_sim')) count++;
    });
  }
  process.on('message', async m => {
    if (m === 'count') process.send({ type: 'count', count, mem: process.memoryUsage().rss });
    if (m === 'stop') {
      await sim.stop();
      process.exit(0);
    }
  });
  process.send({ type: 'ready', clusters: sim.clusters.map(c => ({ name: c.name, url: c.url, token: c.token })) });
  await new Promise(() => {});
}

// ---------------------------------------------------------------- load child
// The viewers run in their own process so the client's cost does not share
// the event loop with the caches being measured.
if (process.argv.includes('--load')) {
  process.on('message', async m => {
    if (m?.type !== 'run') return;
    const { base, viewers, seconds, entities, thinkMs } = m;
    const lat = { overview: [], entity: [] };
    let errors = 0;
    const end = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: viewers }, async (_, v) => {
        let n = v;
        // Viewers arrive spread over one think time, not all in the same tick.
        await sleep(Math.random() * thinkMs);
        while (Date.now() < end) {
          const which = n++ % 2 === 0 ? 'overview' : 'entity';
          const p = which === 'overview' ? '/api/mlops/overview' : `/api/mlops/entities/component/default/app-${Math.floor(Math.random() * entities)}/objects`;
          const t = performance.now();
          try {
            const res = await fetch(base + p);
            await res.arrayBuffer();
            if (!res.ok) errors++;
          } catch {
            errors++;
          }
          lat[which].push(performance.now() - t);
          await sleep(thinkMs * (0.5 + Math.random()));
        }
      }),
    );
    if (viewers === 0) await sleep(seconds * 1000);
    process.send({ type: 'done', lat, errors });
  });
  process.send({ type: 'load-ready' });
  await new Promise(() => {});
}

// ---------------------------------------------------------------- main
const { ClusterManager, DEFAULT_WATCH_OPTIONS } = require(path.join(root, 'plugins/mlops-node/src/index.ts'));
const common = require(path.join(root, 'plugins/mlops-common/src/index.ts'));
const { EntityIndex, toLinkedEntity } = require(path.join(here, '../src/services/EntityIndex.ts'));
const { StatusService } = require(path.join(here, '../src/services/StatusService.ts'));
const { ActionsService } = require(path.join(here, '../src/services/ActionsService.ts'));
const { MlopsAuthorizer } = require(path.join(here, '../src/permissions/MlopsAuthorizer.ts'));
const { createMlopsService } = require(path.join(here, '../src/services/MlopsService.ts'));
const { createRouter } = require(path.join(here, '../src/router.ts'));
const express = require('express');

const silent = { info() {}, warn() {}, error() {}, debug() {}, child() { return silent; } };
const heap = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage();
};
const mb = n => `${(n / 1024 / 1024).toFixed(1)} MB`;

const loadBefore = os.loadavg().map(n => n.toFixed(1)).join(' / ');
console.log(`starting kube-sim fleet: ${CLUSTERS} clusters x ${OBJECTS} objects ...`);
const child = fork(fileURLToPath(import.meta.url), ['--sim'], { execArgv: ['--max-old-space-size=4096'], env: process.env, stdio: 'inherit' });
const simClusters = await new Promise((resolve, reject) => {
  // The TypeScript transform also talks over the IPC channel: wait for ours.
  child.on('message', m => m?.type === 'ready' && resolve(m.clusters));
  child.once('exit', code => reject(new Error(`sim exited ${code}`)));
});
const apiCount = () =>
  new Promise(resolve => {
    const on = m => {
      if (m?.type === 'count') {
        child.off('message', on);
        resolve(m);
      }
    };
    child.on('message', on);
    child.send('count');
  });

// Entities: ENTITIES components naming 3 objects each (on every cluster), plus
// one label-selector entity per cluster, spread over the processing layer.
const entities = [];
const perNs = 200;
for (let e = 0; e < ENTITIES; e++) {
  const i = (e * FLEET_KINDS.length) % OBJECTS;
  const ns = `fleet-${Math.floor(i / perNs)}`;
  entities.push({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `app-${e}`,
      annotations: {
        'mlops-portal.io/objects': `HelmRelease:${ns}/helmrelease-${i}, Kustomization:${ns}/kustomization-${i + 1}, KafkaTopic:${ns}/kafkatopic-${i + 4}`,
      },
    },
    spec: { type: 'service', owner: 'group:default/team', system: 'processing' },
  });
}
simClusters.forEach(c =>
  entities.push({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: `topics-${c.name}`, annotations: { 'mlops-portal.io/label-selector': `strimzi.io/cluster=fleet-kafka,kube-sim/cluster=${c.name}`, 'mlops-portal.io/clusters': c.name } },
    spec: { type: 'kafka-topics', owner: 'group:default/team', system: 'processing' },
  }),
);
entities.push({ apiVersion: 'backstage.io/v1alpha1', kind: 'System', metadata: { name: 'processing', annotations: { 'mlops-portal.io/layer': 'processing' } }, spec: { owner: 'group:default/team' } });

// ---- cached backend: memory of the caches, measured in-process
const before = heap();
const config = {
  clusters: simClusters.map(c => ({
    name: c.name, url: c.url, simulated: true, source: 'config', authProvider: 'serviceAccount', watchable: true,
    auth: { type: 'serviceAccountToken', token: c.token }, skipTLSVerify: false,
  })),
  watch: { ...DEFAULT_WATCH_OPTIONS },
  settings: [{ namespace: 'flux-system', name: 'platform-settings' }],
  warnings: [],
};
const t0 = Date.now();
const manager = new ClusterManager({ config, logger: silent });
manager.start();
for (;;) {
  const states = manager.getClusterStates();
  if (states.every(s => s.connection === 'connected')) break;
  if (Date.now() - t0 > 300000) throw new Error(`caches not synced: ${JSON.stringify(states.map(s => [s.name, s.connection, s.lastError]))}`);
  await sleep(100);
}
const syncMs = Date.now() - t0;
const cachedObjects = manager.listObjects().length;
const afterSync = heap();
const cacheHeap = afterSync.heapUsed - before.heapUsed;
console.log(`caches synced in ${syncMs} ms: ${cachedObjects} objects, heap +${mb(cacheHeap)}, rss ${mb(afterSync.rss)}`);

if (process.env.BENCH_PROFILE) {
  // Where the time goes: overview recomputations (once per change batch).
  for (const m of ['computeLayers', 'getOverview', 'getEntityObjects']) {
    const orig = StatusService.prototype[m];
    StatusService.prototype[m] = function timed(...args) {
      const t = performance.now();
      try {
        return orig.apply(this, args);
      } finally {
        const d = performance.now() - t;
        if (d > 5) console.log(`  ${m} ${d.toFixed(1)} ms`);
      }
    };
  }
}
const index = new EntityIndex({ catalog: {}, auth: {}, logger: silent, clusters: manager });
// As the GitOps provider emits them: trusted to decide ownership.
index.setEntities(entities.map(e => toLinkedEntity(e, () => true)));
const status = new StatusService({ clusters: manager, entities: index });
const allow = { authorize: async r => r.map(() => ({ result: 'ALLOW' })), authorizeConditional: async r => r.map(() => ({ result: 'ALLOW' })) };
const authorizer = new MlopsAuthorizer(allow);
const actions = new ActionsService({ clusters: manager, status, authorizer, auditor: { createEvent: async () => ({ success: async () => {}, fail: async () => {} }) }, waitTimeoutMs: 10000 });
const mlops = createMlopsService({ status, actions, entities: index, authorizer, catalog: { getEntityByRef: async () => undefined }, auth: { getOwnServiceCredentials: async () => ({}) } });
const httpAuth = { credentials: async () => ({ $$type: '@backstage/BackstageCredentials', principal: { type: 'user', userEntityRef: 'user:default/bench' } }) };
const app = express();
app.use('/api/mlops', await createRouter({ httpAuth, mlops }));
app.use((err, _req, res, _next) => res.status(err.name === 'NotFoundError' ? 404 : err.name === 'InputError' ? 400 : 500).json({ error: { name: err.name, message: err.message } }));
const cachedServer = await listen(app);

// Service time without HTTP: answer + JSON serialization, in this process.
const creds = await httpAuth.credentials();
await mlops.getOverview(undefined, creds);
const serviceTime = {};
for (const [k, fn] of [
  ['overview', () => mlops.getOverview(undefined, creds)],
  ['entity', () => mlops.getEntityObjects(`component:default/app-${Math.floor(Math.random() * ENTITIES)}`, creds)],
]) {
  const ts = [];
  let bytes = 0;
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    bytes = JSON.stringify(await fn()).length;
    ts.push(performance.now() - t);
  }
  ts.sort((a, b) => a - b);
  serviceTime[k] = { p50: ts[100], p99: ts[197], bytes };
}
console.log(`service time: ${JSON.stringify(serviceTime)}`);

// ---- baseline: list from the API server on every request
// The stock plugin hard-codes API versions; give the baseline the served ones.
const served = new Map(manager.getClusterStates()[0].kinds.filter(k => k.apiVersion).map(k => [k.kind, k.apiVersion]));
const kinds = common.WATCHED_KINDS.filter(k => served.has(k.kind));
async function listKind(c, k, labelSelector) {
  const q = labelSelector ? `?labelSelector=${encodeURIComponent(labelSelector)}` : '';
  const res = await fetch(`${c.url}/apis/${served.get(k.kind)}/${k.plural}${q}`, { headers: { authorization: `Bearer ${c.token}` } });
  if (!res.ok) return [];
  return (await res.json()).items ?? [];
}
const baselineApp = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://x');
    const out = [];
    if (url.pathname === '/api/mlops/overview') {
      // Every kind on every cluster, classified and rolled up per namespace.
      await Promise.all(simClusters.flatMap(c => kinds.map(async k => {
        for (const o of await listKind(c, k)) out.push({ ns: o.metadata.namespace, status: common.classifyObject(k.kind, o) });
      })));
      const byNs = new Map();
      for (const o of out) byNs.set(o.ns, [...(byNs.get(o.ns) ?? []), o.status]);
      const layers = [...byNs].map(([ns, s]) => ({ ns, ...common.rollupStatuses(s) }));
      res.end(JSON.stringify({ layers }));
    } else {
      // The stock fetcher: per cluster, per object type, a list by the entity's label.
      const name = url.pathname.split('/')[6];
      await Promise.all(simClusters.flatMap(c => kinds.map(async k => {
        for (const o of await listKind(c, k, `backstage.io/kubernetes-id=${name}`)) out.push(common.classifyObject(k.kind, o));
      })));
      res.end(JSON.stringify({ objects: out, ...common.rollupStatuses(out) }));
    }
  } catch (e) {
    res.statusCode = 500;
    res.end(String(e));
  }
});
const baselineServer = await new Promise(r => baselineApp.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${baselineApp.address().port}`)));

async function listen(handler) {
  const s = http.createServer(handler);
  await new Promise(r => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${s.address().port}`;
}

function pct(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const loader = fork(fileURLToPath(import.meta.url), ['--load'], { env: process.env, stdio: 'inherit' });
await new Promise(resolve => loader.on('message', m => m?.type === 'load-ready' && resolve()));

async function phase(name, base, viewers, seconds) {
  const c0 = await apiCount();
  const start = Date.now();
  const { lat, errors } = await new Promise(resolve => {
    const on = m => {
      if (m?.type === 'done') {
        loader.off('message', on);
        resolve(m);
      }
    };
    loader.on('message', on);
    loader.send({ type: 'run', base, viewers, seconds, entities: ENTITIES, thinkMs: THINK_MS });
  });
  const elapsed = (Date.now() - start) / 1000;
  const c1 = await apiCount();
  const result = { name, viewers, seconds: elapsed, errors, apiRequests: c1.count - c0.count, apiPerMin: ((c1.count - c0.count) / elapsed) * 60 };
  for (const k of ['overview', 'entity']) {
    const s = lat[k].sort((a, b) => a - b);
    result[k] = { n: s.length, p50: pct(s, 50), p99: pct(s, 99), rps: s.length / elapsed };
  }
  console.log(`${name} (${viewers} viewers, ${elapsed.toFixed(0)} s): overview p50 ${result.overview.p50.toFixed(1)} ms p99 ${result.overview.p99.toFixed(1)} ms (${result.overview.n}); entity p50 ${result.entity.p50.toFixed(1)} ms p99 ${result.entity.p99.toFixed(1)} ms (${result.entity.n}); API ${result.apiPerMin.toFixed(0)}/min; errors ${errors}`);
  return result;
}

// Idle: what the caches cost the API server with nobody looking.
const idle = await phase('cached, idle', cachedServer, 0, Math.max(5, DURATION_S / 4));
// Warm-up (JIT), not reported.
await phase('warm-up', cachedServer, 5, 2);
const one = await phase('cached, 1 viewer', cachedServer, 1, Math.max(5, DURATION_S / 4));
const cached = await phase('cached', cachedServer, VIEWERS, DURATION_S);
const afterLoad = heap();
const baseline = process.env.BENCH_SKIP_BASELINE ? undefined : await phase('baseline', baselineServer, VIEWERS, DURATION_S);

manager.stop();
child.send('stop');
loader.kill();

// ---------------------------------------------------------------- report

const cpu = os.cpus()[0]?.model ?? 'unknown';
const machine = `${os.cpus().length} CPUs (nproc), ${cpu}, ${mb(os.totalmem())} memory, Node ${process.version}, ${os.platform()} ${os.release()}`;
const f = n => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
const ratio = baseline && cached.apiPerMin > 0 ? baseline.apiPerMin / cached.apiPerMin : baseline ? Infinity : NaN;
const pass = b => (b ? 'met' : '**not met**');
const rows = [cached, ...(baseline ? [baseline] : [])];
const md = `## Backend status API

Command: \`BENCH_DURATION_S=${DURATION_S} yarn bench:status\` (defaults: 60 s per phase, 50 viewers; \`BENCH_DURATION_S=10\` for a quick run).
Run: ${new Date().toISOString()}. Machine: ${machine}; shared with other work while measuring.

Setup: kube-sim \`fleet\` scenario in a child process, ${CLUSTERS} clusters x ${OBJECTS} generated objects
(${FLEET_KINDS.join(', ')}, in turn) plus the reference platform's objects on each
cluster; the simulator counts every API request it serves. The service layer runs **in-process** (mlops-node
\`ClusterManager\` watch caches, \`StatusService\`, \`MlopsService\` and the plugin's real express router
\`createRouter\`) behind a minimal HTTP server, not a full Backstage backend: auth and permissions are
allow-all stubs, the catalog is a fixed list of ${entities.length} entities (${ENTITIES} components naming 3 objects each,
one label-selector entity per cluster). The baseline is an HTTP server in the same process that lists from
the API server on every request like the stock Kubernetes plugin's fetcher (entity: one list per cluster
per kind with the entity's label selector; overview: every kind on every cluster, then classify and roll up).
Each viewer alternates \`GET /overview\` and \`GET /entities/…/objects\` (random entity), waiting
${THINK_MS / 2}–${THINK_MS * 1.5} ms between answers (a reload about every ${THINK_MS / 1000} s per viewer), for ${DURATION_S} s;
the viewers run in a third process (latency measured there, so it includes HTTP on loopback).
Load average during the run (other engineers' builds and tests share the 2 cores): ${loadBefore} before, ${os.loadavg().map(n => n.toFixed(1)).join(' / ')} after.

| phase | viewers | overview p50 / p99 (ms) | entity p50 / p99 (ms) | requests answered | API-server requests / min | errors |
|---|---|---|---|---|---|---|
| cached, idle | 0 | – | – | 0 | ${idle.apiPerMin.toFixed(0)} | 0 |
| cached | 1 | ${f(one.overview.p50)} / ${f(one.overview.p99)} | ${f(one.entity.p50)} / ${f(one.entity.p99)} | ${one.overview.n + one.entity.n} | ${one.apiPerMin.toFixed(0)} | ${one.errors} |
${rows.map(r => `| ${r.name} | ${r.viewers} | ${f(r.overview.p50)} / ${f(r.overview.p99)} | ${f(r.entity.p50)} / ${f(r.entity.p99)} | ${r.overview.n + r.entity.n} | ${r.apiPerMin.toFixed(0)} | ${r.errors} |`).join('\n')}

Service time in-process (answer + JSON, no HTTP, 200 calls): overview p50 ${f(serviceTime.overview.p50)} / p99 ${f(serviceTime.overview.p99)} ms
(${(serviceTime.overview.bytes / 1024).toFixed(0)} KB), entity p50 ${f(serviceTime.entity.p50)} / p99 ${f(serviceTime.entity.p99)} ms (${(serviceTime.entity.bytes / 1024).toFixed(0)} KB).

Memory of the process holding the caches: ${cachedObjects} cached objects; heap growth from starting the
watches until synced (after GC) **${mb(cacheHeap)}**; heap after the load ${mb(afterLoad.heapUsed)}, RSS ${mb(afterLoad.rss)}.
Initial sync of all clusters: ${(syncMs / 1000).toFixed(1)} s.

Targets:
- p99 < 25 ms for both endpoints (cached, ${VIEWERS} viewers): overview ${f(cached.overview.p99)} ms, entity ${f(cached.entity.p99)} ms — ${pass(cached.overview.p99 < 25 && cached.entity.p99 < 25)}.
- API-server requests independent of viewers: idle ${idle.apiPerMin.toFixed(0)}/min, 1 viewer ${one.apiPerMin.toFixed(0)}/min, ${VIEWERS} viewers ${cached.apiPerMin.toFixed(0)}/min (watch re-opens, no lists) — ${pass(cached.apiPerMin <= Math.max(idle.apiPerMin, one.apiPerMin) * 1.5 + 10)}.
- >= 100x fewer API-server requests than the baseline: ${baseline ? `${ratio === Infinity ? 'baseline made requests, cached none' : `${ratio.toFixed(0)}x`}` : 'baseline skipped'} — ${baseline ? pass(ratio >= 100) : 'n/a'}.
- < 150 MB for ${cachedObjects} objects: ${mb(cacheHeap)} heap — ${pass(cacheHeap < 150 * 1024 * 1024)}.

Reading the numbers:
- **Latency.** Compare the service time (no HTTP) with the HTTP percentiles: the difference is the
  machine. During this run the load average was ${loadBefore} before and ${os.loadavg().map(n => n.toFixed(1)).join(' / ')} after, on ${os.cpus().length} cores
  shared by the simulator's ${CLUSTERS} clusters, the viewers' process and other work, so a request that arrives
  while the process is descheduled waits: the tail follows the machine's load, so compare runs by their load averages.
- **API-server requests.** With caches, requests are watch re-opens only: at most one per (cluster, kind)
  per \`mlops.watch.watchTimeoutSeconds\` (${DEFAULT_WATCH_OPTIONS.watchTimeoutSeconds} s), i.e. about ${CLUSTERS} x ${served.size} / ${DEFAULT_WATCH_OPTIONS.watchTimeoutSeconds / 60} min ≈ ${Math.round((CLUSTERS * served.size) / (DEFAULT_WATCH_OPTIONS.watchTimeoutSeconds / 60))} per minute
  for this fleet whatever the number of viewers${baseline ? `, against the baseline's ${baseline.apiPerMin.toFixed(0)} per minute (≥ ${Math.floor(baseline.apiPerMin / Math.max(1, (CLUSTERS * served.size) / (DEFAULT_WATCH_OPTIONS.watchTimeoutSeconds / 60)))}x even counting those)` : ''}.
  The initial sync is one paged list per (cluster, kind).
- **Memory.** ${cachedObjects} watched objects; ${mb(cacheHeap)} of heap
  extrapolates to about ${mb((cacheHeap / cachedObjects) * 20000)} for 20,000.
`;
console.log(`\n${md}`);
if ((process.env.BENCH_WRITE_DOC ?? '1') !== '0') {
  const doc = path.join(root, 'docs/benchmarks.md');
  let text = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '# Benchmarks\n';
  const start = text.indexOf('## Backend status API');
  if (start >= 0) {
    const next = text.indexOf('\n## ', start + 5);
    text = text.slice(0, start) + md + (next >= 0 ? text.slice(next + 1) : '');
  } else {
    text = `${text.trimEnd()}\n\n${md}`;
  }
  fs.mkdirSync(path.dirname(doc), { recursive: true });
  fs.writeFileSync(doc, text);
  console.log(`written to ${path.relative(root, doc)}`);
}
process.exit(0);
