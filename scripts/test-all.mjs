#!/usr/bin/env node
// Every test of the portal, in the order a failure is cheapest to find:
// type check, API reports, lint, unit and integration tests (jest), the backend booted on a
// real PostgreSQL, two backend replicas on one PostgreSQL, the end-to-end tests
// in Chromium against the portal on its local defaults (the app's production
// build served by the backend), the adopter path on a fresh stock app, then the
// ML workbench against the real MLflow, Airflow and Kafka.
// Runs every step even after a failure, then exits non-zero if any failed, so
// one run shows everything that is broken.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
// Two cores here: jest workers bounded so builds and browsers still get CPU.
const jestWorkers = process.env.PORTAL_JEST_WORKERS ?? '2';

const out = resolve(root, '.data/test-results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const steps = [
  // From scratch, not incremental: the API reports below are read from the
  // declarations it writes to dist-types/, and an incremental build can order
  // union members differently from a fresh one.
  ['typecheck', 'yarn', ['tsc:fresh']],
  // Fails when a package's public API changed without its report.api.md
  // (yarn build:api-reports).
  ['api-reports', 'yarn', ['api-reports', '--ci']],
  ['lint', 'yarn', ['backstage-cli', 'repo', 'lint']],
  ['unit+integration', 'yarn', ['backstage-cli', 'repo', 'test', `--maxWorkers=${jestWorkers}`, '--json', `--outputFile=${out}/jest.json`]],
  // The attack suite: hostile signed-in users against the real backend
  // (packages/attack-suite); every attack must be refused and leave no trace.
  ['security', 'yarn', ['test:security']],
  ['backend-on-postgres', 'node', ['scripts/ci/backend-postgres.mjs']],
  // Two backend replicas on one PostgreSQL and one simulated cluster: ingestion
  // once, signals and actions across replicas, a replica killed mid-run.
  ['backend-replicas', 'node', ['scripts/ci/backend-replicas.mjs']],
  // Builds the app for production once, then runs Playwright against the
  // backend serving that build (scripts/ci/e2e.mjs).
  ['e2e', 'node', ['scripts/ci/e2e.mjs']],
  // The adopter path: the packages built, packed and installed into a fresh
  // @backstage/create-app app per docs/adopting.md, type-checked, started
  // against kube-sim from its tarball, and checked in Chromium. Last, since it
  // builds and packs every published package.
  ['adopter', 'node', ['scripts/ci/adopter.mjs']],
  // MLflow, Airflow and Kafka installed from PyPI / Maven Central and started
  // for real; their real-tool jest suites and the ML end-to-end tests
  // (scripts/ml-tools/test-ml.mjs; about 2 min of installs on a fresh machine,
  // 4.5 min for the rest).
  ['ml-workbench', 'node', ['scripts/ml-tools/test-ml.mjs']],
  // The real tier (packages/real-cluster): a real control plane and Flux built
  // from the Go module proxy (cached by content), started, tested, stopped.
  // Opt-in (see `optIn` below): its cold build took 16 min on a fresh, lightly loaded
  // 2-core machine and 46-60 min on a loaded one (docs/real-cluster.md).
  ['real-cluster', 'node', ['packages/real-cluster/scripts/test-real.mjs']],
];

// Steps that run only when asked for, by name (`node scripts/test-all.mjs
// real-cluster`) or with their variable set to 1: their first run builds for
// longer than the whole command may take (docs/real-cluster.md). Skipping one
// is printed in the summary, never silent.
const optIn = {
  'real-cluster': 'PORTAL_TEST_REAL_CLUSTER',
};

const results = [];
const skippedSteps = [];
for (const [name, cmd, args] of steps) {
  if (only.length && !only.includes(name)) continue;
  if (optIn[name] && !only.includes(name) && process.env[optIn[name]] !== '1') {
    skippedSteps.push(name);
    console.log(`\n==> ${name}: SKIPPED (opt-in: ${optIn[name]}=1 or \`node scripts/test-all.mjs ${name}\`)`);
    continue;
  }
  console.log(`\n==> ${name}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      CI: 'true',
      PLAYWRIGHT_JSON_OUTPUT_NAME: `${out}/playwright.json`,
    },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const ok = r.status === 0;
  results.push({ name, ok, seconds });
  console.log(`<== ${name}: ${ok ? 'passed' : `FAILED (exit ${r.status ?? r.signal})`} in ${seconds} s`);
}

// Test counts from jest's and Playwright's JSON reports, for one closing line.
function counts() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const jest = `${out}/jest.json`;
  if (existsSync(jest)) {
    const j = JSON.parse(readFileSync(jest, 'utf8'));
    passed += j.numPassedTests;
    failed += j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0);
    skipped += j.numPendingTests + j.numTodoTests;
  }
  const pw = `${out}/playwright.json`;
  if (existsSync(pw)) {
    const s = JSON.parse(readFileSync(pw, 'utf8')).stats ?? {};
    passed += (s.expected ?? 0) + (s.flaky ?? 0);
    failed += s.unexpected ?? 0;
    skipped += s.skipped ?? 0;
  }
  return { passed, failed, skipped };
}

console.log('\nSummary of steps');
for (const r of results) console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds} s)`);
for (const name of skippedSteps)
  console.log(`  SKIP ${name} (opt-in step, not run: set ${optIn[name]}=1 or run \`node scripts/test-all.mjs ${name}\`)`);
const failedSteps = results.filter(r => !r.ok).length;
const c = counts();
// A failed step without a failed test (type check, lint, PostgreSQL boot) still counts as a failure.
console.log(`tests: ${c.passed} passed, ${c.failed + (c.failed ? 0 : failedSteps)} failed, ${c.skipped} skipped`);
process.exit(failedSteps ? 1 : 0);
