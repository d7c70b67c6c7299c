/** What a benchmark ran on and which code it measured. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

export function machine() {
  const load = loadavg();
  return {
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cores: cpus().length,
    ramGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    load: load.map(l => l.toFixed(2)).join(' / '),
    load1: load[0],
  };
}

/** The commit measured, and whether code differs from it (uncommitted changes in packages/ and plugins/). */
export function codeVersion(root) {
  const git = (...a) => execFileSync('git', a, { cwd: root, encoding: 'utf8' }).trim();
  const sha = git('rev-parse', '--short', 'HEAD');
  const dirty = git('status', '--porcelain', '--', 'packages', 'plugins').split('\n').filter(Boolean).length;
  return dirty ? `${sha} plus uncommitted changes in ${dirty} file(s) of packages/ and plugins/` : sha;
}

/** Resident memory of a process, in bytes (0 when it cannot be read). */
export function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}
