import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import {
  BREAKABLE,
  breakableReady,
  healBreakable,
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
 * Owner notifications on the real-cluster tier: the guest (alex) is a member
 * of platform-team, which owns kube-prometheus-stack. With the notifications
 * page open, an upgrade of its HelmRelease that fails for real (helm-controller
 * v1.4.0 cannot render the chart: the stand-in chart's `standin.failUpgrade`)
 * turns the component Failed, and the notification arrives without a reload;
 * the fix (the switch removed) is upgraded by helm-controller, the component
 * is Ready again, and the recovery arrives too.
 */

const { namespace: NS, name: NAME } = BREAKABLE;
const ENTITY = `component:default/${NAME}`;

test.afterAll(() => {
  // Whatever happened, leave the release working.
  healBreakable();
});

test('notifications on the real tier: a component helm-controller fails, then recovers, is told to its owner live', async ({ page }) => {
  expectHelmController();
  await breakableReady();
  const startedAt = new Date().toISOString();

  const alex = await signIn(page, '/notifications');
  const auth = { Authorization: `Bearer ${alex.token}` };
  for (const event of ['failed', 'recovered']) {
    const res = await page.request.put('/api/mlops/notifications/settings', { headers: auth, data: { entityRef: ENTITY, event, mode: 'default' } });
    expect(res.status(), await res.text()).toBe(200);
  }
  // The page lists unread notifications: mark what earlier runs left as read,
  // so what appears now is this run's.
  const earlier = await page.request.get('/api/notifications/notifications?limit=200&read=false', { headers: auth });
  expect(earlier.status()).toBe(200);
  const ids = (await earlier.json()).notifications.map((n: any) => n.id);
  if (ids.length) {
    const res = await page.request.post('/api/notifications/notifications/update', { headers: auth, data: { ids, read: true } });
    expect(res.status()).toBe(200);
  }
  await page.reload();
  await expect(page.getByRole('heading', { name: /Notifications/ }).first()).toBeVisible({ timeout: 60_000 });
  const rows = page.locator('tr').filter({ hasText: /kube[- ]prometheus[- ]stack/i });
  await expect(rows).toHaveCount(0);
  const reloads = countReloads(page);

  // A real failure: helm-controller's upgrade cannot render the chart.
  setFailUpgrade(true);
  const failedAt = Date.now();
  await expect
    .poll(() => {
      const ready = conditionOf(getObject('helmrelease', NS, NAME), 'Ready');
      return `${ready?.status} ${ready?.reason}`;
    }, { timeout: 180_000, intervals: [2_000] })
    .toBe('False UpgradeFailed');
  await expect(rows.filter({ hasText: /kube[- ]prometheus[- ]stack failed/i }).first()).toBeVisible({ timeout: 120_000 });
  await expect(rows.filter({ hasText: /kube[- ]prometheus[- ]stack failed/i }).first()).toContainText('UpgradeFailed');
  const failedShownAfter = Math.round((Date.now() - failedAt) / 1000);

  // The fix: helm-controller upgrades again, the release is Ready, the owner is told.
  setFailUpgrade(false);
  const fixedAt = Date.now();
  await waitForReadyHelmRelease(NS, NAME, 180_000);
  await expect(rows.filter({ hasText: /kube[- ]prometheus[- ]stack recovered/i }).first()).toBeVisible({ timeout: 120_000 });
  const recoveredShownAfter = Math.round((Date.now() - fixedAt) / 1000);
  expect(reloads(), 'the notifications page was not reloaded').toBe(0);
  await page.screenshot({ path: join(SCREENSHOTS, 'real-cluster-notifications.png'), fullPage: true });

  // What was stored: one failure with helm-controller's own message, one recovery, nothing else for it.
  // (Filtered here: the notifications backend's createdAfter finds nothing on SQLite.)
  const stored = await page.request.get('/api/notifications/notifications?limit=200', { headers: auth });
  expect(stored.status()).toBe(200);
  const mine = (await stored.json()).notifications.filter((n: any) => n.payload.scope?.endsWith(`:${ENTITY}`) && new Date(n.created).getTime() >= Date.parse(startedAt));
  const titles: string[] = mine.map((n: any) => n.payload.title);
  expect(titles.filter(t => /^kube[- ]prometheus[- ]stack failed$/i.test(t)), titles.join(', ')).toHaveLength(1);
  expect(titles.filter(t => /^kube[- ]prometheus[- ]stack recovered$/i.test(t)), titles.join(', ')).toHaveLength(1);
  expect(titles, 'nothing else was told about it').toHaveLength(2);
  const failure = mine.find((n: any) => / failed$/.test(n.payload.title));
  expect(failure.payload.description).toContain(`HelmRelease ${NS}/${NAME} on mlops-real: UpgradeFailed`);
  expect(failure.payload.description).toContain('stand-in chart: upgrade failure requested');
  // eslint-disable-next-line no-console
  console.log(`[notifications] failure shown ${failedShownAfter} s after the broken upgrade, recovery ${recoveredShownAfter} s after the fix`);
});
