import { defineConfig } from '@playwright/test';
import base from './playwright.config';

const appUrl = `http://localhost:${process.env.PORTAL_APP_PORT ?? '3000'}`;

/**
 * End-to-end tests of the ML workbench against the portal started with
 * `--ml`: the real MLflow, Airflow and Kafka of scripts/ml-tools (installed
 * beforehand by `scripts/ml-tools/ml-tools.mjs install`) with the demo ML
 * project. Kept apart from playwright.config.ts so the default end-to-end run
 * does not wait for the ML tools; run by scripts/ml-tools/test-ml.mjs (CI step
 * ml-workbench).
 */
export default defineConfig({
  ...base,
  testDir: 'e2e-ml',
  webServer: {
    ...(base.webServer as object),
    command: 'node scripts/start-local.mjs --ml',
    url: appUrl,
    // ML tools (about a minute once installed), then the frontend build.
    timeout: 900_000,
    env: { PORTAL_DATA_DIR: '.data/e2e-ml' },
  },
});
