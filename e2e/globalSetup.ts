import type { FullConfig } from '@playwright/test';
import { waitForPortal } from './readiness';

/**
 * Before the first test, and outside every test's clock: waits until the
 * portal is ready the way the tests need it (see readiness.ts), so a slow
 * start-up on a loaded machine costs waiting time, never a test.
 */
export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0]?.use.baseURL;
  if (!baseURL) throw new Error('playwright.config.ts sets no use.baseURL');
  // Playwright starts the webServer before globalSetup: the time so far is
  // the portal's start-up (kube-sim, backend, the app build copied).
  console.log(`[readiness] webServer (portal start-up) took ${process.uptime().toFixed(0)} s`);
  await waitForPortal(baseURL, { log: message => console.log(`[readiness] ${message}`) });
}
