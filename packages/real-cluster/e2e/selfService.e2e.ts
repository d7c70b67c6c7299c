import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { conditionOf, DATA, expectHelmController, git, kubectl, SCREENSHOTS, signIn, waitForEntity } from './tier';

/*
 * The self-service loop, end to end on the real-cluster tier: a user runs
 * the New platform component template in the browser; its change branch is
 * merged in the local Git server (as a reviewer merges the pull request);
 * the real source-controller fetches the new revision, the real
 * kustomize-controller applies the layer with the new HelmRelease, the real
 * helm-controller installs it (from the tier's stand-in chart), and the
 * platform page, open since before the merge and never reloaded, shows the
 * new component Ready.
 */

// Unique per run: the template pushes a deterministic branch name.
const RUN = Date.now().toString(36);
const NAME = `redis-operator-${RUN}`;
const BRANCH = `mlops/helmrelease-add/${NAME}`;

/**
 * An EntityPicker/OwnerPicker (MUI Autocomplete): types the entity's title
 * and takes the matching option, as a user does. The options come from the
 * catalog when the form opens, so the test first waits until the catalog
 * holds the entities (waitForEntity below).
 */
async function pickEntity(page: Page, label: RegExp, title: string) {
  const box = page.getByRole('combobox', { name: label }).or(page.getByRole('textbox', { name: label })).first();
  await box.click();
  await box.fill(title);
  const option = page.getByRole('option', { name: title, exact: true });
  await expect(option).toBeVisible({ timeout: 30_000 });
  await option.click();
  await expect(box).toHaveValue(/.+/);
}

const field = (page: Page, label: RegExp) => page.getByRole('textbox', { name: label }).first();

test('self-service loop on the real tier: template → merge → source-, kustomize-, helm-controller → Ready on the platform page without a reload', async ({ page }) => {
  // helm-controller is part of the tier now (build group flux-helm): without it the loop cannot
  // close, so its absence fails the test rather than skipping it.
  expectHelmController();
  await signIn(page);
  // The template's pickers list the catalog's layers and groups once, when
  // the form opens: wait until the catalog has ingested them (a fresh
  // portal's providers are still running), as a user would see them.
  await waitForEntity(page, 'system', 'platform-operators');
  await waitForEntity(page, 'group', 'platform-team');

  // 1. The template, in the browser.
  await page.goto('/create');
  const card = page
    .locator('[class*="MuiCard-root"]')
    .filter({ has: page.getByRole('heading', { name: 'New platform component', exact: true }) })
    .last();
  await expect(card).toBeVisible({ timeout: 120_000 });
  await card.getByRole('button', { name: 'Choose' }).click();
  await field(page, /^Name/).fill(NAME);
  await field(page, /^Description/).fill('Redis operator for feature caches (real-tier end-to-end test)');
  await pickEntity(page, /^Layer/, 'Platform operators');
  await pickEntity(page, /^Owner/, 'Platform team');
  await page.getByRole('button', { name: 'Next' }).click();
  await field(page, /^Chart repository URL/).fill('https://ot-container-kit.github.io/helm-charts/');
  await field(page, /^Chart\s*\*?$/).fill('redis-operator');
  await field(page, /^Version/).fill('0.22.0');
  await field(page, /^Values/).fill('resources:\n  limits:\n    memory: 256Mi\n');
  // Every GitOps template ends with a "Review the change" page (the change preview) before Review.
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('What this change does to the platform')).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(/\/create\/tasks\//);
  const branchLink = page.getByRole('link', { name: `Local GitOps repository (branch ${BRANCH})` });
  await expect(branchLink).toBeVisible({ timeout: 120_000 });
  const repo = fileURLToPath((await branchLink.getAttribute('href'))!);
  // The repository the templates push to is the one the tier's Git server serves to source-controller.
  expect(repo).toBe(resolve(DATA, 'gitops-remote.git'));

  // 2. The platform page, opened by the sidebar (client-side navigation) before the merge.
  await page.getByTestId('sidebar-root').getByRole('link', { name: 'Platform', exact: true }).click();
  await expect(page).toHaveURL(/\/mlops$/);
  await expect(page.getByTestId('cluster-mlops-real')).toContainText('connected', { timeout: 120_000 });
  const tile = page.getByTestId(`entity-component:default/${NAME}`);
  await expect(tile).toHaveCount(0);
  // The platform as the real controllers left it before the change: every
  // HelmRelease of gitops/ installed by helm-controller.
  await expect(page.getByTestId('entity-component:default/strimzi-operator').locator('[data-status]')).toHaveText('Ready', { timeout: 300_000 });
  await page.screenshot({ path: join(SCREENSHOTS, 'real-cluster-platform.png'), fullPage: true });
  let reloads = 0;
  page.on('load', () => reloads++);

  // 3. The change branch merged into main in the local Git server, as a reviewer would.
  const work = mkdtempSync(join(tmpdir(), 'e2e-real-merge-'));
  let merged: string;
  try {
    git(tmpdir(), 'clone', '--quiet', '--branch', 'main', repo, work);
    git(work, 'fetch', '--quiet', 'origin', BRANCH);
    git(work, '-c', 'user.name=Platform reviewer', '-c', 'user.email=reviewer@mlops-portal.invalid', 'merge', '--no-ff', '--quiet', '-m', `Merge ${BRANCH}`, 'FETCH_HEAD');
    git(work, 'push', '--quiet', 'origin', 'main');
    merged = git(work, 'rev-parse', 'HEAD').trim();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const mergedAt = Date.now();

  // 4. The page shows the new component Ready, with no reload.
  await expect(tile.locator('[data-status]')).toHaveText('Ready', { timeout: 600_000 });
  const readyAfter = Math.round((Date.now() - mergedAt) / 1000);
  expect(reloads, 'the platform page was not reloaded').toBe(0);
  await expect(tile).toContainText(NAME);
  await tile.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'real-cluster-self-service.png'), fullPage: true });
  // eslint-disable-next-line no-console
  console.log(`[self-service] ${NAME} Ready on the platform page ${readyAfter} s after the merge (${merged})`);

  // 5. What the real controllers did, read back from the API server.
  const source = JSON.parse(kubectl('get', 'gitrepository', 'mlops-infrastructure', '-n', 'flux-system', '-o', 'json'));
  expect(source.status.artifact.revision).toBe(`main@sha1:${merged}`);
  // kustomize-controller records the applied revision only after its health
  // checks (wait: true) pass, i.e. after the new HelmRelease is Ready, so it
  // can trail the page by a poll.
  await expect
    .poll(() => JSON.parse(kubectl('get', 'kustomization', 'platform-operators', '-n', 'flux-system', '-o', 'json')).status.lastAppliedRevision, { timeout: 120_000 })
    .toBe(`main@sha1:${merged}`);
  const release = JSON.parse(kubectl('get', 'helmrelease', NAME, '-n', 'platform-operators', '-o', 'json'));
  expect(conditionOf(release, 'Ready')).toMatchObject({ status: 'True', reason: 'InstallSucceeded' });
  expect(release.status.history[0]).toMatchObject({ chartName: 'redis-operator', chartVersion: '0.22.0', status: 'deployed', version: 1 });
  const deployment = JSON.parse(kubectl('get', 'deployment', NAME, '-n', 'platform-operators', '-o', 'json'));
  expect(deployment.metadata.labels).toMatchObject({ 'helm.toolkit.fluxcd.io/name': NAME, 'app.kubernetes.io/name': 'redis-operator' });
  expect(deployment.status.readyReplicas).toBe(1);
});
