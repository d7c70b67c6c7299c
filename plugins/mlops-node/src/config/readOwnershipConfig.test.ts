import { ConfigReader } from '@backstage/config';
import { isTrustedOrigin, readOwnershipConfig } from './readOwnershipConfig';

describe('readOwnershipConfig', () => {
  it('trusts the admin-configured catalog locations, resolved as the catalog resolves them, and the configured extras', () => {
    const config = readOwnershipConfig(
      new ConfigReader({
        catalog: {
          locations: [
            { type: 'file', target: '../../catalog-info.yaml' },
            { type: 'url', target: 'https://github.com/acme/portal/blob/main/catalog-info.yaml' },
          ],
        },
        mlops: {
          ownership: {
            trustedLocations: ['url:https://github.com/acme/teams/blob/main/all.yaml', 'file:./extra.yaml'],
          },
        },
      }),
      '/srv/portal/packages/backend',
    );
    expect(config.trustedLocations).toEqual([
      'file:/srv/portal/catalog-info.yaml',
      'url:https://github.com/acme/portal/blob/main/catalog-info.yaml',
      'url:https://github.com/acme/teams/blob/main/all.yaml',
      'file:/srv/portal/packages/backend/extra.yaml',
    ]);
  });

  it('trusts nothing extra by default', () => {
    expect(readOwnershipConfig(new ConfigReader({})).trustedLocations).toEqual([]);
  });

  it.each([
    [{ mlops: { ownership: { trustedLocations: ['no-colon'] } } }, "mlops.ownership.trustedLocations[0]: 'no-colon' is not a location ref"],
    [{ mlops: { ownership: { trustedLocations: ['url:'] } } }, "mlops.ownership.trustedLocations[0]: 'url:' is not a location ref"],
    [{ mlops: { ownership: { trustedLocations: 'url:x' } } }, 'Invalid config at mlops.ownership.trustedLocations'],
    [{ catalog: { locations: [{ type: 'url' }] } }, 'Invalid config at catalog.locations[0]'],
  ])('stops start-up on %j naming the key', (data, message) => {
    expect(() => readOwnershipConfig(new ConfigReader(data))).toThrow(message);
  });
});

describe('isTrustedOrigin', () => {
  const config = { trustedLocations: ['url:https://github.com/acme/portal/blob/main/catalog-info.yaml'] };
  it.each([
    ['mlops-provider:production', true],
    ['mlops-ml-project:/srv/data/ml-projects/fraud/catalog-info.yaml', true],
    ['url:https://github.com/acme/portal/blob/main/catalog-info.yaml', true],
    // A user's registration, even next to the trusted file.
    ['url:https://github.com/acme/portal/blob/main/other.yaml', false],
    ['url:https://github.com/acme/portal/blob/main/catalog-info.yaml?x=1', false],
    ['url:https://github.com/mallory/fork/blob/main/catalog-info.yaml', false],
    [undefined, false],
    ['', false],
  ])('%s → %s', (origin, expected) => {
    expect(isTrustedOrigin(origin, config)).toBe(expected);
  });
});
