import { expect, test } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIn } from './mlops/helpers';
import { simGet } from './mlops/kubeSim';
import { createAndWait, fillNewPlatformComponent } from './templateForm';

// The self-service loop on the local defaults, as on a real platform: a
// software template opens a change, the change is merged (scripts/portal
// merge, the local pull request's merge button), the simulated Flux applies
// the merged commit, the catalog reads it, and the platform page shows the
// new component Ready without a reload. Then the merge is reverted and the
// component is pruned from the cluster and the page. The real-cluster tier
// runs the same loop with Flux's own controllers
// (packages/real-cluster/e2e/selfService.e2e.ts).

const SCREENSHOTS = 'docs/screenshots';
const RUN = Date.now().toString(36);
const NAME = `feature-cache-${RUN}`;
const BRANCH = `mlops/helmrelease-add/${NAME}`;
const DATA_DIR = process.env.PORTAL_DATA_DIR ?? '.data/e2e';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Platform reviewer', '-c', 'user.email=reviewer@mlops-portal.invalid', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

const sourceRevision = async () =>
  (await simGet('/apis/source.toolkit.fluxcd.io/v1/namespaces/flux-system/gitrepositories/mlops-infrastructure')).status.artifact.revision;

test('self-service loop on the local defaults: template → merge → applied by the simulated Flux → Ready on the platform page without a reload → reverted and pruned', async ({ page }) => {
  test.setTimeout(420_000);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await signIn(page);

  // 1. The change, through the New platform component template.
  await fillNewPlatformComponent(page, { name: NAME, description: 'Feature cache for online serving (end-to-end test of the local loop)' });
  const repo = await createAndWait(page, BRANCH);

  // 2. The platform page, opened by the sidebar before the merge.
  await page.getByTestId('sidebar-root').getByRole('link', { name: 'Platform', exact: true }).click();
  await expect(page).toHaveURL(/\/mlops$/);
  await expect(page.getByTestId('cluster-mlops-sim')).toContainText('connected', { timeout: 60_000 });
  const tile = page.getByTestId(`entity-component:default/${NAME}`);
  await expect(page.getByTestId('entity-component:default/strimzi-operator')).toBeVisible();
  await expect(tile).toHaveCount(0);
  let reloads = 0;
  page.on('load', () => reloads++);

  // 3. Merged, with the command a user runs. It merges change branches only, and says why not otherwise.
  const merge = (branch: string) =>
    spawnSync('bash', ['scripts/portal', 'merge', branch], { encoding: 'utf8', env: { ...process.env, PORTAL_DATA_DIR: DATA_DIR } });
  for (const [branch, why] of [
    ['../main', /branch: '\.\.\/main' is not a change branch/],
    ['mlops/helmrelease-add/no-such-change', /branch: 'mlops\/helmrelease-add\/no-such-change' does not exist/],
  ] as const) {
    const refused = merge(branch);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(why);
  }
  const accepted = merge(BRANCH);
  expect(accepted.status, accepted.stderr).toBe(0);
  const out = accepted.stdout;
  expect(out).toContain(`merged ${BRANCH} into main`);
  const merged = git(repo, 'rev-parse', 'refs/heads/main');
  const mergedAt = Date.now();

  // 4. Applied by the simulated Flux (the merge commit is the source's revision),
  //    read by the catalog, and Ready on the page with no reload.
  await expect.poll(sourceRevision, { timeout: 30_000 }).toBe(`main@sha1:${merged}`);
  await expect(tile.locator('[data-status]')).toHaveText('Ready', { timeout: 150_000 });
  const readyAfter = Math.round((Date.now() - mergedAt) / 1000);
  expect(reloads, 'the platform page was not reloaded').toBe(0);
  await tile.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOTS}/local-merge-platform.png`, fullPage: true });
  // eslint-disable-next-line no-console
  console.log(`[local loop] ${NAME} Ready on the platform page ${readyAfter} s after the merge (${merged})`);
  const release = await simGet(`/apis/helm.toolkit.fluxcd.io/v2/namespaces/platform-operators/helmreleases/${NAME}`);
  expect(release.status.history[0]).toMatchObject({ chartName: 'redis-operator', chartVersion: '0.22.0', status: 'deployed' });

  // 5. The merge reverted, as a reviewer would: pruned from the cluster and gone from the page, still no reload.
  const work = mkdtempSync(join(tmpdir(), 'e2e-local-revert-'));
  try {
    git(tmpdir(), 'clone', '--quiet', '--branch', 'main', repo, work);
    git(work, 'revert', '--no-edit', '-m', '1', merged);
    git(work, 'push', '--quiet', 'origin', 'main');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  await expect
    .poll(() => simGet(`/apis/helm.toolkit.fluxcd.io/v2/namespaces/platform-operators/helmreleases/${NAME}`).then(() => 'present', () => 'pruned'), { timeout: 30_000 })
    .toBe('pruned');
  await expect(tile).toHaveCount(0, { timeout: 150_000 });
  expect(reloads, 'the platform page was not reloaded').toBe(0);
});
