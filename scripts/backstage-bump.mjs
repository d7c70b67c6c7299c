#!/usr/bin/env node
// Moves every @backstage/* dependency in the workspace to its newest version that
// is older than the npmMinimalAgeGate (3 days), all at once. `backstage-cli
// versions:bump` needs Backstage's release manifest service, which these
// machines cannot reach, so this reads the npm registry instead.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const AGE_GATE_MS = 3 * 24 * 3600 * 1000;
const root = new URL('..', import.meta.url).pathname;
const manifests = ['package.json'];
for (const dir of ['packages', 'plugins']) {
  if (!existsSync(join(root, dir))) continue;
  for (const name of readdirSync(join(root, dir))) {
    const p = join(dir, name, 'package.json');
    if (existsSync(join(root, p))) manifests.push(p);
  }
}

const cache = new Map();
function newestAged(pkg) {
  if (cache.has(pkg)) return cache.get(pkg);
  const out = execFileSync('npm', ['view', pkg, 'time', '--json'], {
    encoding: 'utf8',
  });
  const times = JSON.parse(out);
  const cutoff = Date.now() - AGE_GATE_MS;
  let best;
  for (const [version, when] of Object.entries(times)) {
    if (!/^\d+\.\d+\.\d+$/.test(version)) continue;
    if (Date.parse(when) > cutoff) continue;
    if (!best || compare(version, best) > 0) best = version;
  }
  cache.set(pkg, best);
  return best;
}
function compare(a, b) {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

for (const file of manifests) {
  const json = JSON.parse(readFileSync(join(root, file), 'utf8'));
  let changed = false;
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
    for (const [name, range] of Object.entries(json[field] ?? {})) {
      if (!name.startsWith('@backstage/') || range.startsWith('workspace:')) continue;
      const v = newestAged(name);
      if (!v) throw new Error(`no aged version of ${name}`);
      const next = field === 'peerDependencies' ? range : `^${v}`;
      if (next !== range) {
        json[field][name] = next;
        changed = true;
        console.log(`${file}: ${name} ${range} -> ${next}`);
      }
    }
  }
  if (changed) writeFileSync(join(root, file), `${JSON.stringify(json, null, 2)}\n`);
}
