import { defineConfig } from '@playwright/test';
import base from './playwright.config';

const backendPort = process.env.PORTAL_BACKEND_PORT ?? '7007';

/**
 * End-to-end tests of the ML workbench against the portal started with
 * `--ml`: the real MLflow, Airflow and Kafka of scripts/ml-tools (installed
 * beforehand by `scripts/ml-tools/ml-tools.mjs install`) with the demo ML
 * project. Kept apart from playwright.config.ts so the default end-to-end run
 * does not wait for the ML tools; run by scripts/ml-tools/test-ml.mjs (CI step
 * ml-workbench). Like the default run, the backend serves the app's
 * production build (one origin, base's use.baseURL; built first when
 * packages/app/dist is missing), and base's globalSetup waits for readiness.
 */
export default defineConfig({
  ...base,
  testDir: 'e2e-ml',
  webServer: {
    ...(base.webServer as object),
    command: 'node scripts/start-local.mjs --ml --app-build',
    url: `http://localhost:${backendPort}/.backstage/health/v1/readiness`,
    // ML tools (about a minute once installed, minutes on a fresh data
    // folder), then the app build when there is none.
    timeout: 900_000,
    env: { PORTAL_DATA_DIR: '.data/e2e-ml' },
  },
});
