#!/usr/bin/env node
// Integration check run by the test command: two replicas of the real backend
// on one PostgreSQL 15 and one simulated cluster (packages/kube-sim), as
// Backstage scales. Checks, and prints the numbers docs/reliability.md quotes:
//
// 1. catalog ingestion happens once: the MLOps provider's scheduled runs (every
//    10 s here) are counted in both replicas' logs; with the scheduler's
//    database lock they add up to one replica's worth, never two runs at once;
// 2. both serve the status API from their own watch caches (the simulator
//    counts the open watches of both);
// 3. a pushed update reaches a WebSocket subscriber on either replica: a signal
//    published on the events bus of one reaches both (the events backend's
//    PostgreSQL bus), and a reconcile on one pushes a status signal to both;
// 4. an action on one is seen on the other: reconcile, suspend, resume as a
//    local user of the owning group;
// 5. a replica killed with SIGKILL mid-run loses nothing: the scaffolder task it
//    was running is recovered and completed by the other replica, the
//    scheduled ingestion goes on there, the catalog keeps every entity, and
//    the survivor still serves status and pushes updates.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { backendCommand, defaultConfigs, root } from './lib/backend.mjs';
import { freePort, startPostgres } from './lib/postgres.mjs';

const PROVIDER_FREQUENCY_S = 10;
const sleep = ms => new Promise(r => setTimeout(r, ms));
const seconds = ms => `${(ms / 1000).toFixed(1)} s`;
const started = Date.now();

const failures = [];
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
  return ok;
}
function note(what) {
  console.log(`     ${what}`);
}

