import type { Config } from '@backstage/config';

/** Database clients the portal is built and tested with. */
const DATABASE_CLIENTS = ['better-sqlite3', 'pg'];

/**
 * Checks the settings that would otherwise fail deep inside a plugin with a
 * message that does not say which key is wrong. Throws naming the key.
 */
export function validatePortalConfig(config: Config): void {
  const problems: string[] = [];
  const checkClient = (key: string) => {
    let client: string | undefined;
    try {
      client = config.getOptionalString(key);
    } catch (e) {
      problems.push(`${key}: ${(e as Error).message}`);
      return;
    }
    if (client !== undefined && !DATABASE_CLIENTS.includes(client)) {
      problems.push(
        `${key} must be one of ${DATABASE_CLIENTS.map(c => `'${c}'`).join(
          ', ',
        )}, got '${client}'`,
      );
    }
  };
  if (!config.has('backend.database.client')) {
    problems.push('backend.database.client is required');
  } else {
    checkClient('backend.database.client');
  }
  const plugins = config.getOptionalConfig('backend.database.plugin');
  for (const pluginId of plugins?.keys() ?? []) {
    checkClient(`backend.database.plugin.${pluginId}.client`);
  }
  try {
    const port = config.getOptional('backend.listen.port');
    if (port !== undefined && !/^\d+$/.test(String(port))) {
      problems.push(`backend.listen.port must be a port number, got '${port}'`);
    }
  } catch (e) {
    problems.push(`backend.listen.port: ${(e as Error).message}`);
  }
  if (problems.length) {
    throw new Error(`Invalid app-config: ${problems.join('; ')}`);
  }
}
