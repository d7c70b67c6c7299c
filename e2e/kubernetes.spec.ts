import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { signIn } from './mlops/helpers';

// Issue 3, done when: the stock Kubernetes tab (@backstage/plugin-kubernetes)
// of a platform entity generated from gitops/ shows the simulated cluster's
// pods. The catalog module gives HelmRelease Components
// `backstage.io/kubernetes-id` and a `backstage.io/kubernetes-label-selector`;
// the Kubernetes backend lists pods (and deployments, replica sets, ...) in
// cluster mlops-sim with that selector, so pods only show up when the
// selector matches the labels on the pods themselves.

/** Opens the Kubernetes tab of an entity and waits for the cluster accordion. */
async function openKubernetesTab(page: Page, entityPath: string) {
  await page.goto(`/catalog/default/component/${entityPath}`);
  await expect(page.getByRole('heading', { name: entityPath, exact: true })).toBeVisible();
  // The entity page's content navigation may group the Kubernetes tab under
  // "Deployment" (new frontend system entity content groups): wait for
  // either, then open the group if that is what is there.
  const nav = page.getByRole('navigation', { name: 'Content navigation' });
  const direct = nav.getByRole('link', { name: 'Kubernetes' });
  const group = nav.getByRole('button', { name: 'Deployment' });
  await expect(direct.or(group).first()).toBeVisible();
  if (!(await direct.isVisible())) await group.click();
  await direct.or(page.getByRole('menuitemradio', { name: 'Kubernetes' })).first().click();
  await expect(page).toHaveURL(/\/kubernetes$/);
  // The stock tab groups objects per cluster: one accordion per cluster the
  // entity has objects in.
  const cluster = page.getByRole('button', { name: /mlops-sim/ }).first();
  await expect(cluster).toBeVisible({ timeout: 60_000 });
  // The summary counts the pods found with the entity's selector.
  await expect(cluster).toContainText(/[1-9]\d* pods?/);
  await cluster.click();
}

/**
 * Expands a Deployment's accordion to its pods table. Its name opens the
 * Deployment drawer instead, so click the summary's right side (the pod counts).
 */
async function expandDeployment(page: Page, name: string) {
  const summary = page.getByRole('button', { name: new RegExp(`^${name} Deployment namespace:`) }).first();
  await expect(summary).toBeVisible();
  // The cluster accordion above may still be opening (its transition moves
  // this summary), so a click at a position read too early can miss: click
  // where the summary is now, until it says it is expanded.
  await expect(async () => {
    if ((await summary.getAttribute('aria-expanded')) !== 'true') {
      const box = await summary.boundingBox();
      await page.mouse.click(box!.x + box!.width - 40, box!.y + box!.height / 2);
    }
    await expect(summary).toHaveAttribute('aria-expanded', 'true', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}

/** The pods table rows of a Deployment's pods, as the ReplicaSet controller names them. */
function podRows(page: Page, deployment: string) {
  return page.getByRole('row', { name: new RegExp(`^${deployment}-[a-z0-9]{6,10}-[a-z0-9]{5} Running 1/1 `) });
}

test.describe('Kubernetes tab of generated platform entities', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page);
  });

  test('the Strimzi operator Component shows its pod in mlops-sim', async ({ page }) => {
    await openKubernetesTab(page, 'strimzi-operator');
    // The strimzi-kafka-operator chart names its Deployment strimzi-cluster-operator.
    await expandDeployment(page, 'strimzi-cluster-operator');
    await expect(podRows(page, 'strimzi-cluster-operator')).toHaveCount(1);

    mkdirSync('docs/screenshots', { recursive: true });
    await page.screenshot({ path: 'docs/screenshots/kubernetes-tab.png', fullPage: true });
  });

  test('the MLflow Component shows its tracking server pods in mlops-sim', async ({ page }) => {
    await openKubernetesTab(page, 'mlflow');
    await expandDeployment(page, 'mlflow');
    // gitops/components/ml-lifecycle/mlflow.yaml asks for two replicas.
    await expect(podRows(page, 'mlflow')).toHaveCount(2);
    // Selected by the entity's label selector: the database's pods belong to
    // the mlflow-postgresql entity, not here.
    await expect(page.getByText(/^mlflow-postgresql/)).toHaveCount(0);
  });
});
