import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';

/*
 * The settings the security of a deployed portal rests on, read from the
 * config files as the backend merges them (later files win; arrays are
 * replaced, not merged), so a change to either file cannot drop one quietly.
 */

const REPO = path.resolve(__dirname, '../../../..');
const load = (file: string) => ({
  data: yaml.parse(fs.readFileSync(path.join(REPO, file), 'utf8')),
  context: file,
});
const IDENTITY_KINDS = ['Group', 'User', 'Template', 'Domain'];

describe.each([
  ['local', ['app-config.yaml']],
  ['production', ['app-config.yaml', 'app-config.production.yaml']],
])('%s config', (_name, files) => {
  const config = ConfigReader.fromConfigs(files.map(load));
  const allowed = (rules: ConfigReader[]) =>
    rules.flatMap(r => r.getStringArray('allow').map(k => k.toLocaleLowerCase('en-US')));

  it('lets registered locations bring no identity, template or domain kinds', () => {
    const global = config.getConfigArray('catalog.rules').filter(r => !r.has('locations'));
    for (const kind of IDENTITY_KINDS) {
      expect(allowed(global)).not.toContain(kind.toLocaleLowerCase('en-US'));
    }
    expect(allowed(global)).toEqual(expect.arrayContaining(['component', 'api', 'resource', 'system', 'location']));
  });

  it('lets every admin-configured location bring them', () => {
    const locations = config.getConfigArray('catalog.locations');
    expect(locations.length).toBeGreaterThan(0);
    for (const l of locations) {
      const kinds = allowed(l.getOptionalConfigArray('rules') ?? []);
      for (const kind of IDENTITY_KINDS) expect(kinds).toContain(kind.toLocaleLowerCase('en-US'));
    }
  });

  it('reads no URLs outside the configured integrations', () => {
    expect(config.getOptional('backend.reading.allow')).toBeUndefined();
  });

  it('lists the stock Kubernetes tab kinds without secrets or configmaps', () => {
    const kinds = config.getStringArray('kubernetes.objectTypes');
    expect(kinds).not.toContain('secrets');
    expect(kinds).not.toContain('configmaps');
  });
});

describe('production config', () => {
  const config = ConfigReader.fromConfigs(['app-config.yaml', 'app-config.production.yaml'].map(load));
  it('turns the development sign-ins off', () => {
    expect(config.getString('auth.environment')).toBe('production');
    expect(config.getOptional('auth.providers.guest')).toBeUndefined();
  });
  it('takes secrets from the environment only', () => {
    for (const key of ['backend.auth.keys', 'backend.database.connection.password', 'integrations.github', 'auth.providers.github.production.clientSecret']) {
      expect(JSON.stringify(config.get(key))).toMatch(/\$\{[A-Z_]+\}/);
    }
  });
});
