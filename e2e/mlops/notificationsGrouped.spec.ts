import { expect, test, type Page } from '@playwright/test';
import { backendUrl, signIn } from './helpers';
import { simAdmin } from './kubeSim';

// No storm when a whole layer fails: every component of the platform
// operators layer (its HelmReleases and HelmRepositories, all owned by
// platform-team, whose member the guest alex is) fails in the simulated cluster within the grouping window
// (mlops.notifications.groupWindowSeconds, 3 s locally). With the
// notifications page open, exactly one notification for the layer arrives,
// naming the layer and the count, not one per component; then one for the
// recovery. Nothing is reloaded.

test.describe.configure({ timeout: 360_000 });

const LAYER = 'platform-operators';
const LAYER_REF = `system:default/${LAYER}`;

interface FluxObjectRef {
  entityRef: string;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  original?: Array<Record<string, string>>;
}

interface StoredNotification {
  created: string | number;
  updated?: string | number;
  payload: { title: string; description?: string; scope?: string };
}

/** Writes an object's conditions as its Flux controller would (a merge patch of its status). */
function setConditions(o: FluxObjectRef, conditions: Array<Record<string, string>>) {
  return simAdmin('/_sim/merge-patch', {
    apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name, patch: { status: { conditions } },
  });
}

/** alex's notifications changed since `since` whose scope matches. */
async function notificationsSince(page: Page, auth: Record<string, string>, since: number, scope: (s: string) => boolean) {
  const res = await page.request.get(`${backendUrl}/api/notifications/notifications?limit=200`, { headers: auth });
  expect(res.status()).toBe(200);
  return ((await res.json()).notifications as StoredNotification[]).filter(
    // `updated` is set when a notification with the same scope is sent again
    // (Backstage keeps one per scope and user); SQLite answers it in epoch ms.
    n => scope(n.payload.scope ?? '') && new Date(n.updated ?? n.created).getTime() >= since,
  );
}

