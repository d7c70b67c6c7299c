import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

test.describe('MLOps entity cards', () => {
  test('the Kafka resource shows its operator card with its failure and node pools', async ({ page }) => {
    await signIn(page, '/catalog/default/resource/mlops-kafka');
    // In the degraded scenario the Kafka cluster is failing (no listeners yet).
    await expect(page.getByText('Kafka data-plane/mlops-kafka', { exact: true })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('table', { name: 'Node pools' })).toContainText('broker');
    await page.screenshot({ path: 'docs/screenshots/mlops-kafka-card.png', fullPage: true });
  });

  test('a layer System shows its layer health', async ({ page }) => {
    await signIn(page, '/catalog/default/system/orchestration');
    await expect(page.getByText('Layer health: Orchestration')).toBeVisible({ timeout: 60_000 });
    await page.screenshot({ path: 'docs/screenshots/mlops-layer-health-card.png', fullPage: true });
  });

  test('a Group shows the platform components it owns', async ({ page }) => {
    await signIn(page, '/catalog/default/group/data-team');
    await expect(page.getByText('Platform components you own')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('rollup-component:default/airflow')).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/mlops-owned-components-card.png', fullPage: true });
  });
});
