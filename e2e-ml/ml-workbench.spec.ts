import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { backendUrl, expectNoSeriousA11yViolations, signIn } from '../e2e/mlops/helpers';

/*
 * The ML workbench on the real MLflow, Airflow and Kafka (scripts/ml-tools,
 * portal started with --ml) and the demo project churn-prediction of the ML
 * team. sam is in ml-team (owner); dana is in data-team (not an owner).
 */
const project = '/catalog/default/component/churn-prediction';
const dataDir = resolve(process.env.PORTAL_DATA_DIR ?? '.data/e2e-ml');

test.describe.configure({ timeout: 360_000 });

/** The whole page; with a dialog open only the viewport, which its fixed backdrop covers. */
async function shot(page: Page, name: string, fullPage = true) {
  await page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage });
}

test.describe('ML workbench', () => {
  test('MLflow tab: runs with params and metrics, the metric chart, model versions with aliases and producing runs', async ({ page }) => {
    await signIn(page, `${project}/mlflow`, 'sam');
    const view = page.getByTestId('ml-workbench-mlflow');
    await expect(view.getByText('Experiment churn-prediction')).toBeVisible({ timeout: 60_000 });
    const runs = view.getByRole('table', { name: 'Runs of churn-prediction' });
    await expect(runs.getByRole('row', { name: /rf-300-12/ })).toContainText('0.912');
    await expect(runs.getByRole('row', { name: /rf-oom/ })).toContainText('FAILED');
    await expect(view.getByRole('img', { name: 'accuracy across the runs of churn-prediction' })).toBeVisible();
    const versions = view.getByRole('table', { name: 'Versions of churn-prediction' });
    await expect(versions.getByTestId('model-version-2')).toContainText('@production');
    await expect(versions.getByTestId('model-version-2')).toContainText('rf-100-8');
    await expect(versions.getByTestId('model-version-3')).toContainText('@challenger');
    await shot(page, 'ml-workbench-mlflow');
    await expectNoSeriousA11yViolations(page, '[data-testid="ml-workbench-mlflow"]');
  });

  test('Airflow tab: the DAG with its runs, task states and the failing task; the owner triggers a run', async ({ page }) => {
    await signIn(page, `${project}/airflow`, 'sam');
    const view = page.getByTestId('ml-workbench-airflow');
    await expect(view.getByText('DAG churn_prediction_pipeline')).toBeVisible({ timeout: 60_000 });
    const failed = view.getByRole('row', { name: /seed: evaluation fails/ });
    await expect(failed).toContainText('evaluate: failed');
    await expect(failed).toContainText('train: success');
    await expect(view.getByText(/Next run:/)).toBeVisible();
    await shot(page, 'ml-workbench-airflow');
    await view.getByRole('button', { name: 'Trigger run' }).click();
    await expect(view.getByRole('status')).toHaveText(/^Run manual__.+ is queued\.$/, { timeout: 60_000 });
    // The new run shows up (pushed by the backend, or on the refetch after the action).
    await expect(view.getByText(/Triggered by user:default\/sam through the MLOps Portal/).first()).toBeVisible({ timeout: 60_000 });
    await expectNoSeriousA11yViolations(page, '[data-testid="ml-workbench-airflow"]');
  });

  test('another team sees no Airflow actions, and the backend refuses them with 403', async ({ page }) => {
    const { token } = await signIn(page, `${project}/airflow`, 'dana');
    const view = page.getByTestId('ml-workbench-airflow');
    await expect(view.getByText('DAG churn_prediction_pipeline')).toBeVisible({ timeout: 60_000 });
    await expect(view.getByRole('button', { name: /^(Trigger run|Pause|Unpause)$/ })).toHaveCount(0);
    for (const action of ['trigger', 'pause']) {
      const res = await page.request.post(
        `${backendUrl}/api/ml-workbench/entities/component/default/churn-prediction/airflow/dags/churn_prediction_pipeline/${action}`,
        { headers: { authorization: `Bearer ${token}` }, data: {} },
      );
      expect(res.status()).toBe(403);
      expect((await res.json()).error.message).toContain(`on component:default/churn-prediction was denied`);
    }
    await page.goto(`${project}/mlflow`);
    await expect(page.getByTestId('model-version-3')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('button', { name: 'Promote to production' })).toHaveCount(0);
  });

  test('the owner pauses and unpauses the DAG', async ({ page }) => {
    await signIn(page, `${project}/airflow`, 'sam');
    const view = page.getByTestId('ml-workbench-airflow');
    await view.getByRole('button', { name: 'Pause' }).click({ timeout: 60_000 });
    await expect(view.getByRole('status')).toHaveText('Paused: Airflow schedules no new runs.');
    await expect(view.getByText('paused', { exact: true })).toBeVisible({ timeout: 30_000 });
    await view.getByRole('button', { name: 'Unpause' }).click();
    await expect(view.getByRole('status')).toHaveText('Unpaused: Airflow schedules runs again.');
  });

  test('Kafka tab: partitions, replicas and ISR, consumer group lag per partition and over time', async ({ page }) => {
    await signIn(page, `${project}/kafka`, 'dana');
    const view = page.getByTestId('ml-workbench-kafka');
    await expect(view.getByText('Topic churn-prediction-events')).toBeVisible({ timeout: 60_000 });
    await expect(view.getByText('3 partitions, all in sync')).toBeVisible();
    const partitions = view.getByRole('table', { name: 'Partitions of churn-prediction-events' });
    await expect(partitions.getByRole('row')).toHaveCount(4);
    await expect(view.getByText(/^Lag \d+ · \d+ members$/)).toBeVisible();
    await expect(view.getByRole('img', { name: 'Lag of churn-prediction-scorer over time' })).toBeVisible();
    // The backend samples the lag at every refresh (10 s with --ml): the chart grows without a reload.
    await expect.poll(async () => view.getByTestId('lag-chart').locator('circle').count(), { timeout: 90_000 }).toBeGreaterThan(1);
    await shot(page, 'ml-workbench-kafka');
    await expectNoSeriousA11yViolations(page, '[data-testid="ml-workbench-kafka"]');
  });

  test("a Group's and a System's ML projects with last run, model and health", async ({ page }) => {
    await signIn(page, '/catalog/default/group/ml-team', 'dana');
    const row = page.getByTestId('ml-project-component:default/churn-prediction');
    await expect(row).toBeVisible({ timeout: 60_000 });
    await expect(row).toContainText('churn_prediction_pipeline');
    await expect(row).toContainText('churn-prediction v3');
    await expect(row).toContainText('@production → v2');
    await expect(row).toContainText(/healthy|failing|running/);
    await page.getByTestId('ml-projects-card').scrollIntoViewIfNeeded();
    await page.getByTestId('ml-projects-card').screenshot({ path: 'docs/screenshots/ml-workbench-group-projects.png' });
    await page.goto('/catalog/default/system/processing');
    await expect(page.getByTestId('ml-project-component:default/churn-prediction')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('ml-project-component:default/data-quality-checks')).toBeVisible();
  });

  test('promote to production: metrics side by side, then a GitOps change on a branch of the local repository', async ({ page }) => {
    await signIn(page, `${project}/mlflow`, 'sam');
    await page.getByTestId('model-version-3').getByRole('button', { name: 'Promote to production' }).click({ timeout: 60_000 });
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByText('Version 3 (candidate)')).toBeVisible({ timeout: 60_000 });
    await expect(dialog.getByRole('row', { name: /^accuracy/ })).toContainText('0.912');
    await expect(dialog.getByRole('row', { name: /^accuracy/ })).toContainText('0.889');
    await shot(page, 'ml-workbench-promotion', false);
    await dialog.getByRole('link', { name: 'Open the pull request' }).click();
    // The scaffolder form, filled in from the dialog.
    await expect(page.getByText('Promote a model version')).toBeVisible({ timeout: 60_000 });
    // The "Review the change" page: the change preview, before anything runs.
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByTestId('mlops-change-preview')).toBeVisible({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByText('models:/churn-prediction/3', { exact: false }).first()).toBeVisible({ timeout: 120_000 });
    await shot(page, 'ml-workbench-promotion-done');
    const branch = execFileSync(
      'git',
      ['--git-dir', resolve(dataDir, 'gitops-remote.git'), 'show', 'mlops/promote/churn-prediction/production:gitops/infrastructure/processing/churn-prediction/serving/overlays/production/model.yaml'],
      { encoding: 'utf8' },
    );
    expect(branch).toContain('value: models:/churn-prediction/3');
  });
});
