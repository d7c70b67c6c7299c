import { expect, type Page, type Response } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** The local users of catalog-info.yaml offered by "Sign in as a local user". */
export type LocalUser = 'alex' | 'dana' | 'sam' | 'morgan';

/** What the auth backend answered the page's last successful sign-in with. */
export interface SignedIn {
  userEntityRef: string;
  /** The Backstage token the page sends to backend plugins. */
  token: string;
}

/** The backend of the portal under test (Playwright config ports). */
export const backendUrl = `http://localhost:${process.env.PORTAL_BACKEND_PORT ?? '7007'}`;

/**
 * Signs in and opens `path`: with the guest provider of the local defaults
 * (user:default/alex, platform-team) when `as` is not given, otherwise as that
 * local user through "Sign in as a local user" (its own groups and
 * permissions). Waits for conditions only: the sign-in choice (or, with a
 * choice kept from before, the signed-in sidebar), then the sidebar. The
 * portal is ready before the first test (globalSetup), so nothing here waits
 * out a start-up. Returns the identity the page received.
 */
export async function signIn(page: Page, path = '/', as?: LocalUser): Promise<SignedIn> {
  const platformLink = page.getByTestId('sidebar-root').getByRole('link', { name: 'Platform', exact: true });
  let signedIn: SignedIn | undefined;
  const onResponse = async (response: Response) => {
    if (!/\/api\/auth\/(guest|localUsers)\/refresh/.test(response.url()) || !response.ok()) return;
    const body = await response.json().catch(() => undefined);
    if (body?.backstageIdentity) {
      signedIn = {
        userEntityRef: body.backstageIdentity.identity.userEntityRef,
        token: body.backstageIdentity.token,
      };
    }
  };
  page.on('response', onResponse);
  try {
    await page.goto(path);
    const choice = as
      ? page.getByRole('button', { name: `Sign in as ${as}`, exact: true })
      : page.getByRole('button', { name: 'Enter' });
    // The sidebar's own <nav> reports as hidden to Playwright (zero-size
    // wrapper), so wait for our own entry in it instead.
    await expect(choice.or(platformLink).first()).toBeVisible({ timeout: 60_000 });
    if (await choice.isVisible()) await choice.click();
    await expect(platformLink).toBeVisible({ timeout: 60_000 });
    // The guest's user is the backend's choice (PORTAL_GUEST_USER); a local user is ours.
    if (as) await expect.poll(() => signedIn?.userEntityRef).toBe(`user:default/${as}`);
    else await expect.poll(() => signedIn?.userEntityRef).toBeTruthy();
    return signedIn!;
  } finally {
    page.off('response', onResponse);
  }
}

/** Fails on serious or critical axe violations of the given region, listing them. */
export async function expectNoSeriousA11yViolations(page: Page, include?: string) {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (include) builder = builder.include(include);
  const results = await builder.analyze();
  const serious = results.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
  expect(serious, serious.join('\n')).toEqual([]);
}
