import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signIn } from './mlops/helpers';
import { chooseTemplate } from './templateForm';

// Issue 17, change previews: a GitOps template shows what its change will do
// on the form's last page, before Create; once it ran, its change branch shows
// the same preview under "Pending changes" on the platform page, and on the
// GitOps tab of the entities it touches. Both follow the GitOps repository
// live: a branch pushed or deleted there shows without a reload.

const SCREENSHOTS = 'docs/screenshots';
// Unique per run, so the branch really changes and the preview is not empty.
const RUN = Date.now().toString(36);

/** The local GitOps repository of the portal under test (playwright.config.ts: PORTAL_DATA_DIR=.data/e2e). */
const GITOPS_REMOTE = resolve('.data/e2e/gitops-remote.git');
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@mlops-portal.invalid', ...args], {
    cwd,
    encoding: 'utf8',
  });

/** Pushes a branch that raises Airflow's HelmRelease interval, by plain git (not through the portal). */
function pushAirflowBranch(branch: string, interval: string) {
  const work = mkdtempSync(join(tmpdir(), 'e2e-gitops-'));
  try {
    git(work, 'clone', '--quiet', GITOPS_REMOTE, '.');
    const file = join(work, 'gitops/components/orchestration/airflow.yaml');
    const before = readFileSync(file, 'utf8');
    const after = before.replace(/(dependsOn:\n\s+- name: airflow-postgresql\n\s+interval: )\S+/, `$1${interval}`);
    expect(after, 'the Airflow HelmRelease has its interval after dependsOn').not.toBe(before);
    writeFileSync(file, after);
    git(work, 'commit', '--quiet', '-am', `Airflow: reconcile every ${interval}`);
    git(work, 'push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const deleteBranch = (branch: string) => git(GITOPS_REMOTE, 'update-ref', '-d', `refs/heads/${branch}`);

/** Counts the page's document loads from now on (a reload or a navigation is one). */
function countLoads(page: Page): () => number {
  let loads = 0;
  page.on('load', () => {
    loads += 1;
  });
  return () => loads;
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

  test('pending changes follow the GitOps repository live: a branch pushed by git appears, and goes when deleted, with no reload', async ({ page }) => {
    const branch = `mlops/e2e-live/airflow-${RUN}`;
    await signIn(page, '/mlops');
    const pending = page.getByTestId('mlops-pending-changes');
    await expect(pending.getByRole('button', { name: 'Refresh' })).toBeEnabled({ timeout: 60_000 });
    const loads = countLoads(page);

    pushAirflowBranch(branch, '31m');
    const row = page.getByTestId(`mlops-change-branch-${branch}`);
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(row).toContainText('Airflow: reconcile every 31m');
    await expect(row).toContainText('0 added, 1 changed, 0 removed');

    deleteBranch(branch);
    await expect(row).toBeHidden({ timeout: 30_000 });
    expect(loads(), 'the page was never reloaded').toBe(0);
  });

  test("an entity's GitOps tab lists the change branches that touch it, live", async ({ page }) => {
    const branch = `mlops/e2e-live/airflow-tab-${RUN}`;
    pushAirflowBranch(branch, '45m');
    try {
      // The observability layer depends on none of the layers the open branches reach (the Airflow
      // change here, the strimzi-operator bump of the first test: platform-operators and what depends on it).
      await signIn(page, '/catalog/default/component/kube-prometheus-stack/gitops');
      await expect(page.getByTestId('mlops-gitops')).toBeVisible({ timeout: 60_000 });
      await expect(page.getByTestId('mlops-entity-pending-empty')).toContainText(
        'No open change branch touches this entity or its layer observability.',
        { timeout: 60_000 },
      );

      await page.goto('/catalog/default/component/airflow/gitops');
      const card = page.getByTestId('mlops-entity-pending-changes');
      const row = card.getByTestId(`mlops-change-branch-${branch}`);
      await expect(row).toBeVisible({ timeout: 60_000 });
      const loads = countLoads(page);
      await expect(row.getByRole('list', { name: `How ${branch} touches this entity` })).toContainText(
        'changed HelmRelease orchestration/airflow (gitops/components/orchestration/airflow.yaml)',
      );
      await row.getByText(branch).click();
      await expect(row.locator('li', { hasText: /^spec\.interval: / })).toContainText('30m → 45m');
      await card.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SCREENSHOTS}/change-branches-entity-tab.png`, fullPage: true });

      deleteBranch(branch);
      await expect(row).toBeHidden({ timeout: 30_000 });
      expect(loads(), 'the page was never reloaded').toBe(0);
    } finally {
      try {
        deleteBranch(branch);
      } catch {
        // already deleted by the test
      }
    }
  });
});
