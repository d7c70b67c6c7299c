// A throw-away PostgreSQL 15 for a test: PostgreSQL refuses to run as root,
// so it runs as the `postgres` user in a temp dir it owns, on a free port,
// listening on 127.0.0.1 only (../shared/design/environment.md).
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

function asPostgres(args) {
  return execFileSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Starts PostgreSQL; `stop()` stops it and removes its files. */
export async function startPostgres() {
  const dir = mkdtempSync(join(tmpdir(), 'portal-pg-'));
  chmodSync(dir, 0o755);
  execFileSync('chown', ['postgres:postgres', dir]);
  const port = await freePort();
  asPostgres(['initdb', '-D', `${dir}/data`, '-A', 'trust', '-U', 'postgres']);
  asPostgres(['pg_ctl', '-D', `${dir}/data`, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, '-l', `${dir}/log`, '-w', 'start']);
  return {
    port,
    version: asPostgres(['postgres', '--version']).trim(),
    /** Runs one SQL statement with psql; returns its unaligned output. */
    psql: (sql, database = 'postgres') =>
      asPostgres(['psql', '-h', dir, '-p', String(port), '-U', 'postgres', '-d', database, '-Atc', sql]).trim(),
    /** `backend.database` for app-config. */
    backendDatabase: { client: 'pg', connection: { host: '127.0.0.1', port, user: 'postgres', password: '' } },
    stop: () => {
      try {
        asPostgres(['pg_ctl', '-D', `${dir}/data`, '-m', 'fast', 'stop']);
      } catch {
        /* not running */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
