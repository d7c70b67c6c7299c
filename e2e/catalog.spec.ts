import { expect, test, type Page } from '@playwright/test';

async function signIn(page: Page) {
  await page.goto('/');
  // Guest sign-in (local default): as user:default/alex of the platform team.
  await page.getByRole('button', { name: 'Enter' }).click({ timeout: 120_000 });
  await expect(page.getByRole('link', { name: 'Catalog' }).first()).toBeVisible();
}

test('the catalog shows the platform domain, its teams and the templates', async ({
  page,
}) => {
  await signIn(page);

  await page.goto('/?filters[kind]=domain&filters[user]=all');
  // The Domain is generated from gitops/ by the catalog module, on a schedule.
  await expect(
    page.getByRole('link', { name: 'MLOps platform', exact: true }),
  ).toBeVisible({ timeout: 120_000 });
  await page.screenshot({ path: 'docs/screenshots/catalog-domain.png' });

  await page.goto('/?filters[kind]=group&filters[user]=all');
  for (const team of ['Platform team', 'Data team', 'ML team', 'Platform admins']) {
    await expect(page.getByRole('link', { name: team, exact: true }).first()).toBeVisible();
  }

  await page.goto('/?filters[kind]=template&filters[user]=all');
  for (const template of ['New platform component', 'New ML project']) {
    await expect(page.getByRole('link', { name: template }).first()).toBeVisible();
  }
});
