#!/usr/bin/env node
// Benchmark: 10 simulated clusters × 2,000 generated objects in one process.
// Measures list latency (full and paginated lists over HTTPS, p50/p99), watch
// fan-out (events delivered per second to many concurrent watches) and
// memory, then writes the "## kube-sim" section of docs/benchmarks.md.
//
//   yarn bench:sim                       (from the repo root)
//   node packages/kube-sim/bench/sim.mjs --clusters 10 --objects 2000 --no-write
import { createRequire } from 'node:module';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';

const require = createRequire(import.meta.url);
require('@backstage/cli/config/nodeTransform.cjs');
const { startKubeSim, findTypeByKind } = require('../src/index.ts');

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..', '..');

const { values } = parseArgs({
  options: {
    clusters: { type: 'string', default: '10' },
    objects: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '10' },
    watchers: { type: 'string', default: '20' },
    changes: { type: 'string', default: '500' },
    'no-write': { type: 'boolean', default: false },
  },
});
const CLUSTERS = Number(values.clusters);
const OBJECTS = Number(values.objects);
const ROUNDS = Number(values.rounds);
const WATCHERS = Number(values.watchers);
const CHANGES = Number(values.changes);
for (const [k, v] of Object.entries({ clusters: CLUSTERS, objects: OBJECTS, rounds: ROUNDS, watchers: WATCHERS, changes: CHANGES })) {
  if (!Number.isInteger(v) || v <= 0) {
    console.error(`--${k} must be a positive integer`);
    process.exit(2);
  }
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = n => `${n.toFixed(1)} ms`;
const mib = n => `${(n / 1024 / 1024).toFixed(0)} MiB`;

function request(agent, c, p) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = https.get(`${c.url}${p}`, { agent, ca: c.caCert, headers: { Authorization: `Bearer ${c.token}` } }, res => {
      const chunks = [];
      res.on('data', d => chunks.push(d));
      res.on('end', () => {
        const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
        if (res.statusCode !== 200) reject(new Error(`${p}: ${res.statusCode}`));
        else resolve({ elapsed, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      });
    });
    req.on('error', reject);
  });
}

function openWatch(c, p, onEvent) {
  return new Promise((resolve, reject) => {
    const req = https.get(`${c.url}${p}`, { agent: false, ca: c.caCert, headers: { Authorization: `Bearer ${c.token}` } }, res => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', d => {
        buf += d;
        const lines = buf.split('\n');
        buf = lines.pop() ?? '';
        for (let i = 0; i < lines.length; i++) onEvent();
      });
      resolve(req);
    });
    req.on('error', e => (e.code === 'ECONNRESET' ? undefined : reject(e)));
  });
}

const t0 = performance.now();
const sim = await startKubeSim({ gitopsDir: false, scenario: 'fleet', clusters: CLUSTERS, objectsPerCluster: OBJECTS, stepMs: 0 });
const startSeconds = (performance.now() - t0) / 1000;
global.gc?.();
const memAfterStart = process.memoryUsage();
const totalObjects = sim.clusters.reduce((n, c) => n + c.store.size(), 0);
console.log(`started ${CLUSTERS} clusters, ${totalObjects} objects in ${startSeconds.toFixed(2)} s; rss ${mib(memAfterStart.rss)}`);

