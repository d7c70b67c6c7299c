#!/usr/bin/env node
// Screenshot of the platform page on the real-cluster tier, for
// docs/real-cluster.md: run while `scripts/portal start --real` serves the
// portal (same PORTAL_APP_PORT). Signs in as the local guest, opens /mlops,
// waits until the page shows the real tier's cluster connected and its
// layers, then writes docs/screenshots/real-cluster-platform.png.
//
//   PORTAL_APP_PORT=3000 node scripts/real-cluster-screenshot.mjs
import { chromium } from '@playwright/test';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const app = `http://localhost:${process.env.PORTAL_APP_PORT ?? '3000'}`;
const out = resolve(root, 'docs/screenshots/real-cluster-platform.png');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`${app}/mlops`, { timeout: 600_000 });
  const enter = page.getByRole('button', { name: 'Enter' });
  const platform = page.getByTestId('mlops-platform');
  await enter.or(platform).first().waitFor({ timeout: 600_000 });
  if (await enter.isVisible()) await enter.click();
  const cluster = page.getByTestId('cluster-mlops-real');
  await cluster.getByText('connected').waitFor({ timeout: 300_000 });
  await page.locator('section[data-testid^="layer-"] h3').first().waitFor({ timeout: 300_000 });
  // Let the first statuses arrive over the live stream (a condition, then a short settle for paint).
  await page.locator('[data-status]').first().waitFor({ timeout: 300_000 });
  await page.waitForTimeout(3000);
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
