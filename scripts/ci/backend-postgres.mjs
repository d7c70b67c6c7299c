#!/usr/bin/env node
// Integration check run by the test command: boots the real backend once
// against a real PostgreSQL 15 started here (PostgreSQL refuses to run as root,
// so the server runs as the `postgres` user in a temp dir it owns, on a free
// port), waits for readiness, and checks that the catalog served the platform's
// entities. Then checks that a wrong `backend.database.client` stops start-up
// with a message naming the key.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startPostgres } from './lib/postgres.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const sleep = ms => new Promise(r => setTimeout(r, ms));

function startBackend(configFiles, env = {}) {
  const args = ['workspace', 'backend', 'backstage-cli', 'package', 'start'];
  for (const c of configFiles) args.push('--config', c);
  const child = spawn('yarn', args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', d => (output += d));
  child.stderr.on('data', d => (output += d));
  return {
    child,
    output: () => output,
    stop: () => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    },
  };
}

async function waitFor(fn, ms, what) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(1000);
  }
  throw new Error(`timed out after ${ms / 1000} s waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

const failures = [];
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}

const dir = mkdtempSync(join(tmpdir(), 'portal-pg-config-'));
const backendPort = await freePort();
let backend;
let pg;
try {
  pg = await startPostgres();
  const pgPort = pg.port;
  console.log(`PostgreSQL ${pg.version} on 127.0.0.1:${pgPort}`);

  const override = join(dir, 'app-config.ci.yaml');
  writeFileSync(
    override,
    [
      'backend:',
      `  baseUrl: http://localhost:${backendPort}`,
      '  listen:',
      `    port: ${backendPort}`,
      '  database:',
      '    client: pg',
      '    connection:',
      '      host: 127.0.0.1',
      `      port: ${pgPort}`,
      '      user: postgres',
      "      password: ''",
      '',
    ].join('\n'),
  );
  backend = startBackend([resolve(root, 'app-config.yaml'), override], {
    PORTAL_DATA_DIR: join(dir, 'portal-data'),
  });
  const base = `http://localhost:${backendPort}`;
  const started = Date.now();
  await waitFor(async () => {
    const r = await fetch(`${base}/.backstage/health/v1/readiness`);
    return r.ok;
  }, 240_000, 'backend readiness');
  check(true, `backend ready on PostgreSQL after ${((Date.now() - started) / 1000).toFixed(0)} s`);

  const token = await waitFor(async () => {
    const r = await fetch(`${base}/api/auth/guest/refresh`, {
      method: 'POST',
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    return r.ok ? (await r.json()).backstageIdentity.token : undefined;
  }, 30_000, 'guest sign-in');

  const wanted = [
    'domain:default/mlops-platform',
    'system:default/platform-operators',
    'system:default/data-storage',
    'group:default/platform-team',
    'component:default/mlops-portal',
  ];
  const found = await waitFor(async () => {
    const r = await fetch(`${base}/api/catalog/entities/by-refs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ entityRefs: wanted }),
    });
    const { items } = await r.json();
    return items.every(Boolean) ? items : undefined;
  }, 120_000, `catalog entities ${wanted.join(', ')}`).catch(e => e);
  check(Array.isArray(found), `catalog served ${wanted.join(', ')}${Array.isArray(found) ? '' : ` (${found.message})`}`);

  const tables = pg.psql("select count(*) from pg_database where datname like 'backstage_plugin_%'");
  check(Number(tables) > 0, `plugins created their databases in PostgreSQL (${tables})`);
  backend.stop();
  await sleep(2000);

  // A wrong value must stop start-up with a message that names the key.
  const bad = join(dir, 'app-config.bad.yaml');
  writeFileSync(bad, 'backend:\n  database:\n    client: postgresql-typo\n');
  const broken = startBackend([resolve(root, 'app-config.yaml'), override, bad]);
  const exited = await waitFor(
    () => broken.child.exitCode !== null || /backend\.database\.client/.test(broken.output()),
    180_000,
    'start-up to fail on a bad database client',
  ).catch(() => false);
  broken.stop();
  check(
    Boolean(exited) && /backend\.database\.client/.test(broken.output()),
    'a wrong backend.database.client fails start-up naming the key',
  );
  if (!/backend\.database\.client/.test(broken.output())) {
    console.log(broken.output().split('\n').slice(-30).join('\n'));
  }
} catch (e) {
  check(false, e.message);
  if (backend) console.log(backend.output().split('\n').slice(-60).join('\n'));
} finally {
  backend?.stop();
  pg?.stop();
  rmSync(dir, { recursive: true, force: true });
}
console.log(failures.length ? `backend-on-postgres: ${failures.length} check(s) failed` : 'backend-on-postgres: all checks passed');
process.exit(failures.length ? 1 : 0);
