import { expect, test } from '@playwright/test';
import { signIn } from './mlops/helpers';

test('the catalog shows the platform domain, its teams and the templates', async ({
  page,
}) => {
  // Guest sign-in (local default): as user:default/alex of the platform team.
  await signIn(page);

  await page.goto('/?filters[kind]=domain&filters[user]=all');
  // The Domain is generated from gitops/ by the catalog module (ingested
  // before the first test, see e2e/readiness.ts).
  await expect(
    page.getByRole('link', { name: 'MLOps platform', exact: true }),
  ).toBeVisible();
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
