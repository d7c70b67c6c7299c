#!/usr/bin/env node
// Every test of the portal, in the order a failure is cheapest to find:
// type check, API reports, lint, unit and integration tests (jest), the backend booted on a
// real PostgreSQL, then the end-to-end tests in Chromium against the portal on
// its local defaults. Runs every step even after a failure, then exits non-zero
// if any failed, so one run shows everything that is broken.
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
  ['backend-on-postgres', 'node', ['scripts/ci/backend-postgres.mjs']],
  ['e2e', 'yarn', ['playwright', 'test']],
];

const results = [];
for (const [name, cmd, args] of steps) {
  if (only.length && !only.includes(name)) continue;
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
const failedSteps = results.filter(r => !r.ok).length;
const c = counts();
// A failed step without a failed test (type check, lint, PostgreSQL boot) still counts as a failure.
console.log(`tests: ${c.passed} passed, ${c.failed + (c.failed ? 0 : failedSteps)} failed, ${c.skipped} skipped`);
process.exit(failedSteps ? 1 : 0);
