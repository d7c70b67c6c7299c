import { screen } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { discoveryApiRef, githubAuthApiRef } from '@backstage/core-plugin-api';
import { PortalSignInPage } from './PortalSignInPage';

const github = {
  getBackstageIdentity: jest.fn(async () => undefined),
  getProfile: jest.fn(async () => undefined),
  getAccessToken: jest.fn(),
  getCredentials: jest.fn(),
  signIn: jest.fn(),
  signOut: jest.fn(),
  sessionState$: jest.fn(),
};

async function renderPage(environment: string) {
  await renderInTestApp(<PortalSignInPage onSignInSuccess={jest.fn()} />, {
    config: {
      app: { title: 'MLOps Portal' },
      auth: {
        environment,
        providers: { localUsers: { users: ['user:default/sam'] } },
      },
    },
    apis: [
      [discoveryApiRef, mockApis.discovery({ baseUrl: 'http://backend.test' })],
      [githubAuthApiRef, github as any],
    ],
  });
}

describe('PortalSignInPage', () => {
  it('offers GitHub sign-in, and neither guest nor local users, in production', async () => {
    await renderPage('production');

    expect(await screen.findByText('GitHub')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign In' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Enter' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Sign in as / })).toBeNull();
  });

  it('offers the guest and the local users in development', async () => {
    await renderPage('development');

    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign in as sam' })).toBeInTheDocument();
    expect(screen.queryByText('GitHub')).toBeNull();
  });
});
