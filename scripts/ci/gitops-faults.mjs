#!/usr/bin/env node
// Measures what the portal does through the GitOps repository faults of
// docs/reliability.md, on the real backend (SQLite) reading a copy of gitops/
// that this script breaks and repairs: a YAML syntax error, an empty
// checkout, half the tree deleted, and (for comparison) one file really
// deleted. Prints, per fault, what the catalog API and the log show during it
// and how long after the repair the data is correct again. Not a test step
// (the logic is tested in plugins/catalog-backend-module-mlops); a measurement:
//
//   node scripts/ci/gitops-faults.mjs [--frequency-s 15]
import { spawn } from 'node:child_process';
import { cpSync, createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { backendCommand, defaultConfigs, root } from './lib/backend.mjs';
import { freePort } from './lib/postgres.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const FREQUENCY_S = Number(arg('--frequency-s', '15'));
const sleep = ms => new Promise(r => setTimeout(r, ms));
const s = ms => `${(ms / 1000).toFixed(1)} s`;

const dir = mkdtempSync(join(tmpdir(), 'portal-gitops-faults-'));
const repo = join(dir, 'gitops');
cpSync(join(root, 'gitops'), repo, { recursive: true });
mkdirSync(join(dir, 'sqlite'), { recursive: true });
const port = await freePort();
const nowhere = await freePort(); // the cluster is not part of this
const base = `http://localhost:${port}`;
const overlay = join(dir, 'app-config.faults.yaml');
writeFileSync(overlay, JSON.stringify({
  catalog: {
    providers: { mlops: { local: { path: repo, schedule: { frequency: `PT${FREQUENCY_S}S`, timeout: 'PT1M', initialDelay: 'PT1S' } } } },
  },
}));
const cmd = backendCommand({
  configs: [...defaultConfigs(), overlay],
  env: { PORTAL_BACKEND_PORT: String(port), PORTAL_APP_PORT: String(port), PORTAL_DATA_DIR: dir, KUBE_SIM_URL: `https://127.0.0.1:${nowhere}` },
});
const child = spawn(cmd.command, cmd.args, { cwd: cmd.cwd, env: cmd.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
const log = createWriteStream(join(dir, 'backend.log'));
const lines = [];
for (const stream of [child.stdout, child.stderr]) {
  createInterface({ input: stream }).on('line', line => {
    // eslint-disable-next-line no-control-regex
    const text = line.replace(/\x1b\[[0-9;]*m/g, '');
    lines.push({ at: Date.now(), text });
    log.write(`${text}\n`);
  });
}
const provider = since => lines.filter(l => l.at >= since && l.text.includes('mlops-provider:local'));

async function until(what, fn, ms = 10 * FREQUENCY_S * 1000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}
let token;
const api = async path => {
  const res = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
};
const count = async () => (await api('/api/catalog/entities/by-query?limit=1&filter=metadata.annotations.backstage.io/managed-by-location=mlops-provider:local')).totalItems;
const entity = ref => api(`/api/catalog/entities/by-name/${ref}`).catch(() => undefined);
const errors = e => (e?.status?.items ?? []).map(i => i.error?.message ?? '');
const runsSince = since => provider(since).filter(l => /ingested \d+ files|keeps the last good set/.test(l.text)).length;
const report = [];
function row(fault, during, after) {
  report.push({ fault, during, after });
  console.log(`\n${fault}\n  during: ${during}\n  after the repair: ${after}`);
}

try {
  await until('backend readiness', async () => (await fetch(`${base}/.backstage/health/v1/readiness`)).ok, 600_000);
  token = (await (await fetch(`${base}/api/auth/guest/refresh`, { method: 'POST', headers: { 'X-Requested-With': 'XMLHttpRequest' } })).json()).backstageIdentity.token;
  const full = await until('the platform in the catalog', async () => {
    const n = await count();
    const airflow = await entity('component/default/airflow');
    return n >= 43 && airflow?.relations?.length ? n : undefined;
  });
  console.log(`backend on ${base}, provider every ${FREQUENCY_S} s, ${full} entities from gitops/ (logs: ${dir}/backend.log)`);

  // 1. A YAML syntax error in one file.
  const airflowFile = join(repo, 'components/orchestration/airflow.yaml');
  let t0 = Date.now();
  writeFileSync(airflowFile, 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: airflow\n spec: [\n');
  const warned = await until('the warning', async () => provider(t0).find(l => /airflow\.yaml: invalid YAML.*last good version/.test(l.text)));
  const flagged = await until('the error on the entity', async () => (errors(await entity('component/default/airflow')).some(m => m.includes('airflow.yaml')) ? Date.now() : undefined));
  await until('four runs', async () => runsSince(t0) >= 4);
  const kept = await entity('component/default/airflow');
  const during1 = `warning naming the file ${s(warned.at - t0)} after the break; the entity page's processing error from ${s(flagged - t0)}; after ${runsSince(t0)} runs (grace period 3) airflow is still there, owner ${kept.spec.owner}, ${await count()} of ${full} entities`;
  t0 = Date.now();
  cpSync(join(root, 'gitops/components/orchestration/airflow.yaml'), airflowFile);
  const cleared = await until('the error to clear', async () => (errors(await entity('component/default/airflow')).length === 0 ? Date.now() : undefined));
  row('A YAML syntax error in components/orchestration/airflow.yaml', during1, `error gone from the entity ${s(cleared - t0)} after the fix`);

  // 2. An empty checkout.
  t0 = Date.now();
  rmSync(repo, { recursive: true });
  mkdirSync(repo);
  await until('three failed runs', async () => provider(t0).filter(l => /found no manifest files/.test(l.text)).length >= 3);
  const firstError = provider(t0).find(l => /found no manifest files/.test(l.text));
  const during2 = `a failed run every ${FREQUENCY_S} s, logged at error level (${provider(t0).filter(l => /found no manifest files/.test(l.text)).length} so far, the first ${s(firstError.at - t0)} after the break: "${firstError.text.replace(/^.*?error /, '').slice(0, 120)}…"); ${await count()} of ${full} entities`;
  t0 = Date.now();
  cpSync(join(root, 'gitops'), repo, { recursive: true });
  const back2 = await until('a good run', async () => provider(t0).find(l => /ingested \d+ files/.test(l.text)));
  row('An empty checkout', during2, `next run applies normally ${s(back2.at - t0)} after the repair; ${await count()} entities (nothing was removed, nothing to restore)`);

  // 3. Half the tree gone: components/ deleted.
  t0 = Date.now();
  rmSync(join(repo, 'components'), { recursive: true });
  await until('three refusals', async () => provider(t0).filter(l => /refusing to apply this run/.test(l.text)).length >= 3);
  const refusal = provider(t0).find(l => /refusing to apply this run/.test(l.text));
  const during3 = `refused every run at error level, first ${s(refusal.at - t0)} after the break: "${/refusing[^;]*?\)/.exec(refusal.text)?.[0]}"; ${await count()} of ${full} entities`;
  t0 = Date.now();
  cpSync(join(root, 'gitops'), repo, { recursive: true });
  const back3 = await until('a good run', async () => provider(t0).find(l => /ingested \d+ files/.test(l.text)));
  row('components/ deleted (18 of 43 entities missing)', during3, `next run applies normally ${s(back3.at - t0)} after the repair; ${await count()} entities`);

  // 4. For comparison, a real removal: one file deleted.
  const kps = join(repo, 'components/observability/kube-prometheus-stack.yaml');
  t0 = Date.now();
  rmSync(kps);
  const removed = await until('the removal', async () => (!(await entity('component/default/kube-prometheus-stack')) ? Date.now() : undefined));
  const during4 = `kube-prometheus-stack listed until its grace period ends, removed ${s(removed - t0)} after the deletion (${runsSince(t0)} runs)`;
  t0 = Date.now();
  cpSync(join(root, 'gitops/components/observability/kube-prometheus-stack.yaml'), kps);
  const readded = await until('the entity back', async () => ((await entity('component/default/kube-prometheus-stack'))?.relations?.length ? Date.now() : undefined));
  row('One file really deleted (kube-prometheus-stack.yaml), for comparison', during4, `back ${s(readded - t0)} after the file is restored`);
  console.log('\ngitops-faults: done');
} catch (e) {
  console.error(`gitops-faults: ${e.message}\n${lines.slice(-30).map(l => l.text).join('\n')}`);
  process.exitCode = 1;
} finally {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    /* gone */
  }
  if (child.exitCode === null && child.signalCode === null) await new Promise(r => child.once('exit', r));
  if (!process.exitCode) rmSync(dir, { recursive: true, force: true });
}
