import { expect, test } from '@playwright/test';
import { backendUrl, signIn } from './helpers';
import { setHelmReleaseConditions, simAdmin } from './kubeSim';

// Owner notifications delivered live: the MinIO operator belongs to
// platform-team, and the guest (alex) is a member. With the notifications
// page open, its HelmRelease turns Failed (and drifts) in the simulated
// cluster; the notification appears without a reload (pushed over Backstage
// signals), then its recovery; drift, muted for this entity, never arrives.

test.describe.configure({ timeout: 360_000 });

const NS = 'platform-operators';
const NAME = 'minio-operator';

test.describe('MLOps notifications reach the browser live', () => {
  let original: Array<Record<string, string>> | undefined;

  test.afterEach(async () => {
    // Leave the simulated cluster as it was, whatever happened.
    if (original) await setHelmReleaseConditions(NS, NAME, original.map(c => ({ ...c, lastTransitionTime: new Date().toISOString() })));
  });

  test('an owner sees failure and recovery arrive without a reload; a muted kind does not arrive', async ({ page }) => {
    const alex = await signIn(page, '/notifications');
    const auth = { Authorization: `Bearer ${alex.token}` };
    const setMode = async (event: string, mode: string) => {
      const res = await page.request.put(`${backendUrl}/api/mlops/notifications/settings`, {
        headers: auth,
        data: { entityRef: `component:default/${NAME}`, event, mode },
      });
      expect(res.status(), await res.text()).toBe(200);
    };
    await setMode('drifted', 'mute');
    await setMode('failed', 'default');
    await setMode('recovered', 'default');

    // A marker only this run's notifications carry (the page keeps earlier runs').
    const run = `e2e-${Date.now().toString(36)}`;
    original = (await simAdmin('/_sim/merge-patch', {
      apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', namespace: NS, name: NAME, patch: {},
    })).status?.conditions;
    expect(original?.some(c => c.type === 'Ready' && c.status === 'True'), 'the MinIO operator starts Ready').toBe(true);

    await expect(page.getByRole('heading', { name: /Notifications/ }).first()).toBeVisible({ timeout: 60_000 });
    let navigations = 0;
    page.on('framenavigated', f => {
      if (f === page.mainFrame()) navigations++;
    });

    const now = new Date().toISOString();
    await setHelmReleaseConditions(NS, NAME, [
      { type: 'Ready', status: 'False', reason: 'UpgradeFailed', message: `${run} upgrade failed: timed out waiting for the condition`, lastTransitionTime: now },
      { type: 'Released', status: 'False', reason: 'UpgradeFailed', message: `${run} upgrade failed`, lastTransitionTime: now },
      { type: 'Drifted', status: 'True', reason: 'DriftDetected', message: `Cluster state of release differs (${run})`, lastTransitionTime: now },
    ]);
    // This run's rows only: earlier runs' notifications are listed too (the
    // page shortens descriptions, so the marker starts the message).
    const rows = page.locator('tr').filter({ hasText: run });
    await expect(rows.filter({ hasText: /minio[- ]operator failed/i }).first()).toBeVisible({ timeout: 60_000 });

    // The backend saw the drift (so a drift notification was due, and muted).
    await expect.poll(async () => {
      const res = await page.request.get(`${backendUrl}/api/mlops/drift/summary`, { headers: auth });
      return JSON.stringify((await res.json()).layers.flatMap((l: any) => l.objects.map((o: any) => o.name)));
    }, { timeout: 30_000 }).toContain(NAME);

    await setHelmReleaseConditions(NS, NAME, (original ?? []).map(c => ({ ...c, lastTransitionTime: new Date().toISOString() })));
    await expect(rows.filter({ hasText: /minio[- ]operator recovered/i }).first()).toBeVisible({ timeout: 60_000 });
    await page.screenshot({ path: 'docs/screenshots/mlops-notifications-live.png', fullPage: true });

    // Drift was detected together with the failure, and its window closed
    // before the recovery was even sent: had it been sent, it would be here.
    // (The layer's System has its own settings: only this entity's drift is muted.)
    await expect(rows.filter({ hasText: /minio[- ]operator drifted from Git/i })).toHaveCount(0);
    const stored = await page.request.get(`${backendUrl}/api/notifications/notifications?limit=100`, { headers: auth });
    expect(stored.status()).toBe(200);
    const titles: string[] = (await stored.json()).notifications
      .filter((n: any) => n.payload.scope?.endsWith(`:component:default/${NAME}`) && JSON.stringify(n.payload).includes(run))
      .map((n: any) => n.payload.title);
    expect(titles.some(t => /failed/.test(t)), titles.join(', ')).toBe(true);
    expect(titles.some(t => /recovered/.test(t)), titles.join(', ')).toBe(true);
    expect(titles.filter(t => /drifted/.test(t)), titles.join(', ')).toEqual([]);
    // No reload, no navigation: what appeared was pushed.
    expect(navigations).toBe(0);

    await setMode('drifted', 'default');
  });
});
