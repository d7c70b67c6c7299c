import { expect, type Page, type Response } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/*
 * What the real-tier end-to-end tests share: where the tier the webServer
 * started keeps its state (playwright.real.config.ts), kubectl and git
 * against it, and the portal's sign-in.
 */

export const ROOT = resolve(__dirname, '../../..');
export const DATA = resolve(ROOT, process.env.PORTAL_E2E_REAL_DATA_DIR ?? '.data/e2e-real');
export const STATE = resolve(DATA, 'real-cluster');
export const SCREENSHOTS = resolve(ROOT, 'docs/screenshots');
/** The GitOps repository the tier's Git server serves to source-controller (and the templates push to). */
export const GITOPS_REMOTE = resolve(DATA, 'gitops-remote.git');
/** The portal's one cluster on this tier (app-config.real-cluster.yaml). */
export const CLUSTER = 'mlops-real';

/** kubectl as system:masters on the tier. */
export function kubectl(...args: string[]): string {
  return execFileSync('kubectl', ['--kubeconfig', join(STATE, 'admin.kubeconfig'), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** kubectl apply of one manifest given as text. */
export function kubectlApply(manifest: string): string {
  return execFileSync('kubectl', ['--kubeconfig', join(STATE, 'admin.kubeconfig'), 'apply', '-f', '-'], {
    encoding: 'utf8',
    input: manifest,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export function getObject(kind: string, namespace: string, name: string): any {
  return JSON.parse(kubectl('get', kind, name, '-n', namespace, '-o', 'json'));
}

/** The object, or undefined while it does not exist (yet): for polls. */
export function findObject(kind: string, namespace: string, name: string): any {
  const out = kubectl('get', kind, name, '-n', namespace, '-o', 'json', '--ignore-not-found');
  return out.trim() ? JSON.parse(out) : undefined;
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function conditionOf(o: any, type: string) {
  return (o?.status?.conditions ?? []).find((c: any) => c.type === type);
}

/** The run's helm-controller: without it no HelmRelease moves, so its absence fails a test (never skips it). */
export function expectHelmController() {
  expect(
    existsSync(join(STATE, 'pids', 'helm-controller.pid')),
    'the tier runs no helm-controller (PORTAL_REAL_CLUSTER_HELM_CONTROLLER points at no binary?), so no HelmRelease is installed or upgraded',
  ).toBe(true);
}

/** Waits until a HelmRelease is Ready (installed or upgraded by helm-controller) and returns it. */
export async function waitForReadyHelmRelease(namespace: string, name: string, timeout = 600_000): Promise<any> {
  let last: any;
  await expect
    .poll(
      () => {
        // A fresh tier may not have applied it yet: Flux creates it layer by layer.
        last = findObject('helmrelease', namespace, name);
        if (!last) return 'not created yet';
        const ready = conditionOf(last, 'Ready');
        return ready?.status === 'True' && ready.observedGeneration === last.metadata.generation ? 'Ready' : `${ready?.status} ${ready?.reason}: ${ready?.message}`;
      },
      { timeout, intervals: [2_000] },
    )
    .toBe('Ready');
  return last;
}

// The HelmRelease the trace and notification tests break for real, and how:
// the stand-in chart's `standin.failUpgrade` makes helm-controller's upgrade
// fail to render (charts/_lib/_standin.tpl). Written with its own field
// manager, so kustomize-controller's server-side apply of the layer (which
// takes over fields kubectl wrote) leaves it alone.
export const BREAKABLE = { namespace: 'observability', name: 'kube-prometheus-stack' };
const FIELD_MANAGER = 'mlops-real-e2e';

/**
 * Breaks (on) or fixes (off) the upgrade of {@link BREAKABLE}. The fix also
 * asks for a forced reconcile: helm-controller v1.4.0 leaves a release whose
 * spec went back to what is deployed after a failed upgrade Ready False
 * (UpgradeFailed) for good ("release in-sync", Released stays False;
 * docs/real-cluster.md), as `flux reconcile hr --force` would be needed there.
 */
export function setFailUpgrade(on: boolean) {
  const { namespace, name } = BREAKABLE;
  const now = new Date().toISOString();
  const patch = on
    ? { spec: { values: { standin: { failUpgrade: true } } } }
    : { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': now, 'reconcile.fluxcd.io/forceAt': now } }, spec: { values: { standin: { failUpgrade: null } } } };
  kubectl('patch', 'helmrelease', name, '-n', namespace, '--type', 'merge', '--field-manager', FIELD_MANAGER, '-p', JSON.stringify(patch));
}

/**
 * {@link BREAKABLE} Ready before a test starts: on a fresh tier once Flux has
 * installed it; on a tier kept from an interrupted run, fixed first.
 */
export async function breakableReady(): Promise<any> {
  healBreakable();
  return waitForReadyHelmRelease(BREAKABLE.namespace, BREAKABLE.name);
}

/** Fixes {@link BREAKABLE} if a test left it broken (for afterAll, whatever happened). */
export function healBreakable() {
  const o = findObject('helmrelease', BREAKABLE.namespace, BREAKABLE.name);
  if (o && (o.spec?.values?.standin?.failUpgrade || conditionOf(o, 'Ready')?.reason === 'UpgradeFailed')) setFailUpgrade(false);
}

/**
 * Commits a change to one file on main of the tier's GitOps repository (as
 * a merged pull request would) and asks source-controller to fetch it now
 * rather than at its next interval. Returns the new commit.
 */
export function commitToMain(path: string, edit: (text: string) => string, message: string): string {
  const work = mkdtempSync(join(tmpdir(), 'e2e-real-git-'));
  try {
    git(tmpdir(), 'clone', '--quiet', '--branch', 'main', GITOPS_REMOTE, work);
    const file = join(work, path);
    const before = readFileSync(file, 'utf8');
    const after = edit(before);
    expect(after, `the edit of ${path} changed nothing`).not.toBe(before);
    writeFileSync(file, after);
    git(work, '-c', 'user.name=Platform engineer', '-c', 'user.email=engineer@mlops-portal.invalid', 'commit', '--quiet', '-am', message);
    git(work, 'push', '--quiet', 'origin', 'main');
    const commit = git(work, 'rev-parse', 'HEAD').trim();
    kubectl('annotate', '--overwrite', 'gitrepository', 'mlops-infrastructure', '-n', 'flux-system', `reconcile.fluxcd.io/requestedAt=${new Date().toISOString()}`);
    return commit;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Signs in as the guest (user:default/alex, platform-team) and returns the
 * Backstage token the page received, for the portal's own APIs.
 */
export async function signIn(page: Page, path = '/'): Promise<{ userEntityRef: string; token: string }> {
  const platformLink = page.getByTestId('sidebar-root').getByRole('link', { name: 'Platform', exact: true });
  let signedIn: { userEntityRef: string; token: string } | undefined;
  const onResponse = async (response: Response) => {
    if (!/\/api\/auth\/guest\/refresh/.test(response.url()) || !response.ok()) return;
    const body = await response.json().catch(() => undefined);
    if (body?.backstageIdentity) {
      signedIn = { userEntityRef: body.backstageIdentity.identity.userEntityRef, token: body.backstageIdentity.token };
    }
  };
  page.on('response', onResponse);
  try {
    await page.goto(path);
    const enter = page.getByRole('button', { name: 'Enter' });
    await expect(enter.or(platformLink).first()).toBeVisible({ timeout: 120_000 });
    if (await enter.isVisible()) await enter.click();
    await expect(platformLink).toBeVisible({ timeout: 60_000 });
    await expect.poll(() => signedIn?.token).toBeTruthy();
    return signedIn!;
  } finally {
    page.off('response', onResponse);
  }
}

/** Waits until the catalog has an entity (a fresh portal's providers may still be running). */
export async function waitForEntity(page: Page, kind: string, name: string) {
  await expect(async () => {
    // The entity page asks the catalog for the entity: 200 once it is there, 404 before.
    const [response] = await Promise.all([
      page.waitForResponse(r => r.url().includes(`/api/catalog/entities/by-name/${kind}/default/${name}`), { timeout: 30_000 }),
      page.goto(`/catalog/default/${kind}/${name}`),
    ]);
    expect(response.status()).toBe(200);
  }).toPass({ timeout: 300_000 });
}

/** Counts full page loads from now on: pushed changes must arrive without one. */
export function countReloads(page: Page): () => number {
  let n = 0;
  page.on('framenavigated', f => {
    if (f === page.mainFrame()) n++;
  });
  return () => n;
}
