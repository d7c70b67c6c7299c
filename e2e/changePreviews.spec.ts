import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { signIn } from './mlops/helpers';

// Issue 17, change previews: a GitOps template shows what its change will do
// on the form's last page, before Create; once it ran, its change branch shows
// the same preview under "Pending changes" on the platform page.

const SCREENSHOTS = 'docs/screenshots';
// Unique per run, so the branch really changes and the preview is not empty.
const RUN = Date.now().toString(36);

async function chooseTemplate(page: Page, title: string) {
  await page.goto('/create');
  const card = page
    .locator('[class*="MuiCard-root"]')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) })
    .last();
  await expect(card).toBeVisible({ timeout: 90_000 });
  await card.getByRole('button', { name: 'Choose' }).click();
  await expect(page.getByRole('heading', { name: title }).first()).toBeVisible();
}

test.describe('Change previews', () => {
  test.describe.configure({ timeout: 300_000 });

  test.beforeAll(() => {
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  test('the form previews the change before Create; the change branch shows it under Pending changes', async ({ page }) => {
    const version = `0.44.0-preview.${RUN}`;
    const branch = 'mlops/helmrelease-bump/strimzi-operator';
    await signIn(page);
    await chooseTemplate(page, 'Bump component version');
    const box = page.getByRole('combobox', { name: /^Component/ }).or(page.getByRole('textbox', { name: /^Component/ })).first();
    await box.click();
    await box.fill('strimzi');
    const option = page.getByRole('option', { name: /strimzi/i }).first();
    await expect(option).toBeVisible({ timeout: 60_000 });
    await option.click();

    // A version the chart rules refuse: the preview says why, naming the field, and the form goes on.
    await page.getByRole('textbox', { name: /^New chart version/ }).fill('not a version');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByRole('heading', { name: 'What this change does to the platform' })).toBeVisible();
    await expect(page.getByTestId('mlops-change-preview-error')).toContainText('version', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Back' }).click();

    await page.getByRole('textbox', { name: /^New chart version/ }).fill(version);
    await page.getByRole('button', { name: 'Next' }).click();
    const preview = page.getByTestId('mlops-change-preview');
    await expect(preview).toBeVisible({ timeout: 60_000 });
    await expect(preview).toContainText('0 added, 1 changed, 0 removed');
    await expect(preview.locator('li', { hasText: /^spec\.chart\.spec\.version: / })).toContainText(`→ ${version}`);
    await expect(preview.locator('li', { hasText: 'platform-operators/strimzi-operator' }).first()).toContainText('HelmRelease');
    await expect(page.getByTestId('mlops-preview-layers')).toContainText('platform-operators');
    await page.screenshot({ path: `${SCREENSHOTS}/change-preview-form.png`, fullPage: true });

    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(page).toHaveURL(/\/create\/tasks\//);
    await expect(page.getByRole('link', { name: /Local GitOps repository \(branch mlops\/helmrelease-bump\/strimzi-operator\)/ })).toBeVisible({
      timeout: 90_000,
    });

    await page.goto('/mlops');
    const row = page.getByTestId(`mlops-change-branch-${branch}`);
    await expect(row).toBeVisible({ timeout: 60_000 });
    await expect(row).toContainText(`Bump strimzi-operator to ${version}`);
    await expect(row).toContainText('1 changed');
    await row.getByText(branch).click();
    await expect(row.locator('li', { hasText: /^spec\.chart\.spec\.version: / })).toContainText(`→ ${version}`);
    await page.getByTestId('mlops-pending-changes').screenshot({ path: `${SCREENSHOTS}/change-preview-branches.png` });
  });
});
