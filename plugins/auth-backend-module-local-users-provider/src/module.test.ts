import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { parse } from 'yaml';
import authModuleLocalUsersProvider from '.';

const entities: Entity[] = parse(
  readFileSync(resolve(__dirname, '__fixtures__/catalog-users.yaml'), 'utf8'),
);

/** The users morgan and dana are listed but not in this catalog. */
const localUsers = ['alex', 'user:default/sam', 'morgan'];

async function startAuth(auth: JsonObject) {
  const { server } = await startTestBackend({
    features: [
      authPlugin,
      authModuleLocalUsersProvider,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          auth,
        },
      }),
    ],
  });
  return server;
}

function decodeClaims(token: string) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

describe('authModuleLocalUsersProvider', () => {
  it('signs in as the picked user with the ownership of its catalog groups', async () => {
    const server = await startAuth({
      environment: 'development',
      providers: { localUsers: { users: localUsers } },
    });

    const res = await request(server)
      .get('/api/auth/localUsers/refresh')
      .set('x-local-user', 'user:default/sam');

    expect(res.status).toBe(200);
    expect(res.body.profile).toEqual({
      displayName: 'Sam Scientist',
      email: 'sam@mlops-portal.invalid',
    });
    const { identity, token } = res.body.backstageIdentity;
    expect(identity.userEntityRef).toBe('user:default/sam');
    expect([...identity.ownershipEntityRefs].sort()).toEqual([
      'group:default/ml-team',
      'user:default/sam',
    ]);
    // The token other plugins verify names the same user; its ownership is
    // stored by the auth backend for the userInfo service the policy reads.
    expect(decodeClaims(token).sub).toBe('user:default/sam');

    // Another user, from the same backend: the choice is per request.
    const alex = await request(server)
      .get('/api/auth/localUsers/refresh')
      .set('x-local-user', 'alex');
    expect(alex.status).toBe(200);
    expect(
      [...alex.body.backstageIdentity.identity.ownershipEntityRefs].sort(),
    ).toEqual(['group:default/platform-team', 'user:default/alex']);
  });

  it('refuses a user outside the configured list with a 400 naming the header', async () => {
    const server = await startAuth({
      providers: { localUsers: { users: localUsers } },
    });

    const res = await request(server)
      .get('/api/auth/localUsers/refresh')
      .set('x-local-user', 'user:default/dana');

    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toBe(
      "x-local-user header: 'user:default/dana' is not one of the local users " +
        '(auth.providers.localUsers.users): user:default/alex, user:default/sam, user:default/morgan',
    );
    expect(res.body).not.toHaveProperty('backstageIdentity');
  });

  it('refuses a request without the header with a 400 naming it', async () => {
    const server = await startAuth({
      providers: { localUsers: { users: localUsers } },
    });

    const res = await request(server).get('/api/auth/localUsers/refresh');

    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'x-local-user header is required: the user entity reference to sign in as',
    );
  });

  it('refuses a listed user the catalog does not know, issuing no token', async () => {
    const server = await startAuth({
      providers: { localUsers: { users: localUsers } },
    });

    const res = await request(server)
      .get('/api/auth/localUsers/refresh')
      .set('x-local-user', 'morgan');

    expect(res.status).toBe(404);
    expect(res.body.error.name).toBe('NotFoundError');
    expect(res.body).not.toHaveProperty('backstageIdentity');
  });

  it('is not registered when auth.environment is production', async () => {
    const server = await startAuth({
      environment: 'production',
      providers: { localUsers: { users: localUsers } },
    });

    const res = await request(server)
      .get('/api/auth/localUsers/refresh')
      .set('x-local-user', 'alex');

    expect(res.status).toBe(404);
    expect(res.body).not.toHaveProperty('backstageIdentity');
  });

  it('is not registered when auth.environment is anything but development', async () => {
    const server = await startAuth({
      environment: 'staging',
      providers: { localUsers: { users: localUsers } },
    });
    const res = await request(server)
      .get('/api/auth/localUsers/refresh')
      .set('x-local-user', 'alex');
    expect(res.status).toBe(404);
    expect(res.body).not.toHaveProperty('backstageIdentity');
  });

  it.each([
    ['a header sent twice (joined by the server)', ['alex', 'morgan']],
    ['another kind', 'group:default/platform-admins'],
    ['a listed user with a suffix', 'user:default/alex,user:default/morgan'],
  ])('refuses %s with a 400 naming the header, issuing no token', async (_what, value) => {
    const server = await startAuth({
      providers: { localUsers: { users: localUsers } },
    });
    // An array sends the header once per value.
    const res = await request(server)
      .get('/api/auth/localUsers/refresh')
      .set('x-local-user', value as any);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^x-local-user header/);
    expect(res.body).not.toHaveProperty('backstageIdentity');
  });

  it('stops start-up on an invalid user list, naming the key', async () => {
    await expect(
      startAuth({
        providers: { localUsers: { users: ['component:default/airflow'] } },
      }),
    ).rejects.toThrow(
      "auth.providers.localUsers.users[0] 'component:default/airflow' is not a user entity reference",
    );
  });
});
