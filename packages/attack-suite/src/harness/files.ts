import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A digest of every file (path and content) under `dir`: equal digests, equal trees. */
export function treeDigest(dir: string): string {
  const hash = crypto.createHash('sha256');
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = fs.lstatSync(p);
      hash.update(`${path.relative(dir, p)}\0${st.mode}\0`);
      if (st.isDirectory()) walk(p);
      else if (st.isSymbolicLink()) hash.update(fs.readlinkSync(p));
      else hash.update(fs.readFileSync(p));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

/** The refs of a repository (`ref → sha`); empty when it does not exist. Read with git, no config of its own. */
export function listRefs(gitDir: string): Record<string, string> {
  if (!fs.existsSync(gitDir)) return {};
  const out = execFileSync('git', ['--git-dir', gitDir, 'for-each-ref', '--format=%(refname) %(objectname)'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: '/nonexistent' },
  });
  return Object.fromEntries(
    out
      .split('\n')
      .filter(Boolean)
      .map(l => l.split(' ') as [string, string]),
  );
}
