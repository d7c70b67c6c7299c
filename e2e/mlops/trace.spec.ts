import { expect, test } from '@playwright/test';
import { backendUrl, expectNoSeriousA11yViolations, signIn } from './helpers';

// Local defaults: kube-sim's `degraded` scenario, where the Airflow
// HelmRelease (orchestration/airflow) fails its upgrade, so the
// Kustomization that applies it (flux-system/orchestration) fails its health
// check: the Kustomization is the first failure, the HelmRelease below it.

// Sign-in may have to wait out a dev backend restart (see helpers.ts).
test.describe.configure({ timeout: 360_000 });

test.describe('MLOps trace', () => {
  test('the Trace tab of Airflow draws the chain and names the first failure with its message', async ({ page }) => {
    await signIn(page, '/catalog/default/component/airflow/trace');
    const trace = page.getByTestId('mlops-trace');
    await expect(trace).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('trace-graph')).toBeVisible();
    // Source → Kustomization → HelmRelease: each level is drawn.
    await expect(page.getByRole('button', { name: /^GitRepository in flux-system/ })).toBeVisible();
    const banner = page.getByTestId('trace-first-failures');
    await expect(banner).toContainText('Kustomization flux-system/orchestration');
    await expect(banner).toContainText(/HealthCheckFailed|health check/i);

    // The banner's button shows that node in the graph, with its details.
    await banner.getByRole('button', { name: /Show Kustomization flux-system\/orchestration on .* in the graph/ }).click();
    await expect(page.getByTestId('trace-details')).toContainText(/HealthCheckFailed|health check/i);
    await page.screenshot({ path: 'docs/screenshots/mlops-trace-airflow.png', fullPage: true });
  });

  // The graph's buttons are named by their visible text (WCAG 2.5.3,
  // axe label-content-name-mismatch): no aria-label that could disagree.
  test('the Trace tab has no serious accessibility violations', async ({ page }) => {
    await signIn(page, '/catalog/default/component/airflow/trace');
    await expect(page.getByTestId('trace-first-failures')).toBeVisible({ timeout: 60_000 });
    await expectNoSeriousA11yViolations(page, '[data-testid="mlops-trace"]');
  });

  test('the same trace as text for assistants, through the actions registry with the page\'s token', async ({ page }) => {
    const alex = await signIn(page, '/catalog/default/component/airflow');
    const res = await page.request.post(`${backendUrl}/api/mlops/.backstage/actions/v1/actions/mlops:get-entity-trace/invoke`, {
      headers: { Authorization: `Bearer ${alex.token}` },
      data: { entityRef: 'component:default/airflow' },
    });
    expect(res.status()).toBe(200);
    const { output } = await res.json();
    expect(output.failed).toBe(true);
    expect(output.text).toMatch(/First failures/);
    expect(output.text).toContain('orchestration/airflow');
  });
});
