import { fireEvent, screen, waitFor } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { discoveryApiRef } from '@backstage/core-plugin-api';
import { LocalSignInPage } from './LocalSignInPage';
import { SIGN_IN_CHOICE_KEY } from './signInChoice';

const users = [
  'user:default/alex',
  'user:default/dana',
  'user:default/sam',
  'user:default/morgan',
];

function config(environment = 'development') {
  return {
    app: { title: 'MLOps Portal' },
    auth: { environment, providers: { localUsers: { users } } },
  };
}

/** A token whose payload the identity reads its expiry from, as Backstage's are. */
function fakeToken(sub: string) {
  const payload = Buffer.from(
    JSON.stringify({ sub, exp: Math.floor(Date.now() / 1000) + 3600 }),
  ).toString('base64url');
  return `e30.${payload}.sig`;
}

/** The auth backend's /refresh answers, shaped like the real ones. */
function authBackend(refuse?: {
  status: number;
  name: string;
  message: string;
}) {
  return jest.fn(async (url: string, init: RequestInit) => {
    const headers = new Headers(init.headers);
    const user =
      headers.get('x-local-user') ??
      (url.includes('/guest/') ? 'user:default/alex' : '');
    if (refuse) {
      return new Response(
        JSON.stringify({
          error: { name: refuse.name, message: refuse.message },
          request: { method: 'GET', url },
          response: { statusCode: refuse.status },
        }),
        {
          status: refuse.status,
          headers: { 'content-type': 'application/json' },
        },
      );
    }
    return new Response(
      JSON.stringify({
        profile: { displayName: user },
        providerInfo: {},
        backstageIdentity: {
          token: fakeToken(user),
          identity: {
            type: 'user',
            userEntityRef: user,
            ownershipEntityRefs: [user],
          },
        },
      }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    );
  });
}

const discovery = mockApis.discovery({ baseUrl: 'http://backend.test' });

async function renderPage(onSignInSuccess = jest.fn(), environment?: string) {
  await renderInTestApp(<LocalSignInPage onSignInSuccess={onSignInSuccess} />, {
    config: config(environment),
    apis: [[discoveryApiRef, discovery]],
  });
  return onSignInSuccess;
}

describe('LocalSignInPage', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
    localStorage.clear();
  });

  it('signs in as the picked local user, sending it to the localUsers provider, and keeps the choice', async () => {
    const fetch = authBackend();
    global.fetch = fetch as any;
    const onSignInSuccess = await renderPage();

    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in as sam' }));

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://backend.test/api/auth/localUsers/refresh');
    expect(new Headers(init.headers).get('x-local-user')).toBe(
      'user:default/sam',
    );
    const identity = onSignInSuccess.mock.calls[0][0];
    expect((await identity.getBackstageIdentity()).userEntityRef).toBe(
      'user:default/sam',
    );
    expect(JSON.parse(localStorage.getItem(SIGN_IN_CHOICE_KEY)!)).toEqual({
      provider: 'localUsers',
      user: 'user:default/sam',
    });

    // Signing out forgets the choice, so the page offers every option again.
    await identity.signOut();
    expect(localStorage.getItem(SIGN_IN_CHOICE_KEY)).toBeNull();
  });

  it('signs in again as the stored user after a reload, without a click', async () => {
    localStorage.setItem(
      SIGN_IN_CHOICE_KEY,
      JSON.stringify({ provider: 'localUsers', user: 'user:default/dana' }),
    );
    const fetch = authBackend();
    global.fetch = fetch as any;
    const onSignInSuccess = await renderPage();

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    expect(
      new Headers(fetch.mock.calls[0][1].headers).get('x-local-user'),
    ).toBe('user:default/dana');
  });

  it('keeps the guest option: Enter signs in with the guest provider, without a user header', async () => {
    const fetch = authBackend();
    global.fetch = fetch as any;
    const onSignInSuccess = await renderPage();

    fireEvent.click(screen.getByRole('button', { name: 'Enter' }));

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://backend.test/api/auth/guest/refresh');
    expect(new Headers(init.headers).has('x-local-user')).toBe(false);
  });

  it('shows the backend refusal, forgets the choice and lets you choose again', async () => {
    global.fetch = authBackend({
      status: 400,
      name: 'InputError',
      message:
        "x-local-user header: 'user:default/sam' is not one of the local users",
    }) as any;
    const onSignInSuccess = await renderPage();

    fireEvent.click(screen.getByRole('button', { name: 'Sign in as sam' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      "x-local-user header: 'user:default/sam' is not one of the local users",
    );
    expect(onSignInSuccess).not.toHaveBeenCalled();
    await waitFor(() =>
      expect(localStorage.getItem(SIGN_IN_CHOICE_KEY)).toBeNull(),
    );

    global.fetch = authBackend() as any;
    fireEvent.click(screen.getByRole('button', { name: 'Sign in as alex' }));
    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
  });

  it('ignores a stored user that is no longer configured', async () => {
    localStorage.setItem(
      SIGN_IN_CHOICE_KEY,
      JSON.stringify({ provider: 'localUsers', user: 'user:default/eve' }),
    );
    const fetch = authBackend();
    global.fetch = fetch as any;
    await renderPage();

    expect(
      screen.getByRole('button', { name: 'Sign in as alex' }),
    ).toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();
    expect(localStorage.getItem(SIGN_IN_CHOICE_KEY)).toBeNull();
  });

  it('offers no local users where auth.environment is production', async () => {
    global.fetch = authBackend() as any;
    await renderPage(jest.fn(), 'production');

    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
    expect(screen.queryByText('Sign in as a local user')).toBeNull();
    expect(screen.queryByRole('button', { name: /^Sign in as / })).toBeNull();
  });
});
