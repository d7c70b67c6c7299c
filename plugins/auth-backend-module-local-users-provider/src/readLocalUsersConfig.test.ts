import { ConfigReader } from '@backstage/config';
import {
  localUsersDisabledReason,
  readLocalUsersConfig,
  toUserEntityRef,
} from './readLocalUsersConfig';

describe('readLocalUsersConfig', () => {
  it('normalizes short names to user entity references, once each', () => {
    expect(
      readLocalUsersConfig(
        new ConfigReader({
          users: ['alex', 'user:default/sam', 'default/alex'],
        }),
      ),
    ).toEqual({ users: ['user:default/alex', 'user:default/sam'] });
  });

  it.each([
    [{}, 'auth.providers.localUsers.users Required'],
    [
      { users: [] },
      'auth.providers.localUsers.users must list at least one user',
    ],
    [
      { users: ['alex', 'group:default/ml-team'] },
      "auth.providers.localUsers.users[1] 'group:default/ml-team' is not a user entity reference",
    ],
    [{ users: [''] }, 'auth.providers.localUsers.users[0] must not be empty'],
  ])('refuses %j naming the key', (data, message) => {
    expect(() => readLocalUsersConfig(new ConfigReader(data))).toThrow(message);
  });
});

describe('toUserEntityRef', () => {
  it('keeps other namespaces and refuses other kinds', () => {
    expect(toUserEntityRef('user:team-a/kim')).toBe('user:team-a/kim');
    expect(toUserEntityRef('component:default/airflow')).toBeUndefined();
    expect(toUserEntityRef('a:b:c')).toBeUndefined();
  });
});

describe('localUsersDisabledReason', () => {
  it('is off in production by auth.environment or NODE_ENV, on otherwise', () => {
    const prod = new ConfigReader({ auth: { environment: 'production' } });
    const dev = new ConfigReader({ auth: { environment: 'development' } });
    expect(localUsersDisabledReason(prod, 'development')).toMatch(
      /auth.environment is 'production'/,
    );
    expect(localUsersDisabledReason(dev, 'production')).toMatch(
      /NODE_ENV is 'production'/,
    );
    expect(localUsersDisabledReason(dev, 'development')).toBeUndefined();
    expect(
      localUsersDisabledReason(new ConfigReader({}), 'test'),
    ).toBeUndefined();
  });

  it('is off anywhere that is not plainly development', () => {
    const staging = new ConfigReader({ auth: { environment: 'staging' } });
    const dev = new ConfigReader({ auth: { environment: 'development' } });
    expect(localUsersDisabledReason(staging, 'development')).toBe(
      "auth.environment is 'staging', not 'development'",
    );
    expect(localUsersDisabledReason(dev, undefined)).toBe(
      "NODE_ENV is not set, not 'development' or 'test'",
    );
    expect(localUsersDisabledReason(dev, 'prod')).toBe(
      "NODE_ENV is 'prod', not 'development' or 'test'",
    );
  });
});
