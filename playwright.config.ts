import { defineConfig } from '@playwright/test';

const appUrl = `http://localhost:${process.env.PORTAL_APP_PORT ?? '3000'}`;

/**
 * End-to-end tests against the portal on its local defaults (simulated
 * cluster, `degraded` scenario), in Debian's Chromium (`/usr/bin/chromium`):
 * Playwright's own browser download cannot work on these machines.
 */
export default defineConfig({
  testDir: 'e2e',
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
    command: 'node scripts/start-local.mjs',
    url: appUrl,
    reuseExistingServer: !process.env.CI,
    // First start compiles the frontend: minutes on two cores.
    timeout: 600_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: { PORTAL_DATA_DIR: '.data/e2e' },
    // SIGTERM to the whole process group (simulator, frontend, backend), so
    // they shut down cleanly instead of being killed mid-write.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
  },
  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? appUrl,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // Without the networking flags Chromium floods this closed network with
      // refused connections; see ../shared/design/environment.md.
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    viewport: { width: 1440, height: 900 },
  },
  outputDir: 'test-results',
});
