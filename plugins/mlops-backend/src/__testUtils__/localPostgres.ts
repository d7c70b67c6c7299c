import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A throw-away PostgreSQL server for tests, from the binaries on this
 * machine (shared/design/environment.md): `initdb` and `pg_ctl` run as the
 * `postgres` user (PostgreSQL refuses root) in a temp folder it owns, on a
 * free port of 127.0.0.1. Returns undefined, with the reason, where that is
 * not possible (no binaries, not root and not postgres), so the caller can
 * skip loudly.
 */
export function startLocalPostgres(): { connectionString: string; stop(): void } | { skipped: string } {
  const which = (bin: string) => {
    try {
      return execFileSync('which', [bin], { encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  if (!which('initdb') || !which('pg_ctl')) return { skipped: 'initdb/pg_ctl are not on PATH' };
  const asRoot = process.getuid?.() === 0;
  if (asRoot && !which('runuser')) return { skipped: 'running as root without runuser' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-pg-'));
  const run = (bin: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : bin, asRoot ? ['-u', 'postgres', '--', bin, ...args] : args, { stdio: 'pipe' });
  try {
    if (asRoot) execFileSync('chown', ['postgres', dir]);
    // A free port: bind 0, read it, release it.
    const port = execFileSync(process.execPath, [
      '-e',
      "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
    ], { encoding: 'utf8' }).trim();
    run('initdb', ['-D', `${dir}/data`, '-A', 'trust', '-U', 'postgres']);
    run('pg_ctl', ['-D', `${dir}/data`, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, '-l', `${dir}/log`, '-w', 'start']);
    return {
      connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres`,
      stop: () => {
        try {
          run('pg_ctl', ['-D', `${dir}/data`, '-m', 'fast', '-w', 'stop']);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    return { skipped: `could not start PostgreSQL: ${(e as Error).message}` };
  }
}
