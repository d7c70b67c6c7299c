import { expect, test } from '@playwright/test';
import { backendUrl, expectNoSeriousA11yViolations, signIn } from './helpers';

// Guest sign-in is user:default/alex, a member of platform-team; "Sign in as a
// local user" signs in as alex, dana (data-team), sam (ml-team) or morgan
// (platform-admins) with their own groups. Airflow belongs to data-team; the
// MinIO operator belongs to platform-team.
const minioPath = '/catalog/default/component/minio-operator/gitops';
const minioRow = 'object-mlops-sim/HelmRelease/platform-operators/minio-operator';
const actionButtons = /^(Reconcile|Suspend|Resume) /;

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
    await signIn(page, minioPath, 'alex');
    const reconcile = page.getByRole('button', { name: 'Reconcile HelmRelease platform-operators/minio-operator', exact: true });
    await expect(reconcile).toBeVisible({ timeout: 60_000 });
    // Marks this document; a reload would lose it.
    await page.evaluate(() => ((window as any).__mlopsNoReload = true));

    await reconcile.click();
    const outcome = page.getByText(/Flux handled the reconcile: now \w+/);
    await expect(outcome).toBeVisible({ timeout: 60_000 });
    await expect(outcome).toBeFocused();
    const row = page.getByTestId(minioRow);
    await expect(row.locator('[data-status]').first()).toHaveText('Ready');
    expect(await page.evaluate(() => (window as any).__mlopsNoReload)).toBe(true);
    await page.screenshot({ path: 'docs/screenshots/mlops-gitops-tab-reconciled.png', fullPage: true });
  });

  test('Suspend asks for a reason and works from the keyboard alone', async ({ page }) => {
    await signIn(page, minioPath);
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

  test('as a user outside the owning group (sam, ml-team): no action buttons, and the backend refuses the action', async ({ page }) => {
    // The sign-in page itself, before choosing.
    await page.goto('/');
    await expect(page.getByText('Sign in as a local user')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByRole('button', { name: 'Enter' })).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/sign-in.png' });
    await expectNoSeriousA11yViolations(page);

    const sam = await signIn(page, minioPath, 'sam');
    const row = page.getByTestId(minioRow);
    // The row is there with its status, so the missing buttons are not a page still loading.
    await expect(row.locator('[data-status]').first()).toHaveText(/\w+/, { timeout: 60_000 });
    await expect(page.getByRole('button', { name: actionButtons })).toHaveCount(0);

    // Not just hidden: the mlops backend refuses sam's token (the page's own).
    const res = await page.request.post(
      `${backendUrl}/api/mlops/objects/mlops-sim/HelmRelease/platform-operators/minio-operator/reconcile`,
      { headers: { authorization: `Bearer ${sam.token}` }, data: {} },
    );
    expect(res.status()).toBe(403);
    expect((await res.json()).error.name).toBe('NotAllowedError');

    // The choice survives a reload: still sam, still no actions.
    await page.reload();
    await expect(row.locator('[data-status]').first()).toHaveText(/\w+/, { timeout: 60_000 });
    await expect(page.getByRole('button', { name: actionButtons })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Sign in as sam' })).toHaveCount(0);
  });

  test('as a member of the owning group of Airflow (dana, data-team): the actions are offered', async ({ page }) => {
    await signIn(page, '/catalog/default/component/airflow/gitops', 'dana');
    const row = page.getByTestId('object-mlops-sim/HelmRelease/orchestration/airflow');
    await expect(row.locator('[data-status]').first()).toHaveText('Failed', { timeout: 60_000 });
    await expect(page.getByRole('button', { name: 'Reconcile HelmRelease orchestration/airflow', exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: /^(Suspend|Resume) HelmRelease orchestration\/airflow$/ })).toBeVisible();
  });

  test('as an admin (morgan, platform-admins) the actions are offered outside their own groups; signing out offers the choices again', async ({ page }) => {
    await signIn(page, '/catalog/default/component/airflow/gitops', 'morgan');
    await expect(page.getByRole('button', { name: 'Reconcile HelmRelease orchestration/airflow', exact: true })).toBeVisible({ timeout: 60_000 });

    // The profile is the catalog user's.
    await page.goto('/settings');
    await expect(page.getByText('Morgan Admin').first()).toBeVisible({ timeout: 60_000 });
    await page.getByRole('button', { name: 'more' }).click();
    await page.getByTestId('sign-out').click();

    await expect(page.getByText('Sign in as a local user')).toBeVisible({ timeout: 60_000 });
    // Forgotten, not just hidden: a reload asks again.
    await page.reload();
    await expect(page.getByRole('button', { name: 'Sign in as morgan' })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('button', { name: 'Enter' })).toBeVisible();
  });
});
