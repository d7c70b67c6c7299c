import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/ci/lib/chromium.mjs';

// The backend serves the app's production build: one origin for both.
const portalUrl = `http://localhost:${process.env.PORTAL_BACKEND_PORT ?? '7007'}`;

/**
 * End-to-end tests against the portal on its local defaults (simulated
 * cluster, `degraded` scenario), as users get it: the production build of
 * packages/app served by the backend (`scripts/start-local.mjs --app-build`;
 * `node scripts/ci/e2e.mjs` builds the app first), in Debian's Chromium
 * (`/usr/bin/chromium`): Playwright's own browser download cannot work on
 * these machines.
 *
 * Start-up is waited for outside the tests' clocks: the webServer until the
 * backend is ready, then globalSetup (e2e/readiness.ts) until the catalog is
 * ingested, the simulated cluster connected and the app served. Every wait
 * in the tests is for a condition, never for a fixed time.
 */
export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/globalSetup.ts',
  // A test's own work on a loaded two-core machine; start-up is not in it.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  // One portal, one browser at a time: two cores.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [
    ['list'],
    [
      'json',
      {
        outputFile:
          process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/report.json',
      },
    ],
  ],
  webServer: {
    command: 'node scripts/start-local.mjs --app-build',
    url: `${portalUrl}/.backstage/health/v1/readiness`,
    reuseExistingServer: !process.env.CI,
    // Builds the app first when there is no build: minutes on a loaded machine.
    timeout: 900_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: { PORTAL_DATA_DIR: '.data/e2e' },
    // SIGTERM to the whole process group (simulator, frontend, backend), so
    // they shut down cleanly instead of being killed mid-write.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
  },
  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? portalUrl,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    // Debian's Chromium with the flags every browser run here uses (scripts/ci/lib/chromium.mjs).
    launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] },
    viewport: { width: 1440, height: 900 },
  },
  outputDir: 'test-results',
});
