import { expect, test } from '@playwright/test';

test('the catalog shows the platform domain after guest sign-in', async ({
  page,
}) => {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  if (await enter.isVisible({ timeout: 60_000 }).catch(() => false)) {
    await enter.click();
  }
  // The catalog is the landing page; pick the Domain kind.
  await expect(page.getByRole('navigation', { name: 'sidebar nav' })).toBeVisible();
  await page.goto('/?filters[kind]=domain&filters[user]=all');
  await expect(page.getByRole('link', { name: /mlops-platform/i }).first()).toBeVisible({
    timeout: 120_000,
  });
  await page.screenshot({ path: 'docs/screenshots/catalog-domain.png', fullPage: true });
});
