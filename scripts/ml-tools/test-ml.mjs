#!/usr/bin/env node
// The ML workbench's tests on the real tools (CI step `ml-workbench` of
// scripts/test-all.mjs):
// 1. install MLflow, Airflow and Kafka when missing (timed);
// 2. start them on free ports with a fresh data folder and the demo project;
// 3. jest: every *.realtools.test.ts (the backend against the real servers,
//    and the New ML project template: pytest, Airflow DagBag, training into MLflow);
// 4. stop them, then Playwright (playwright.ml.config.ts): the portal started
//    with --ml --app-build, every view on real data, screenshots into
//    docs/screenshots/.
// Runs every part even after a failure; exits non-zero if any failed.
// Arguments name the parts to run: `install`, `realtools` (start + jest),
// `e2e-ml` (only Playwright; the portal starts the tools itself).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const only = process.argv.slice(2);

function log(msg) {
  console.log(`\x1b[1m[test-ml]\x1b[0m ${msg}`);
}

async function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

const env = {
  ...process.env,
  CI: 'true',
  PORTAL_DATA_DIR: resolve(root, '.data/ci-ml'),
  ML_KAFKA_PORT: process.env.ML_KAFKA_PORT ?? String(await freePort()),
  ML_KAFKA_CONTROLLER_PORT: process.env.ML_KAFKA_CONTROLLER_PORT ?? String(await freePort()),
  ML_MLFLOW_PORT: process.env.ML_MLFLOW_PORT ?? String(await freePort()),
  ML_AIRFLOW_PORT: process.env.ML_AIRFLOW_PORT ?? String(await freePort()),
};
const results = [];
mkdirSync(resolve(root, '.data/test-results'), { recursive: true });

function step(name, cmd, args, opts = {}) {
  if (only.length && !only.includes(name)) return true;
  log(`${name}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: opts.cwd ?? root, stdio: 'inherit', env: { ...env, ...opts.env } });
  const ok = r.status === 0;
  results.push({ name, ok, seconds: ((Date.now() - started) / 1000).toFixed(0) });
  return ok;
}

const installed = step('install', process.execPath, ['scripts/ml-tools/ml-tools.mjs', 'install']);

if (installed && (!only.length || only.includes('realtools'))) {
  rmSync(env.PORTAL_DATA_DIR, { recursive: true, force: true });
  const started = Date.now();
  const tools = spawn(process.execPath, ['scripts/ml-tools/ml-tools.mjs', 'start'], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise(res => {
    tools.once('message', () => res(true));
    tools.once('exit', () => res(false));
  });
  results.push({ name: 'start ML tools', ok: ready, seconds: ((Date.now() - started) / 1000).toFixed(0) });
  if (ready) {
    // ml-tools reads its ports and data folder from the environment at import.
    Object.assign(process.env, env);
    const mlTools = await import('./ml-tools.mjs');
    const portalEnv = mlTools.portalEnv();
    const report = resolve(root, '.data/test-results/jest-ml-realtools.json');
    const ran = step(
      'realtools',
      'yarn',
      ['backstage-cli', 'package', 'test', '--maxWorkers=1', '--json', `--outputFile=${report}`, 'realtools'],
      { cwd: resolve(root, 'plugins/ml-workbench-backend'), env: portalEnv },
    );
    // The suites skip themselves without the tools' variables; here that is a failure, not a pass.
    if (ran) {
      const r = JSON.parse(readFileSync(report, 'utf8'));
      const ok = r.numPendingTests === 0 && r.numPassedTests > 0 && r.numTotalTestSuites >= 2;
      if (!ok) log(`realtools: ${r.numPassedTests} passed, ${r.numPendingTests} skipped in ${r.numTotalTestSuites} suites: the real-tools suites did not all run`);
      results.push({ name: `realtools ran (${r.numPassedTests} passed, ${r.numPendingTests} skipped)`, ok, seconds: '0' });
    }
  }
  tools.kill('SIGTERM');
  await new Promise(res => (tools.exitCode === null ? tools.once('exit', res) : res()));
}

if (installed) {
  // A fresh portal data folder: the ML tools are seeded from scratch, as on a new machine.
  if (!only.length || only.includes('e2e-ml')) rmSync(resolve(root, '.data/e2e-ml'), { recursive: true, force: true });
  step('e2e-ml', 'yarn', ['playwright', 'test', '-c', 'playwright.ml.config.ts'], {
    env: {
      PORTAL_DATA_DIR: resolve(root, '.data/e2e-ml'),
      PLAYWRIGHT_JSON_OUTPUT_NAME: process.env.PLAYWRIGHT_ML_JSON_OUTPUT_NAME ?? resolve(root, '.data/test-results/playwright-ml.json'),
    },
  });
}

console.log('\nML workbench on the real tools');
for (const r of results) console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds} s)`);
process.exit(results.every(r => r.ok) ? 0 : 1);