test.describe('MLOps grouped notification when a whole layer fails', () => {
  const fluxObjects: FluxObjectRef[] = [];

  test.afterEach(async () => {
    // Leave the simulated cluster as it was, whatever happened.
    for (const o of fluxObjects) {
      if (o.original) await setConditions(o, o.original.map(c => ({ ...c, lastTransitionTime: new Date().toISOString() })));
    }
  });

  test('one notification names the layer and the count, arriving live; then one for the recovery', async ({ page }) => {
    const alex = await signIn(page, '/notifications');
    const auth = { Authorization: `Bearer ${alex.token}` };

    // Every component of the layer (Components and Resources), from the
    // portal's own overview, and the Flux objects they are made of
    // (HelmReleases, HelmRepositories).
    const overview = await (await page.request.get(`${backendUrl}/api/mlops/overview`, { headers: auth })).json();
    const layer = overview.layers.find((l: any) => l.id === LAYER);
    expect(layer, `layer ${LAYER} in the overview`).toBeTruthy();
    const components: Array<{ entityRef: string; status: string }> = layer.entities;
    expect(components.length, 'enough components to be grouped (threshold 3)').toBeGreaterThanOrEqual(3);
    for (const c of components) {
      expect(c.status, `${c.entityRef} starts Ready`).toBe('Ready');
      const [kind, rest] = c.entityRef.split(':');
      const [namespace, name] = rest.split('/');
      const objects = await (await page.request.get(`${backendUrl}/api/mlops/entities/${kind}/${namespace}/${name}/objects`, { headers: auth })).json();
      const flux = objects.objects.filter((o: any) => o.flux);
      expect(flux.length, `${c.entityRef} has Flux objects to fail`).toBeGreaterThan(0);
      for (const o of flux) fluxObjects.push({ entityRef: c.entityRef, apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name });
      // Default settings for this test (another spec mutes and unmutes kinds).
      for (const event of ['failed', 'recovered']) {
        const res = await page.request.put(`${backendUrl}/api/mlops/notifications/settings`, {
          headers: auth,
          data: { entityRef: c.entityRef, event, mode: 'default' },
        });
        expect(res.status(), await res.text()).toBe(200);
      }
    }
    const count = components.length;
    const componentScope = (event: string) => (s: string) => components.some(c => s === `mlops:${event}:${c.entityRef}`);

    // Earlier notifications read, so the page's unread view holds only what arrives now.
    const unread = await (await page.request.get(`${backendUrl}/api/notifications/notifications?read=false&limit=200`, { headers: auth })).json();
    const ids = (unread.notifications as Array<{ id: string }>).map(n => n.id);
    if (ids.length) {
      const res = await page.request.post(`${backendUrl}/api/notifications/notifications/update`, { headers: auth, data: { ids, read: true } });
      expect(res.status(), await res.text()).toBe(200);
    }

    await expect(page.getByRole('heading', { name: /Notifications/ }).first()).toBeVisible({ timeout: 60_000 });
    let loads = 0;
    page.on('load', () => loads++);

    // A marker only this run's culprits carry.
    const run = `e2e-${Date.now().toString(36)}`;
    const failedAt = Date.now() - 1000;
    for (const o of fluxObjects) {
      o.original = (await simAdmin('/_sim/merge-patch', {
        apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name, patch: {},
      })).status?.conditions;
    }
    // The whole layer fails at once (well within the 3 s window).
    const now = new Date().toISOString();
    await Promise.all(
      fluxObjects.map(o => {
        // What each Flux controller writes when it fails.
        const [reason, message] = {
          HelmRelease: ['InstallFailed', `${run} install failed: context deadline exceeded`],
          Kustomization: ['HealthCheckFailed', `${run} health check failed after 5m0s: timeout waiting for: [HelmRelease/${LAYER}/minio-operator status: 'Failed']`],
        }[o.kind] ?? ['FetchFailed', `${run} failed to fetch Helm repository index: 503 Service Unavailable`];
        return setConditions(o, [{ type: 'Ready', status: 'False', reason, message, lastTransitionTime: now }]);
      }),
    );
    // The whole layer is Failed.
    await expect.poll(async () => {
      const o = await (await page.request.get(`${backendUrl}/api/mlops/overview`, { headers: auth })).json();
      return o.layers.find((l: any) => l.id === LAYER).entities.map((e: any) => e.status).join(',');
    }, { timeout: 30_000 }).toBe(components.map(() => 'Failed').join(','));

    // One row for the layer arrives: its title names the count; its
    // description (expanded) this run's culprits.
    const failedRow = page.locator('tr').filter({ hasText: new RegExp(`: ${count} components failed`) });
    await expect(failedRow).toHaveCount(1, { timeout: 60_000 });
    await expect(async () => {
      const more = failedRow.getByRole('button', { name: 'Show more' });
      if (await more.isVisible()) await more.click();
      await expect(failedRow).toContainText(run, { timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await expect(failedRow).toContainText(/platform[- ]operators/i);

    // The notifications API agrees: exactly one for the layer, none per component.
    await expect.poll(async () => (await notificationsSince(page, auth, failedAt, s => s === `mlops:failed:layer:${LAYER_REF}`)).length, { timeout: 30_000 }).toBe(1);
    const [grouped] = await notificationsSince(page, auth, failedAt, s => s === `mlops:failed:layer:${LAYER_REF}`);
    expect(grouped.payload.title).toMatch(new RegExp(`^.+: ${count} components failed$`));
    expect(grouped.payload.title.toLowerCase()).toMatch(/platform[- ]operators/);
    for (const c of components) expect(grouped.payload.description).toContain(c.entityRef.split('/')[1]);
    expect(await notificationsSince(page, auth, failedAt, componentScope('failed'))).toEqual([]);
    // Folded again, so the live snackbar does not cover it in the screenshot.
    await failedRow.getByRole('button', { name: 'Show less' }).click();
    await page.screenshot({ path: 'docs/screenshots/mlops-notifications-grouped.png', fullPage: true });

    // The layer recovers, all at once: one notification again.
    const recoveredAt = Date.now() - 1000;
    await Promise.all(
      fluxObjects.map(o => setConditions(o, (o.original ?? []).map(c => ({ ...c, lastTransitionTime: new Date().toISOString() })))),
    );
    for (const o of fluxObjects) o.original = undefined;
    const recoveredRow = page.locator('tr').filter({ hasText: new RegExp(`: ${count} components recovered`) });
    await expect(recoveredRow).toHaveCount(1, { timeout: 60_000 });
    await expect.poll(async () => (await notificationsSince(page, auth, recoveredAt, s => s === `mlops:recovered:layer:${LAYER_REF}`)).length, { timeout: 60_000 }).toBe(1);
    await expect(async () => {
      const more = recoveredRow.getByRole('button', { name: 'Show more' });
      if (await more.isVisible()) await more.click();
      await expect(recoveredRow).toContainText(run, { timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    expect(await notificationsSince(page, auth, recoveredAt, componentScope('recovered'))).toEqual([]);

    // No reload: what appeared was pushed.
    expect(loads, 'the page was not reloaded').toBe(0);
  });
});
