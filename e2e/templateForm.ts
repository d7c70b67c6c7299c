import { expect, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';

// Filling a software template's form in the browser, as a user does: shared
// by the template tests and the local self-service loop.

/** Opens the template's form from the Create page, as a user would. */
export async function chooseTemplate(page: Page, title: string) {
  await page.goto('/create');
  // The template list comes from the catalog (templates/all.yaml); on a fresh
  // portal the first ingestion may still be running.
  // The innermost card holding the template's heading (ancestors come first
  // in document order, so the last match).
  const card = page
    .locator('[class*="MuiCard-root"]')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) })
    .last();
  await expect(card).toBeVisible({ timeout: 90_000 });
  await card.getByRole('button', { name: 'Choose' }).click();
  await expect(page.getByRole('heading', { name: title }).first()).toBeVisible();
}

/**
 * Picks an entity in an EntityPicker/OwnerPicker (MUI Autocomplete): the
 * options are filtered by the entity's display title, so type that and take
 * the matching option.
 */
export async function pickEntity(page: Page, label: RegExp, title: string) {
  const box = input(page, label);
  await box.click();
  await box.fill(title);
  const option = page.getByRole('option', { name: title, exact: true }).or(page.getByRole('option', { name: new RegExp(title) })).first();
  // The options come from the catalog: on a fresh portal the entity provider
  // may still be ingesting the layers.
  await expect(option).toBeVisible({ timeout: 60_000 });
  await option.click();
  await expect(box).toHaveValue(/.+/);
}

export function field(page: Page, label: RegExp) {
  return page.getByRole('textbox', { name: label }).first();
}

/** A text input that may be a plain text field or an Autocomplete's combobox. */
export function input(page: Page, label: RegExp) {
  return page.getByRole('combobox', { name: label }).or(page.getByRole('textbox', { name: label })).first();
}

/** Review → Create, then waits for the finished task's link to the local repository branch. */
export async function createAndWait(page: Page, branch: string) {
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(/\/create\/tasks\//);
  const link = page.getByRole('link', { name: new RegExp(`Local GitOps repository \\(branch ${branch.replace(/\//g, '\\/')}\\)`) });
  // Clone, edit, validate and push run in the backend: seconds, but the
  // machine is shared, so allow a minute.
  await expect(link).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole('button', { name: 'Start Over' })).toBeEnabled();
  const href = await link.getAttribute('href');
  expect(href, 'the branch link points at the local repository').toMatch(/^file:\/\/.+gitops-remote\.git$/);
  return fileURLToPath(href!);
}

/**
 * From the last page of values to Backstage's review: through the "Review the
 * change" page every GitOps template ends with (its change preview is covered
 * by e2e/changePreviews.spec.ts), once its preview has answered.
 */
export async function toReview(page: Page) {
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByTestId('mlops-change-preview-field')).toBeVisible();
  await expect(
    page.getByTestId('mlops-change-preview').or(page.getByTestId('mlops-change-preview-error')),
  ).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Review' }).click();
}

/**
 * New platform component's two pages, as in the platform guide's "Adding a New
 * Component" example (the Redis operator chart into Platform operators, owned
 * by the platform team), up to its review page.
 */
export async function fillNewPlatformComponent(page: Page, v: { name: string; description: string; values?: string }) {
  await chooseTemplate(page, 'New platform component');
  // Step 1: Component.
  await field(page, /^Name/).fill(v.name);
  await field(page, /^Description/).fill(v.description);
  await pickEntity(page, /^Layer/, 'Platform operators');
  await pickEntity(page, /^Owner/, 'Platform team');
  await page.getByRole('button', { name: 'Next' }).click();
  // Step 2: Chart.
  await field(page, /^Chart repository URL/).fill('https://ot-container-kit.github.io/helm-charts/');
  await field(page, /^Chart\s*\*?$/).fill('redis-operator');
  await field(page, /^Version/).fill('0.22.0');
  if (v.values) await field(page, /^Values/).fill(v.values);
  await toReview(page);
}
