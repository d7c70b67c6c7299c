import { defineConfig } from '@playwright/test';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/ci/lib/chromium.mjs';

// The real tier's own state folder, ports and backend, so this run never
// meets the simulator-backed end-to-end tests (playwright.config.ts at the
// repository root) or a portal someone runs by hand.
const dataDir = process.env.PORTAL_E2E_REAL_DATA_DIR ?? '.data/e2e-real';
const backendPort = process.env.PORTAL_E2E_REAL_BACKEND_PORT ?? '7120';
// The tier's ports (API server and its components, etcd), away from the
// test step's defaults (6650, 2479), so both can run on one machine.
export const tierEnv = {
  PORTAL_DATA_DIR: dataDir,
  PORTAL_REAL_CLUSTER_PORT: process.env.PORTAL_E2E_REAL_CLUSTER_PORT ?? '6750',
  PORTAL_REAL_CLUSTER_ETCD_PORT: process.env.PORTAL_E2E_REAL_ETCD_PORT ?? '2579',
};

/**
 * End to end on the real-cluster tier (docs/real-cluster.md): the
 * self-service loop, the Trace and Desired vs live tabs and owner
 * notifications (e2e/*.e2e.ts, one tier and one portal for all of them,
 * one file after the other), with the portal as users get it (the production build
 * of packages/app served by the backend) on the real kube-apiserver and
 * Flux's real source-, kustomize- and helm-controller, in Debian's Chromium.
 *
 *   flock /tmp/portal-real.lock yarn playwright test -c packages/real-cluster/playwright.real.config.ts
 *
 * The webServer builds what is missing of the tier (cached), starts it from
 * the state in `.data/e2e-real/real-cluster`, then the portal; globalTeardown
 * stops the tier. Start-up is waited for outside the test's clock.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.e2e.ts',
  globalTeardown: './e2e/globalTeardown.ts',
  // Git server → source-controller (interval 1m) → kustomize-controller →
  // helm-controller → catalog (provider every minute) → page, on a loaded
  // two-core machine.
  timeout: 900_000,
  expect: { timeout: 30_000 },
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list']],
  webServer: {
    command: 'node packages/real-cluster/scripts/start-real.mjs --app-build',
    cwd: '../..',
    url: `http://localhost:${backendPort}/.backstage/health/v1/readiness`,
    reuseExistingServer: false,
    // A cold tier build takes far longer (docs/real-cluster.md); with the
    // binaries cached, the tier starts in about a minute.
    timeout: 1_200_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: { ...tierEnv, PORTAL_BACKEND_PORT: backendPort },
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
  },
  use: {
    baseURL: `http://localhost:${backendPort}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    // Debian's Chromium with the flags every browser run here uses (scripts/ci/lib/chromium.mjs).
    launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] },
    viewport: { width: 1440, height: 1000 },
  },
  outputDir: '../../test-results/real-cluster-e2e',
});
