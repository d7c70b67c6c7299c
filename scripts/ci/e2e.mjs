#!/usr/bin/env node
// The end-to-end step of the test command: builds packages/app for
// production once, then runs the Playwright suite against it (the backend
// serves the build: `scripts/start-local.mjs --app-build`, started by
// playwright.config.ts's webServer; e2e/globalSetup.ts waits for readiness
// outside the tests' clocks). Prints how long each part took.
import { spawnSync } from 'node:child_process';
import { buildApp, root } from './lib/backend.mjs';

const started = Date.now();
let buildMs;
try {
  buildMs = buildApp({ log: m => console.log(`[e2e] ${m}`) });
} catch (e) {
  console.error(`[e2e] ${e.message}`);
  process.exit(1);
}
const testsStarted = Date.now();
const r = spawnSync('yarn', ['playwright', 'test', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
const s = ms => `${(ms / 1000).toFixed(0)} s`;
console.log(
  `[e2e] app build ${s(buildMs)}, portal start-up and tests ${s(Date.now() - testsStarted)}, total ${s(Date.now() - started)}`,
);
process.exit(r.status ?? 1);
