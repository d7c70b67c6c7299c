import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import {
  BREAKABLE,
  breakableReady,
  healBreakable,
  CLUSTER,
  conditionOf,
  countReloads,
  expectHelmController,
  getObject,
  SCREENSHOTS,
  setFailUpgrade,
  signIn,
  waitForReadyHelmRelease,
} from './tier';

/*
 * The Trace tab on the real-cluster tier: kube-prometheus-stack's chain,
 * GitRepository → Kustomization → HelmRelease → workloads → pods, with the
 * statuses the real source-, kustomize- and helm-controller (and the real
 * Deployment controller with kwok) wrote. Then an upgrade that fails for real
 * (helm-controller cannot render the chart: the stand-in chart's
 * `standin.failUpgrade`): the tab, never reloaded, marks the HelmRelease as
 * the first failure with helm-controller's own message; the fix brings it
 * back to Ready.
 */

const { namespace: NS, name: NAME } = BREAKABLE;

const node = (page: Page, kind: string, namespace: string, name: string) => page.getByTestId(`trace-node-${CLUSTER}|${kind}|${namespace}|${name}`);

test.afterAll(() => {
  // Whatever happened, leave the release working.
  healBreakable();
});

test('trace on the real tier: the chain with the real controllers\' statuses, and a real failure marked live with helm-controller\'s message', async ({ page }) => {
  expectHelmController();
  await breakableReady();

  await signIn(page);
  await page.goto(`/catalog/default/component/${NAME}/trace`);
  await expect(page.getByTestId('mlops-trace')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('trace-graph')).toBeVisible();
  // The chain, each node with the status its controller wrote.
  const release = node(page, 'HelmRelease', NS, NAME);
  const chain = [
    node(page, 'GitRepository', 'flux-system', 'mlops-infrastructure'),
    node(page, 'Kustomization', 'flux-system', 'observability'),
    release,
    node(page, 'Deployment', NS, `${NAME}-operator`),
    node(page, 'Deployment', NS, `${NAME}-grafana`),
    node(page, 'Deployment', NS, `${NAME}-kube-state-metrics`),
  ];
  for (const n of chain) await expect(n).toContainText('Ready', { timeout: 120_000 });
  await expect(page.getByRole('region', { name: 'Pods' })).toContainText(`${NAME}-grafana-`);
  await expect(page.getByTestId('trace-first-failures')).toHaveCount(0);
  const reloads = countReloads(page);

  // A real failure.
  setFailUpgrade(true);
  const brokenAt = Date.now();
  await expect
    .poll(() => conditionOf(getObject('helmrelease', NS, NAME), 'Ready')?.reason, { timeout: 180_000, intervals: [2_000] })
    .toBe('UpgradeFailed');
  const message: string = conditionOf(getObject('helmrelease', NS, NAME), 'Ready').message;
  expect(message).toContain('stand-in chart: upgrade failure requested');

  const banner = page.getByTestId('trace-first-failures');
  await expect(banner).toContainText(`HelmRelease ${NS}/${NAME}`, { timeout: 120_000 });
  await expect(banner).toContainText('UpgradeFailed');
  await expect(banner).toContainText('stand-in chart: upgrade failure requested');
  const shownAfter = Math.round((Date.now() - brokenAt) / 1000);
  await expect(release).toContainText('Failed');
  await expect(release).toContainText('first failure');
  // Upstream of it nothing failed: the source and the Kustomization are not marked.
  await expect(chain[0]).not.toContainText('first failure');
  await expect(chain[1]).not.toContainText('first failure');
  await banner.getByRole('button', { name: `Show HelmRelease ${NS}/${NAME} on ${CLUSTER} in the graph` }).click();
  await expect(page.getByTestId('trace-details')).toContainText('stand-in chart: upgrade failure requested');
  expect(reloads(), 'the tab was not reloaded').toBe(0);
  // helm-controller retries the failed upgrade with backoff, and each retry
  // first marks Ready Unknown ("Fulfilling prerequisites"), so the node is
  // Progressing for a moment now and then (the first full run's screenshot
  // caught one). Keep a screenshot that shows what was asserted.
  await expect(async () => {
    await expect(release).toContainText('first failure', { timeout: 1_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'real-cluster-trace.png'), fullPage: true });
    await expect(release).toContainText('first failure', { timeout: 0 });
    await expect(page.getByTestId('trace-details')).toContainText('UpgradeFailed', { timeout: 0 });
  }).toPass({ timeout: 120_000 });

  // The fix: helm-controller upgrades, the mark goes, live.
  setFailUpgrade(false);
  await waitForReadyHelmRelease(NS, NAME, 180_000);
  await expect(release).toContainText('Ready', { timeout: 120_000 });
  await expect(page.getByTestId('trace-first-failures')).toHaveCount(0);
  expect(reloads(), 'the tab was not reloaded').toBe(0);
  // eslint-disable-next-line no-console
  console.log(`[trace] first failure shown ${shownAfter} s after the broken upgrade: ${message}`);
});
