import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, signIn } from './helpers';
import { simAdmin } from './kubeSim';

// The reference platform's seven layers (mlops-common DEFAULT_LAYERS), in
// dependency order as the platform page draws them.
const LAYERS = [
  'GitOps control plane',
  'Platform operators',
  'Data & storage',
  'Orchestration',
  'ML lifecycle',
  'Processing',
  'Observability',
];

test.describe('MLOps platform page', () => {
  test('is in the sidebar and shows every layer in order, the simulated cluster and the settings', async ({ page }) => {
    await signIn(page);
    await page.getByTestId('sidebar-root').getByRole('link', { name: 'Platform', exact: true }).click();
    await expect(page).toHaveURL(/\/mlops$/);
    const layers = page.locator('section[data-testid^="layer-"] h3');
    await expect(layers).toHaveCount(LAYERS.length, { timeout: 60_000 });
    await expect(layers).toHaveText(LAYERS);

    const cluster = page.getByTestId('cluster-mlops-sim');
    await expect(cluster).toContainText('simulated');
    await expect(cluster).toContainText('connected');
    await expect(page.getByText('KAFKA_REPLICAS')).toBeVisible();

    // The failing HelmRelease of the degraded scenario shows up on its tile.
    const airflow = page.getByTestId('entity-component:default/airflow');
    await expect(airflow.locator('[data-status]')).toHaveText('Failed');

    await page.screenshot({ path: 'docs/screenshots/mlops-platform-page.png', fullPage: true });
    await expectNoSeriousA11yViolations(page, '[data-testid="mlops-platform"]');
  });

  test('a drift event recorded in the cluster changes the layer\'s drift count without a reload', async ({ page }) => {
    // Time-driven objects in their final state, so no other change refreshes
    // the page meanwhile: only the drift event's own signal can bring it.
    await simAdmin('/_sim/settle', {});
    await signIn(page, '/mlops');
    const drift = page.getByTestId('layer-orchestration').getByTestId('layer-drift');
    await expect(drift).toContainText(/drift/, { timeout: 60_000 });
    const corrected = (text: string | null) => Number(/(\d+) corrected/.exec(text ?? '')?.[1] ?? 0);
    const before = corrected(await drift.textContent());
    let loads = 0;
    page.on('load', () => loads++);

    // helm-controller corrects a drift of Airflow's release (kube-sim records the Event).
    await simAdmin('/_sim/helm-drift', {
      namespace: 'orchestration',
      name: 'airflow',
      outcome: 'corrected',
      objects: [`Deployment/orchestration/airflow-scheduler-e2e-${Date.now().toString(36)}`],
    });
    await expect(drift).toContainText(`${before + 1} corrected`, { timeout: 30_000 });
    expect(loads, 'the page was not reloaded').toBe(0);
  });

  test('a tile links to its entity', async ({ page }) => {
    await signIn(page, '/mlops');
    await page.getByTestId('entity-component:default/airflow').getByRole('link', { name: 'airflow' }).click();
    await expect(page).toHaveURL(/\/catalog\/default\/component\/airflow/);
  });
});
