import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/**
 * Signs in with the guest provider of the local defaults (user:default/alex,
 * platform-team) and opens `path`. The dev backend restarts when its sources
 * change, and guest sign-in fails while it does, so this retries for a while
 * instead of failing the test on a restart.
 */
export async function signIn(page: Page, path = '/') {
  const platformLink = page.getByTestId('sidebar-root').getByRole('link', { name: 'Platform', exact: true });
  for (let attempt = 0; attempt < 8; attempt++) {
    await page.goto(path);
    const enter = page.getByRole('button', { name: 'Enter' });
    if (await enter.waitFor({ state: 'visible', timeout: 30_000 }).then(() => true, () => false)) {
      await enter.click();
    }
    // The sidebar's own <nav> reports as hidden to Playwright (zero-size
    // wrapper), so wait for our own entry in it instead.
    if (await platformLink.waitFor({ state: 'visible', timeout: 30_000 }).then(() => true, () => false)) return;
    await page.waitForTimeout(10_000);
  }
  await expect(platformLink).toBeVisible();
}

/** Fails on serious or critical axe violations of the given region, listing them. */
export async function expectNoSeriousA11yViolations(page: Page, include?: string) {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (include) builder = builder.include(include);
  const results = await builder.analyze();
  const serious = results.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
  expect(serious, serious.join('\n')).toEqual([]);
}
