import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import {
  BREAKABLE,
  breakableReady,
  commitToMain,
  countReloads,
  expectHelmController,
  getObject,
  kubectl,
  kubectlApply,
  SCREENSHOTS,
  signIn,
  waitForReadyHelmRelease,
} from './tier';

/*
 * Desired vs live on the real-cluster tier: a values change of the
 * kube-prometheus-stack HelmRelease is committed to main of the tier's GitOps
 * repository; the real source-controller fetches it, the real
 * kustomize-controller applies it, the real helm-controller upgrades the
 * release (a new Helm revision in Helm's own storage Secrets), and the
 * entity's "Desired vs live" tab, open since before the change and never
 * reloaded, shows the values and rendered manifest diff between the new
 * revision and the one before, read from those Secrets.
 *
 * Helm's storage is Secrets, which the portal's service account may not read
 * (manifests/portal-rbac.yaml, as deploy/rbac/ ships it): first the tab shows
 * that refusal on the card, then the test grants `get` on Secrets in the
 * release's namespace only (a Role), as an operator who wants the revision
 * diff would (docs/insights.md).
 */

// The release the trace and notification tests break and fix too (tier.ts).
const { namespace: NS, name: NAME } = BREAKABLE;
const FILE = 'gitops/components/observability/kube-prometheus-stack.yaml';
const RUN = `e2e-${Date.now().toString(36)}`;

const storageRole = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: mlops-portal-helm-storage, namespace: ${NS} }
rules:
  - apiGroups: [""]
    resources: [secrets]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: mlops-portal-helm-storage, namespace: ${NS} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: mlops-portal-helm-storage }
subjects:
  - { kind: ServiceAccount, name: portal, namespace: mlops-portal }
`;

test.afterAll(() => {
  kubectl('delete', 'role,rolebinding', 'mlops-portal-helm-storage', '-n', NS, '--ignore-not-found');
});

test('desired vs live on the real tier: a Git values change upgraded by helm-controller shows the values and manifest diff of the two revisions', async ({ page }) => {
  expectHelmController();
  const installed = await breakableReady();
  const before: number = installed.status.history[0].version;

  await signIn(page);
  await page.goto(`/catalog/default/component/${NAME}/desired-vs-live`);
  const card = page.locator('[class*="MuiCard-root"]').filter({ hasText: `HelmRelease ${NS}/${NAME}` }).first();
  await expect(card).toBeVisible({ timeout: 120_000 });
  // Without a grant the portal may not read Helm's storage: the card says so, the page stays.
  await expect(card.getByRole('list', { name: 'Notes' })).toContainText(`the portal's credentials may not access Secret ${NS}/sh.helm.release.v1.${NAME}.v${before}`, { timeout: 60_000 });
  kubectlApply(storageRole);
  const reloads = countReloads(page);

  // The change, in Git: annotations on the chart's workloads (rendered into
  // the manifest; the stand-in charts' `standin.annotations`).
  // (A tier kept from an earlier run has the annotation already: it changes its value.)
  const ANNOTATION = /mlops-portal\.io\/e2e-run: .*/;
  let first = false;
  const commit = commitToMain(
    FILE,
    text => {
      if (ANNOTATION.test(text)) return text.replace(ANNOTATION, `mlops-portal.io/e2e-run: ${RUN}`);
      first = true;
      return text.replace(/^ {2}values:\n/m, `  values:\n    standin:\n      annotations:\n        mlops-portal.io/e2e-run: ${RUN}\n`);
    },
    `kube-prometheus-stack: annotate the workloads (${RUN})`,
  );
  const changedAt = Date.now();

  // The real controllers: source fetched, layer applied, release upgraded.
  await expect.poll(() => getObject('helmrelease', NS, NAME).status?.history?.[0], { timeout: 300_000, intervals: [2_000] }).toMatchObject({ version: before + 1, status: 'deployed' });
  const upgraded = await waitForReadyHelmRelease(NS, NAME);
  expect(upgraded.spec.values.standin.annotations['mlops-portal.io/e2e-run']).toBe(RUN);
  // kustomize-controller records the revision once its health checks (wait: true) pass.
  await expect
    .poll(() => getObject('kustomization', 'flux-system', 'observability').status.lastAppliedRevision, { timeout: 120_000 })
    .toBe(`main@sha1:${commit}`);
  // The new revision's Secret exists where helm-controller stores it.
  kubectl('get', 'secret', `sh.helm.release.v1.${NAME}.v${before + 1}`, '-n', NS);

  // The tab, pushed the new revision: values and manifest, revision N → N+1.
  const values = card.getByRole('region', { name: `Values, revision ${before} → ${before + 1}` });
  await expect(values).toContainText(new RegExp(`\\+\\s*mlops-portal\\.io/e2e-run: ${RUN}`), { timeout: 120_000 });
  const shownAfter = Math.round((Date.now() - changedAt) / 1000);
  const manifest = card.getByRole('region', { name: `Rendered manifest, revision ${before} → ${before + 1}` });
  await expect(manifest).toContainText(new RegExp(`\\+\\s*mlops-portal\\.io/e2e-run: ${RUN}`));
  // Two lines on each of the three workloads, or one changed line each.
  await expect(card.getByText(`Rendered manifest, revision ${before} → ${before + 1}: ${first ? '6 lines added, 0 removed' : '3 lines added, 3 removed'}`)).toBeVisible();
  const objects = card.getByRole('list', { name: 'Objects changed by the upgrade' });
  for (const workload of ['kube-prometheus-stack-operator', 'kube-prometheus-stack-grafana', 'kube-prometheus-stack-kube-state-metrics']) {
    await expect(objects).toContainText(`Deployment.apps ${NS}/${workload}`);
  }
  await expect(card.getByRole('list', { name: 'Notes' })).toHaveCount(0);
  expect(reloads(), 'the tab was not reloaded').toBe(0);
  await values.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'real-cluster-desired-vs-live.png'), fullPage: true });
  // eslint-disable-next-line no-console
  console.log(`[desired-vs-live] revision ${before} → ${before + 1} (${commit}) on the tab ${shownAfter} s after the push`);
});
