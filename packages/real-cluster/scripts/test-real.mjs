#!/usr/bin/env node
// The real-cluster test step: builds the tier (skipped when cached), starts it
// from a fresh state folder, runs the tests in src/realtests against it, and
// stops it; then the end-to-end tests in Chromium (e2e/*.e2e.ts: the
// self-service loop, trace, desired vs live, notifications;
// playwright.real.config.ts: their own tier, data folder and ports, one
// tier and one portal for all of them). If the tier
// cannot be built or started, the step FAILS: it never passes without having
// run its tests.
//
//   node packages/real-cluster/scripts/test-real.mjs [jest name pattern]
//
// With a jest name pattern, or PORTAL_TEST_REAL_CLUSTER_E2E=0, the end-to-end
// run is left out (and the summary says so).
//
// Ports: PORTAL_REAL_CLUSTER_PORT (default 6650, and the next 20) and
// PORTAL_REAL_CLUSTER_ETCD_PORT (default 2479, 2480).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(pkg, '../..');
const state = resolve(root, process.env.PORTAL_DATA_DIR ?? '.data', 'real-cluster-test');
const results = resolve(root, process.env.PORTAL_DATA_DIR ?? '.data', 'test-results');
const env = {
  ...process.env,
  PORTAL_REAL_CLUSTER_STATE: state,
  PORTAL_REAL_CLUSTER_GITOPS_REMOTE: resolve(state, 'gitops-remote.git'),
};

function log(msg) {
  console.log(`\x1b[1m[real-cluster tests]\x1b[0m ${msg}`);
}

function run(cmd, args, opts = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit', ...opts });
  return { ok: r.status === 0, status: r.status ?? r.signal, seconds: ((Date.now() - started) / 1000).toFixed(0) };
}

function fail(msg) {
  console.error(`\x1b[1;31m[real-cluster tests] FAILED:\x1b[0m ${msg}`);
  console.log('real-cluster: 0 passed, 1 failed');
  process.exit(1);
}

const cluster = resolve(pkg, 'scripts/cluster.sh');
// What `cluster.sh up` starts, nothing more (build.sh "default"; no notification-controller
// unless PORTAL_REAL_CLUSTER_NOTIFICATION=1).
const build = run(resolve(pkg, 'scripts/build.sh'), ['default']);
if (!build.ok) fail(`building the tier failed (exit ${build.status}); see the output above`);
log(`build step took ${build.seconds} s`);

run(cluster, ['down', '--purge'], { stdio: 'ignore' });
mkdirSync(state, { recursive: true });
const up = run(cluster, ['up']);
if (!up.ok) {
  run(cluster, ['down']);
  fail(`starting the tier failed (exit ${up.status}); logs in ${state}/logs`);
}
log(`tier started in ${up.seconds} s`);

for (const line of readFileSync(resolve(state, 'env.sh'), 'utf8').split('\n')) {
  const m = /^export (\w+)='(.*)'$/.exec(line);
  if (m) env[m[1]] = m[2];
}
mkdirSync(results, { recursive: true });
const jsonOut = resolve(results, 'real-cluster-jest.json');
rmSync(jsonOut, { force: true });
const jest = run(
  'yarn',
  ['backstage-cli', 'package', 'test', '--runInBand', '--testTimeout=120000', '--testMatch', '**/realtests/**/*.realtest.ts', '--json', `--outputFile=${jsonOut}`, ...process.argv.slice(2)],
  { cwd: pkg, env: { ...env, CI: 'true' } },
);
run(cluster, ['down']);

if (!existsSync(jsonOut)) fail(`jest wrote no results (exit ${jest.status})`);
const j = JSON.parse(readFileSync(jsonOut, 'utf8'));
let passed = j.numPassedTests;
let failed = j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0);
let skipped = j.numPendingTests + j.numTodoTests;
if (passed === 0) fail('no real-cluster test ran');
log(`jest: ${passed} passed, ${failed} failed, ${skipped} skipped`);

let e2eOk = true;
if (process.argv.length > 2 || process.env.PORTAL_TEST_REAL_CLUSTER_E2E === '0') {
  log('the end-to-end tests (e2e/) are LEFT OUT (a jest pattern was given or PORTAL_TEST_REAL_CLUSTER_E2E=0)');
} else {
  const e2eJson = resolve(results, 'real-cluster-e2e.json');
  rmSync(e2eJson, { force: true });
  // As the real tests: from an empty state (tier, GitOps repository, the
  // portal's database), so no run depends on what an earlier one left.
  rmSync(resolve(root, process.env.PORTAL_E2E_REAL_DATA_DIR ?? '.data/e2e-real'), { recursive: true, force: true });
  const e2e = run('yarn', ['playwright', 'test', '-c', 'packages/real-cluster/playwright.real.config.ts', '--reporter=list,json'], {
    env: { ...process.env, CI: 'true', PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson },
  });
  log(`end-to-end tests took ${e2e.seconds} s`);
  if (!existsSync(e2eJson)) {
    failed += 1;
    e2eOk = false;
    log(`the end-to-end tests wrote no results (exit ${e2e.status})`);
  } else {
    const stats = JSON.parse(readFileSync(e2eJson, 'utf8')).stats ?? {};
    passed += stats.expected ?? 0;
    failed += (stats.unexpected ?? 0) + (stats.flaky ?? 0);
    skipped += stats.skipped ?? 0;
    e2eOk = e2e.ok && (stats.expected ?? 0) > 0;
    if (!e2eOk && !(stats.unexpected ?? 0)) failed += 1;
  }
}
console.log(`real-cluster: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(jest.ok && e2eOk && failed === 0 ? 0 : 1);