/** Polls `fn` until it returns a truthy value or the deadline passes (then throws, naming `what`). */
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
  throw new Error(`timed out after ${ms / 1000} s waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

/** Like waitFor, but a timeout is a failed check instead of an exception. */
async function eventually(what, fn, ms) {
  try {
    return await waitFor(what, fn, ms);
  } catch (e) {
    return check(false, e.message) && undefined;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'portal-replicas-'));
const children = [];

/**
 * A process in its own group, its output kept line by line with the time
 * each arrived; `respawn()` starts it again (as an orchestrator restarts a
 * container that exited), appending to the same lines and log file.
 */
function startProcess(name, command, args, options) {
  const log = createWriteStream(join(dir, `${name}.log`));
  const proc = {
    name,
    lines: [],
    starts: 0,
    logFile: join(dir, `${name}.log`),
    running: () => proc.child.exitCode === null && proc.child.signalCode === null,
    respawn: () => {
      const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      for (const stream of [child.stdout, child.stderr]) {
        createInterface({ input: stream }).on('line', line => {
          // eslint-disable-next-line no-control-regex
          const text = line.replace(/\x1b\[[0-9;]*m/g, '');
          proc.lines.push({ at: Date.now(), text });
          log.write(`${text}\n`);
        });
      }
      proc.child = child;
      proc.exited = new Promise(r => child.once('exit', (code, signal) => r(code ?? signal)));
      proc.starts++;
    },
    signal: sig => {
      try {
        process.kill(-proc.child.pid, sig);
      } catch {
        /* gone */
      }
    },
    stop: async () => {
      if (!proc.running()) return;
      proc.signal('SIGTERM');
      if ((await Promise.race([proc.exited.then(() => true), sleep(15_000).then(() => false)])) === false) proc.signal('SIGKILL');
    },
  };
  proc.respawn();
  children.push(proc);
  return proc;
}

/** GET/POST JSON on a replica; throws with the status on a non-2xx answer. */
async function api(base, path, { token, method = 'GET', body, headers = {} } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/** The simulator's admin info (open watches, request count), over its own TLS. */
function simInfo(cluster) {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(`${cluster.url}/_sim/info`, {
      ca: Buffer.from(cluster.caData, 'base64'),
      headers: { Authorization: `Bearer ${cluster.adminToken}` },
    }, res => {
      let data = '';
      res.on('data', d => (data += d));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(data)) : reject(new Error(`/_sim/info: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A WebSocket subscriber of the signals backend, as the browser's SignalClient connects. */
async function subscribe(base, token, channels) {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/signals`, token);
  const messages = [];
  ws.onmessage = e => messages.push({ at: Date.now(), ...JSON.parse(String(e.data)) });
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error(`WebSocket to ${base}/api/signals failed`));
  });
  for (const channel of channels) ws.send(JSON.stringify({ action: 'subscribe', channel }));
  return { ws, messages };
}

const ingestedRuns = replica => replica.lines.filter(l => /ingested \d+ files: \d+ entities/.test(l.text));

let pg;
let sim;
try {
  // PostgreSQL, the simulated cluster.
  pg = await startPostgres();
  console.log(`${pg.version} on 127.0.0.1:${pg.port}`);
  const simInfoFile = join(dir, 'kube-sim.json');
  sim = startProcess('kube-sim', process.execPath, [
    join(root, 'packages/kube-sim/bin/kube-sim.mjs'),
    '--gitops', join(root, 'gitops'),
    '--scenario', 'degraded',
    '--port', String(await freePort()),
    '--info', simInfoFile,
  ], { cwd: root });
  const cluster = (await waitFor('kube-sim', async () => existsSync(simInfoFile) && JSON.parse(readFileSync(simInfoFile, 'utf8')), 60_000)).clusters[0];

  // A slow template: a replica can be killed while it runs one of its tasks.
  const template = join(dir, 'replica-slow-task.yaml');
  writeFileSync(template, [
    'apiVersion: scaffolder.backstage.io/v1beta3',
    'kind: Template',
    'metadata:',
    '  name: replica-slow-task',
    '  title: Replica test (slow task)',
    'spec:',
    '  owner: group:default/platform-team',
    '  type: service',
    '  steps:',
    '    - { id: before, name: Before, action: debug:log, input: { message: before the wait } }',
    '    - { id: wait, name: Wait, action: "debug:wait", input: { seconds: 20 } }',
    '    - { id: after, name: After, action: debug:log, input: { message: after the wait } }',
    '',
  ].join('\n'));

  // Two replicas: the same config but their own port, as behind a load balancer.
  const busToken = randomBytes(24).toString('hex');
  const dataDir = join(dir, 'portal-data');
  mkdirSync(dataDir, { recursive: true });
  const replicas = [];
  for (const name of ['replica-a', 'replica-b']) {
    const port = await freePort();
    const overlay = join(dir, `app-config.${name}.yaml`);
    writeFileSync(overlay, JSON.stringify({
      backend: {
        baseUrl: `http://localhost:${port}`,
        listen: { port },
        database: pg.backendDatabase,
        // Lets this script publish on the events bus as a service.
        auth: { externalAccess: [{ type: 'static', options: { token: busToken, subject: 'replica-test' } }] },
      },
      catalog: {
        locations: [
          // As app-config.yaml's own entry: the users and groups are allowed
          // only from this admin-configured location (catalog rules per location).
          { type: 'file', target: join(root, 'catalog-info.yaml'), rules: [{ allow: ['Group', 'User', 'Template', 'Domain'] }] },
          { type: 'file', target: template, rules: [{ allow: ['Template'] }] },
        ],
        providers: {
          mlops: {
            local: {
              path: join(root, 'gitops'),
              // Strings, so they replace app-config.yaml's duration objects
              // instead of merging with them ({ minutes: 1, seconds: 10 }).
              schedule: { frequency: `PT${PROVIDER_FREQUENCY_S}S`, timeout: 'PT30S', initialDelay: 'PT1S' },
            },
          },
        },
      },
    }), { mode: 0o600 }); // holds the bus token
    const cmd = backendCommand({
      configs: [...defaultConfigs(), overlay],
      env: {
        PORTAL_BACKEND_PORT: String(port),
        PORTAL_APP_PORT: String(port),
        PORTAL_DATA_DIR: dataDir,
        KUBE_SIM_URL: cluster.url,
        KUBE_SIM_TOKEN: cluster.token,
        KUBE_SIM_CA_DATA: cluster.caData,
      },
    });
    const proc = startProcess(name, cmd.command, cmd.args, { cwd: cmd.cwd, env: cmd.env });
    replicas.push(Object.assign(proc, { port, base: `http://localhost:${port}` }));
  }
  const [a, b] = replicas;
  console.log(`replicas on :${a.port} and :${b.port}, started together (one set of migrations on one database); logs in ${dir}`);

  // Both up, each with the catalog and the simulated cluster. Started at the
  // same time on a fresh database, one replica's plugins can find the other
  // holding their migration lock and fail start-up; the backend then exits
  // (packages/backend/src/index.ts) and is started again here, as Kubernetes
  // restarts a container that exited: after a back-off that doubles with each
  // restart and differs per replica, so two replicas that failed together do
  // not collide again on the next start. Counted, not hidden; after
  // MAX_STARTS the step fails at once, naming the last reason.
  const MAX_STARTS = 5;
  const bootStarted = Date.now();
  let gaveUp;
  await Promise.all(replicas.map((r, i) => waitFor(`${r.name} readiness`, async () => {
    if (gaveUp) return true;
    if (!r.running()) {
      if (r.restartAt === undefined) {
        const reason = r.lines.map(l => l.text).filter(t => /startup failed|Migration table is already locked|migrations_lock/.test(t)).slice(-1)[0] ?? 'no reason logged';
        if (r.starts >= MAX_STARTS) {
          gaveUp = new Error(`${r.name} exited ${r.starts} times during start-up; last: ${reason}`);
          return true;
        }
        const backoffMs = 2000 * 2 ** (r.starts - 1) + i * 1500 + Math.round(Math.random() * 1000);
        note(`${r.name} exited during start-up (${reason.slice(0, 200)}); starting it again in ${(backoffMs / 1000).toFixed(1)} s`);
        r.restartAt = Date.now() + backoffMs;
      }
      if (Date.now() >= r.restartAt) {
        r.restartAt = undefined;
        r.respawn();
      }
      return false;
    }
    return (await fetch(`${r.base}/.backstage/health/v1/readiness`)).ok;
  }, 600_000)));
  if (gaveUp) throw gaveUp;
  check(true, `both replicas ready after ${seconds(Date.now() - bootStarted)} (starts: a ${a.starts}, b ${b.starts})`);
  const guest = async r => (await api(r.base, '/api/auth/guest/refresh', { method: 'POST', headers: { 'X-Requested-With': 'XMLHttpRequest' } })).backstageIdentity.token;
  // The users come from catalog-info.yaml, ingested on its own schedule
  // (after the MLOps provider's entities, sometimes): sign-in waits for them.
  const asUser = (r, user) =>
    waitFor(`${user} signing in on ${r.name} (the User in the catalog)`, async () =>
      (await api(r.base, '/api/auth/localUsers/refresh', { headers: { 'x-local-user': `user:default/${user}`, 'X-Requested-With': 'XMLHttpRequest' } })).backstageIdentity.token,
    300_000);
  const tokens = { a: await waitFor('guest sign-in on a', () => guest(a), 60_000), b: await waitFor('guest sign-in on b', () => guest(b), 60_000) };
  const entityCount = async (r, token) => (await api(r.base, '/api/catalog/entities/by-query?limit=1', { token })).totalItems;
  const providerCount = async (r, token) => (await api(r.base, '/api/catalog/entities/by-query?limit=1&filter=metadata.annotations.backstage.io/managed-by-location=mlops-provider:local', { token })).totalItems;
  const overviewOk = async (r, token) => {
    const o = await api(r.base, '/api/mlops/overview', { token });
    const c = o.clusters.find(x => x.name === 'mlops-sim');
    const airflow = o.layers.flatMap(l => l.entities).find(e => e.entityRef === 'component:default/airflow');
    return c?.connection === 'connected' && airflow?.status === 'Failed' ? o : undefined;
  };
  for (const [r, token] of [[a, tokens.a], [b, tokens.b]]) {
    await waitFor(`${r.name}: the platform in the catalog`, async () => (await providerCount(r, token)) >= 40, 300_000);
    await waitFor(`${r.name}: mlops-sim connected, degraded scenario`, () => overviewOk(r, token), 300_000);
  }
  const windowStart = Date.now();
  const baseline = { entities: await entityCount(a, tokens.a), provider: await providerCount(a, tokens.a) };
  check(baseline.entities === (await entityCount(b, tokens.b)), `both replicas serve the same catalog: ${baseline.entities} entities, ${baseline.provider} from the MLOps provider`);

  // 2. Status from their own caches: the simulator sees both replicas' watches.
  const watchesBoth = (await simInfo(cluster)).watches;
  check(Boolean(await overviewOk(a, tokens.a)) && Boolean(await overviewOk(b, tokens.b)), 'both replicas serve /api/mlops/overview: mlops-sim connected, airflow Failed');
  note(`open watches on the simulator with both replicas: ${watchesBoth}`);

  // 3a. The events bus: a signal published once, on one replica, reaches both.
  const subs = {
    a: await subscribe(a.base, tokens.a, ['mlops:status', 'replica-test']),
    b: await subscribe(b.base, tokens.b, ['mlops:status', 'replica-test']),
  };
  const published = new Map();
  const got = s => s.messages.find(m => m.channel === 'replica-test' && published.has(m.message.nonce));
  // The subscription is registered asynchronously (no acknowledgement): publish
  // again until both have one, and time the first one each received.
  await eventually('a signal published on replica a reaching subscribers on both replicas', async () => {
    if (got(subs.a) && got(subs.b)) return true;
    const nonce = randomBytes(8).toString('hex');
    published.set(nonce, Date.now());
    await api(a.base, '/api/events/bus/v1/events', {
      token: busToken,
      method: 'POST',
      body: { event: { topic: 'signals', payload: { recipients: { type: 'broadcast' }, channel: 'replica-test', message: { nonce } } }, notifiedSubscribers: [] },
    });
    await sleep(1500);
    return got(subs.a) && got(subs.b);
  }, 60_000);
  if (got(subs.a) && got(subs.b)) {
    const latency = s => got(s).at - published.get(got(s).message.nonce);
    check(true, `a signal published on a's events bus reached a's subscriber in ${latency(subs.a)} ms and b's in ${latency(subs.b)} ms (PostgreSQL events bus)`);
  }

  // 4 + 3b. Reconcile on a as alex (platform-team owns minio-operator): seen
  // on b, and a status signal pushed to subscribers on both.
  const objectPath = '/api/mlops/objects/mlops-sim/HelmRelease/platform-operators/minio-operator';
  const alex = { a: await asUser(a, 'alex'), b: await asUser(b, 'alex') };
  const pushed = (s, since) => s.messages.filter(m => m.channel === 'mlops:status' && m.at >= since && (m.message.entityRefs.length === 0 || m.message.entityRefs.includes('component:default/minio-operator')));
  const reconcileAt = Date.now();
  const reconciled = await api(a.base, `${objectPath}/reconcile`, { token: alex.a, method: 'POST', body: {} });
  check(reconciled.outcome === 'handled' && Boolean(reconciled.requestedAt), `reconcile on a: ${reconciled.outcome} (requestedAt ${reconciled.requestedAt})`);
  const seenOnB = await eventually('the reconcile seen on b', async () => (await api(b.base, objectPath, { token: alex.b })).lastHandledReconcileAt === reconciled.requestedAt && Date.now(), 60_000);
  if (seenOnB) check(true, `b shows the reconcile handled (lastHandledReconcileAt = a's token) ${seconds(seenOnB - reconcileAt)} after the request`);
  const pushedBoth = await eventually('status signals for minio-operator on both replicas', () => pushed(subs.a, reconcileAt).length > 0 && pushed(subs.b, reconcileAt).length > 0, 60_000);
  if (pushedBoth) {
    check(true, `status signal for minio-operator pushed to subscribers of a (after ${pushed(subs.a, reconcileAt)[0].at - reconcileAt} ms) and of b (after ${pushed(subs.b, reconcileAt)[0].at - reconcileAt} ms)`);
  }

  const reason = `replica test ${Date.now()}`;
  await api(b.base, `${objectPath}/suspend`, { token: alex.b, method: 'POST', body: { reason } });
  await eventually('the suspend on b seen on a', async () => {
    const o = await api(a.base, objectPath, { token: alex.a });
    return o.suspended && o.suspendReason === reason;
  }, 60_000) && check(true, `suspend on b (reason "${reason}") seen on a`);
  await api(a.base, `${objectPath}/resume`, { token: alex.a, method: 'POST', body: {} });
  await eventually('the resume on a seen on b', async () => !(await api(b.base, objectPath, { token: alex.b })).suspended, 60_000) &&
    check(true, 'resume on a seen on b');
  // Pushes per subscriber for that one reconcile, for the record: each replica
  // publishes what its own watches see, and the bus fans each out to both.
  note(`status signals for minio-operator since the reconcile: ${pushed(subs.a, reconcileAt).length} on a's subscriber, ${pushed(subs.b, reconcileAt).length} on b's`);

  // 1. Ingestion once: the provider's runs in both logs over the window so far
  // (at least 60 s of it).
  while (Date.now() - windowStart < 60_000) await sleep(1000);
  const windowEnd = Date.now();
  const inWindow = r => ingestedRuns(r).filter(l => l.at >= windowStart && l.at <= windowEnd);
  const runs = [...inWindow(a).map(l => ({ ...l, r: 'a' })), ...inWindow(b).map(l => ({ ...l, r: 'b' }))].sort((x, y) => x.at - y.at);
  const windowS = (windowEnd - windowStart) / 1000;
  const gaps = runs.slice(1).map((l, i) => (l.at - runs[i].at) / 1000);
  const minGap = gaps.length ? Math.min(...gaps) : Infinity;
  check(
    runs.length >= 1 && runs.length <= windowS / PROVIDER_FREQUENCY_S + 2 && minGap >= PROVIDER_FREQUENCY_S / 2,
    `catalog ingestion once: ${runs.length} provider runs in ${windowS.toFixed(0)} s at a ${PROVIDER_FREQUENCY_S} s frequency (a: ${inWindow(a).length}, b: ${inWindow(b).length}), closest two ${minGap.toFixed(1)} s apart`,
  );
  const lastBefore = { a: ingestedRuns(a).length, b: ingestedRuns(b).length };

  // 5. A slow task on a; SIGKILL whichever replica runs it, mid-run.
  const task = await api(a.base, '/api/scaffolder/v2/tasks', { token: alex.a, method: 'POST', body: { templateRef: 'template:default/replica-slow-task', values: {} } });
  const events = async r => (await api(r.base, `/api/scaffolder/v2/tasks/${task.id}/events`, { token: alex.a }));
  await waitFor('the task to reach its wait step', async () => (await events(a)).some(e => e.body?.stepId === 'wait' && e.body?.status === 'processing'), 120_000);
  // The replica that claimed the task logs its audit event of type execution.
  const executes = r => r.lines.some(l => l.text.includes(task.id) && l.text.includes('"actionType":"execution"'));
  const runner = await waitFor('the audit event of the replica running the task', () => replicas.find(executes), 30_000);
  const survivor = runner === a ? b : a;
  const survivorToken = runner === a ? tokens.b : tokens.a;
  note(`task ${task.id} runs on ${runner.name}`);
  const killAt = Date.now();
  runner.signal('SIGKILL');
  await runner.exited;
  // Not started again: the survivor alone must carry on.
  check(true, `${runner.name} killed with SIGKILL in the middle of task ${task.id}`);

  const finished = await eventually('the task to finish on the survivor', async () => {
    const t = await api(survivor.base, `/api/scaffolder/v2/tasks/${task.id}`, { token: survivorToken });
    return ['completed', 'failed', 'cancelled'].includes(t.status) ? t : undefined;
  }, 240_000);
  if (finished) {
    const ev = await events(survivor);
    const recovered = ev.some(e => e.type === 'recovered');
    check(finished.status === 'completed' && recovered, `the task was recovered and ${finished.status} by ${survivor.name} ${seconds(Date.now() - killAt)} after the kill (recovered event: ${recovered})`);
  }
  const ingestAfter = await eventually(`${survivor.name} to go on ingesting`, () => ingestedRuns(survivor).find(l => l.at > killAt), 180_000);
  if (ingestAfter) check(true, `${survivor.name} ran the next catalog ingestion ${seconds(ingestAfter.at - killAt)} after the kill (runs logged before the kill: a ${lastBefore.a}, b ${lastBefore.b})`);
  const after = { entities: await entityCount(survivor, survivorToken), provider: await providerCount(survivor, survivorToken) };
  check(after.entities === baseline.entities && after.provider === baseline.provider, `no catalog data lost: ${after.entities} entities (${after.provider} from the provider), as before the kill`);
  check(Boolean(await waitFor('the survivor overview', () => overviewOk(survivor, survivorToken), 60_000)), `${survivor.name} still serves the status API`);
  const watchesOne = await eventually('the killed replica\'s watches to close on the simulator', async () => {
    const w = (await simInfo(cluster)).watches;
    return w < watchesBoth ? w : undefined;
  }, 120_000);
  if (watchesOne) note(`open watches on the simulator after the kill: ${watchesOne} (from ${watchesBoth})`);
  const subSurvivor = survivor === a ? subs.a : subs.b;
  const alexSurvivor = survivor === a ? alex.a : alex.b;
  const again = Date.now();
  await api(survivor.base, `${objectPath}/reconcile`, { token: alexSurvivor, method: 'POST', body: {} });
  await eventually('a status signal on the survivor', () => pushed(subSurvivor, again).length > 0, 60_000) &&
    check(true, `${survivor.name} still pushes status signals to its subscribers`);
  for (const s of Object.values(subs)) s.ws.close();
} catch (e) {
  check(false, e.stack ?? e.message);
  for (const c of children) {
    console.log(`--- last lines of ${c.name} (${c.logFile})`);
    console.log(c.lines.slice(-25).map(l => l.text).join('\n'));
  }
} finally {
  for (const c of [...children].reverse()) await c.stop();
  pg?.stop();
  if (!failures.length) rmSync(dir, { recursive: true, force: true });
}
console.log(`backend-replicas: ${failures.length ? `${failures.length} check(s) failed (logs kept in ${dir})` : 'all checks passed'} in ${seconds(Date.now() - started)}`);
process.exit(failures.length ? 1 : 0);