// ---- list latency
const agent = new https.Agent({ keepAlive: true, maxSockets: 8 });
const kinds = [
  ['HelmRelease', '/apis/helm.toolkit.fluxcd.io/v2/helmreleases'],
  ['Kustomization', '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations'],
  ['KafkaTopic', '/apis/kafka.strimzi.io/v1beta2/kafkatopics'],
  ['ConfigMap', '/api/v1/configmaps'],
];
const full = [];
const paged = [];
let listed = 0;
for (let r = 0; r < ROUNDS; r++) {
  for (const c of sim.clusters) {
    for (const [, p] of kinds) {
      const { elapsed, body } = await request(agent, c, p);
      full.push(elapsed);
      listed += body.items.length;
      let cont;
      do {
        const page = await request(agent, c, `${p}?limit=100${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
        paged.push(page.elapsed);
        cont = page.body.metadata.continue;
      } while (cont);
    }
  }
}
full.sort((a, b) => a - b);
paged.sort((a, b) => a - b);
const perListItems = Math.round(listed / full.length);
console.log(`full lists (${perListItems} objects each): p50 ${ms(pct(full, 50))}, p99 ${ms(pct(full, 99))} over ${full.length} requests`);
console.log(`paginated lists (limit=100): p50 ${ms(pct(paged, 50))}, p99 ${ms(pct(paged, 99))} over ${paged.length} requests`);

// ---- watch fan-out
let delivered = 0;
const expected = CLUSTERS * WATCHERS * CHANGES;
let resolveDone;
const done = new Promise(r => (resolveDone = r));
const watches = [];
const onEvent = () => {
  delivered++;
  if (delivered === expected) resolveDone();
};
for (const c of sim.clusters) {
  const rv = c.store.currentRv();
  for (let w = 0; w < WATCHERS; w++) {
    watches.push(await openWatch(c, `/api/v1/configmaps?watch=true&resourceVersion=${rv}`, onEvent));
  }
}
const cmType = findTypeByKind('v1', 'ConfigMap');
const fanStart = performance.now();
for (let i = 0; i < CHANGES; i++) {
  for (const c of sim.clusters) {
    const ns = `fleet-${Math.floor((i * 4 + 3) / 200) % Math.max(1, Math.floor(OBJECTS / 200))}`;
    const items = c.store.list(cmType, ns);
    const target = items[i % items.length].obj.metadata.name;
    c.store.update(cmType, ns, target, o => {
      o.data = { ...o.data, bench: String(i) };
      return o;
    });
  }
  // Let the event loop flush sockets now and then, as a real server's writes would.
  if (i % 20 === 19) await new Promise(r => setImmediate(r));
}
await done;
const fanSeconds = (performance.now() - fanStart) / 1000;
const rate = expected / fanSeconds;
console.log(`watch fan-out: ${expected} events to ${watches.length} watches in ${fanSeconds.toFixed(2)} s = ${Math.round(rate).toLocaleString('en-US')} events/s`);
for (const w of watches) w.destroy();
global.gc?.();
const memEnd = process.memoryUsage();
console.log(`memory: rss ${mib(memEnd.rss)}, heap used ${mib(memEnd.heapUsed)}`);
agent.destroy();
await sim.stop();

// ---- docs/benchmarks.md, section "## kube-sim" only
const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ?? os.cpus()[0]?.model ?? 'unknown';
const nproc = (() => {
  try {
    return execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    return String(os.cpus().length);
  }
})();
const load = os.loadavg().map(n => n.toFixed(1)).join(' / ');
const section = `## kube-sim

What: \`packages/kube-sim\` serving ${CLUSTERS} simulated clusters × ${OBJECTS.toLocaleString('en-US')} generated objects (fleet scenario:
HelmReleases, Kustomizations, KafkaTopics, ConfigMaps in namespaces of 200) from one Node process, over
HTTPS with its generated CA. Lists are whole-kind lists across all namespaces (${perListItems} objects each) and the
same lists paginated with \`limit=100\`, sequential, keep-alive. Watch fan-out: ${WATCHERS} watches on ConfigMaps per
cluster (${watches.length} in all) while ${CHANGES} objects per cluster change; the rate counts events received by the clients.
The clients run in the same process as the simulator, so every number includes their share of the CPU.

Command: \`yarn bench:sim\` (runs \`node packages/kube-sim/bench/sim.mjs --clusters ${CLUSTERS} --objects ${OBJECTS}\`)

Machine: ${nproc} × ${cpu}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}; load average ${load} (1/5/15 min; the machine is shared). Measured ${new Date().toISOString()}.

| measure | result |
|---|---|
| start-up (${totalObjects.toLocaleString('en-US')} objects incl. namespaces) | ${startSeconds.toFixed(2)} s |
| full list, p50 / p99 | ${ms(pct(full, 50))} / ${ms(pct(full, 99))} (${full.length} requests) |
| paginated list page, p50 / p99 | ${ms(pct(paged, 50))} / ${ms(pct(paged, 99))} (${paged.length} requests) |
| watch fan-out | ${Math.round(rate).toLocaleString('en-US')} events/s (${expected.toLocaleString('en-US')} events in ${fanSeconds.toFixed(2)} s) |
| memory after start-up (RSS) | ${mib(memAfterStart.rss)} |
| memory at the end (RSS / heap used) | ${mib(memEnd.rss)} / ${mib(memEnd.heapUsed)} |
`;
console.log(`\n${section}`);
if (!values['no-write']) {
  const file = path.join(repoRoot, 'docs', 'benchmarks.md');
  let doc = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = doc.indexOf('\n## kube-sim\n');
  if (start >= 0) {
    const next = doc.indexOf('\n## ', start + 1);
    doc = `${doc.slice(0, start + 1)}${section}${next >= 0 ? doc.slice(next) : ''}`;
  } else {
    doc = `${doc.trimEnd()}\n\n${section}`;
  }
  fs.writeFileSync(file, doc);
  console.log(`updated ${path.relative(process.cwd(), file)} (section "## kube-sim")`);
}
