import { ConfigReader } from '@backstage/config';
import { validatePortalConfig } from './validatePortalConfig';

const valid = {
  backend: { listen: { port: 7007 }, database: { client: 'better-sqlite3' } },
};

describe('validatePortalConfig', () => {
  it('accepts the local defaults and PostgreSQL', () => {
    expect(() => validatePortalConfig(new ConfigReader(valid))).not.toThrow();
    expect(() =>
      validatePortalConfig(
        new ConfigReader({ backend: { database: { client: 'pg' } } }),
      ),
    ).not.toThrow();
  });

  it('names backend.database.client when the client is wrong', () => {
    expect(() =>
      validatePortalConfig(
        new ConfigReader({ backend: { database: { client: 'postgresql' } } }),
      ),
    ).toThrow(
      "Invalid app-config: backend.database.client must be one of 'better-sqlite3', 'pg', got 'postgresql'",
    );
  });

  it('names a plugin-specific client override', () => {
    expect(() =>
      validatePortalConfig(
        new ConfigReader({
          backend: {
            database: { client: 'pg', plugin: { catalog: { client: 'mysql' } } },
          },
        }),
      ),
    ).toThrow('backend.database.plugin.catalog.client must be one of');
  });

  it('requires a database client and a numeric port', () => {
    expect(() =>
      validatePortalConfig(
        new ConfigReader({ backend: { listen: { port: 'seven' } } }),
      ),
    ).toThrow(
      "Invalid app-config: backend.database.client is required; backend.listen.port must be a port number, got 'seven'",
    );
  });
});
