import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, signIn } from './helpers';

// The local defaults sign in as user:default/alex, a member of platform-team.
// Airflow belongs to data-team (outside alex's groups); the MinIO operator
// belongs to platform-team (alex's own).

// Sign-in may have to wait out a dev backend restart (see helpers.ts).
test.describe.configure({ timeout: 360_000 });

test.describe('MLOps GitOps tab', () => {
  test('shows the failing Airflow HelmRelease as Failed with its message, and no actions outside the owning group', async ({ page }) => {
    await signIn(page, '/catalog/default/component/airflow/gitops');
    const row = page.getByTestId('object-mlops-sim/HelmRelease/orchestration/airflow');
    await expect(row.locator('[data-status]').first()).toHaveText('Failed', { timeout: 60_000 });
    await expect(row).toContainText('RetriesExceeded');
    await expect(row).not.toContainText(/^\s*$/);
    // alex is not in data-team: no action is offered anywhere on the page.
    await expect(page.getByRole('button', { name: /^(Reconcile|Suspend|Resume) / })).toHaveCount(0);

    await row.getByRole('button', { name: /Show details of HelmRelease orchestration\/airflow/ }).click();
    await expect(page.getByTestId('object-details')).toContainText('Events');
    await page.screenshot({ path: 'docs/screenshots/mlops-gitops-tab-failed.png', fullPage: true });
    await expectNoSeriousA11yViolations(page, '[data-testid="mlops-gitops"]');
  });

  test('as a member of the owning group, Reconcile completes and the status updates without a reload', async ({ page }) => {
    await signIn(page, '/catalog/default/component/minio-operator/gitops');
    const reconcile = page.getByRole('button', { name: 'Reconcile HelmRelease platform-operators/minio-operator', exact: true });
    await expect(reconcile).toBeVisible({ timeout: 60_000 });
    // Marks this document; a reload would lose it.
    await page.evaluate(() => ((window as any).__mlopsNoReload = true));

    await reconcile.click();
    const outcome = page.getByText(/Flux handled the reconcile: now \w+/);
    await expect(outcome).toBeVisible({ timeout: 60_000 });
    await expect(outcome).toBeFocused();
    const row = page.getByTestId('object-mlops-sim/HelmRelease/platform-operators/minio-operator');
    await expect(row.locator('[data-status]').first()).toHaveText('Ready');
    expect(await page.evaluate(() => (window as any).__mlopsNoReload)).toBe(true);
    await page.screenshot({ path: 'docs/screenshots/mlops-gitops-tab-reconciled.png', fullPage: true });
  });

  test('Suspend asks for a reason and works from the keyboard alone', async ({ page }) => {
    await signIn(page, '/catalog/default/component/minio-operator/gitops');
    const suspend = page.getByRole('button', { name: 'Suspend HelmRelease platform-operators/minio-operator' });
    await expect(suspend).toBeVisible({ timeout: 60_000 });
    await suspend.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('textbox', { name: /Reason/ })).toBeFocused();
    await page.screenshot({ path: 'docs/screenshots/mlops-suspend-dialog.png' });
    // Escape closes it without acting and gives focus back to the button.
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(suspend).toBeFocused();
  });
});
