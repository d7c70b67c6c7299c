import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, signIn } from './helpers';
import { simAdmin } from './kubeSim';

// Local defaults: Airflow's HelmRelease (orchestration/airflow) has several
// Helm revisions in kube-sim's release storage, so the tab compares the
// current revision with the previous one and with Git.

test.describe.configure({ timeout: 360_000 });

test.describe('MLOps desired vs live', () => {
  test('the tab shows the values and manifest diffs and helm-controller\'s drift events, counted, a new one pushed live', async ({ page }) => {
    // Airflow's failing upgrade moved to its final state first, so no status
    // change of Airflow refreshes the tab meanwhile: only the drift event's
    // own signal can bring it.
    await simAdmin('/_sim/settle', {});
    await signIn(page, '/catalog/default/component/airflow/desired-vs-live');
    // Revision 3 → 7 of the demo changes the chart, not the values.
    await expect(page.getByText(/Rendered manifest, revision \d+ → \d+: \d+ lines added/).first()).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText(/The values are the same in both revisions|Values, revision \d+ → /).first()).toBeVisible();
    await expect(page.getByRole('list', { name: 'Objects changed by the upgrade' }).first()).toContainText('Deployment.apps orchestration/airflow-scheduler');
    await expect(page.getByRole('heading', { name: 'Drift detection' }).first()).toBeVisible();
    const counts = page.getByTestId('drift-event-counts').first();
    await expect(counts).toContainText(/In the last 24 h: drift corrected \d+×/);
    const before = Number(/corrected (\d+)×/.exec((await counts.textContent()) ?? '')?.[1]);

    // From here on nothing reloads the page: what changes is pushed.
    let loads = 0;
    page.on('load', () => loads++);

    // helm-controller corrects a drift (kube-sim records its event); the
    // backend's watch on Events sees it and signals the entity's channel,
    // and the open tab refetches.
    const run = `e2e-${Date.now().toString(36)}`;
    await simAdmin('/_sim/helm-drift', {
      namespace: 'orchestration',
      name: 'airflow',
      outcome: 'corrected',
      objects: [`Deployment/orchestration/airflow-webserver-${run}`],
    });
    await expect(page.getByRole('list', { name: 'Drift events' }).first()).toContainText(run, { timeout: 30_000 });
    await expect(page.getByRole('list', { name: 'Drift events' }).first()).toContainText('DriftCorrected');
    await expect(page.getByTestId('drift-event-counts').first()).toContainText(`drift corrected ${before + 1}×`);
    expect(loads, 'the page was not reloaded').toBe(0);
    await page.screenshot({ path: 'docs/screenshots/mlops-desired-vs-live.png', fullPage: true });
    await expectNoSeriousA11yViolations(page, 'main');
  });
});
