import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

// Airflow belongs to data-team; sam is in ml-team, so not an owner: told
// nothing by default, and may subscribe per kind of event.

// Sign-in may have to wait out a dev backend restart (see helpers.ts).
test.describe.configure({ timeout: 360_000 });

test.describe('MLOps notification settings', () => {
  test('a non-owner subscribes to failures of an entity; the choice is theirs and is kept', async ({ page }) => {
    await signIn(page, '/catalog/default/component/airflow', 'sam');
    const card = page.getByTestId('mlops-notification-settings');
    await expect(card).toBeVisible({ timeout: 60_000 });
    const failedRow = card.getByRole('row', { name: /Turns Failed/ });
    const failed = card.getByRole('combobox', { name: 'Notifications when airflow turns failed' });
    // Start from the default, whatever an earlier run left.
    if ((await failed.inputValue()) !== 'default') await failed.selectOption('default');
    await expect(failedRow).toContainText('are not told');
    await expect(failed.locator('option[value="default"]')).toHaveText('Default: off (not an owner)');

    await failed.selectOption('subscribe');
    await expect(failedRow).toContainText('are told');
    // Only that kind of event.
    await expect(card.getByRole('row', { name: /Recovers/ })).toContainText('are not told');
    await page.screenshot({ path: 'docs/screenshots/mlops-notification-settings.png', fullPage: true });

    await page.reload();
    await expect(card.getByRole('combobox', { name: 'Notifications when airflow turns failed' })).toHaveValue('subscribe', { timeout: 60_000 });
    await card.getByRole('combobox', { name: 'Notifications when airflow turns failed' }).selectOption('default');
    await expect(card.getByRole('row', { name: /Turns Failed/ })).toContainText('are not told');
  });

  test('an owner is told by default and may mute', async ({ page }) => {
    // The MinIO operator belongs to platform-team; the guest is alex, a member.
    await signIn(page, '/catalog/default/component/minio-operator');
    const card = page.getByTestId('mlops-notification-settings');
    await expect(card).toBeVisible({ timeout: 60_000 });
    const drifted = card.getByRole('combobox', { name: 'Notifications when minio-operator drifts from git' });
    if ((await drifted.inputValue()) !== 'default') await drifted.selectOption('default');
    await expect(card.getByRole('row', { name: /Drifts from Git/ })).toContainText('are told');
    await drifted.selectOption('mute');
    await expect(card.getByRole('row', { name: /Drifts from Git/ })).toContainText('are not told');
    await drifted.selectOption('default');
    await expect(card.getByRole('row', { name: /Drifts from Git/ })).toContainText('are told');
  });
});
