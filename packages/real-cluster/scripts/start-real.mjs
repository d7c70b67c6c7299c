#!/usr/bin/env node
// `scripts/portal start --real`: brings the real-cluster tier up (cluster.sh
// up: builds what is missing, starts the control plane, Flux and the stand-in
// parts, all reconciling the same local GitOps repository the portal's
// templates push to), then starts the portal on it instead of kube-sim.
// Ctrl-C stops the portal; the tier keeps running until
// `scripts/portal cluster down`.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(pkg, '../..');
const dataDir = resolve(root, process.env.PORTAL_DATA_DIR ?? '.data');
const env = { ...process.env, PORTAL_DATA_DIR: dataDir };

const up = spawnSync(resolve(pkg, 'scripts/cluster.sh'), ['up'], { cwd: root, env, stdio: 'inherit' });
if (up.status !== 0) {
  console.error('[portal] the real-cluster tier did not start; see the output above (scripts/portal cluster status)');
  process.exit(1);
}
const state = resolve(dataDir, 'real-cluster');
for (const line of readFileSync(resolve(state, 'env.sh'), 'utf8').split('\n')) {
  const m = /^export (\w+)='(.*)'$/.exec(line);
  if (m) env[m[1]] = m[2];
}
env.REAL_CLUSTER_PORTAL_TOKEN = readFileSync(resolve(state, 'portal.token'), 'utf8').trim();
env.REAL_CLUSTER_CA_DATA = readFileSync(resolve(state, 'pki/ca.crt')).toString('base64');
console.log(`\x1b[1m[portal]\x1b[0m starting the portal on the real-cluster tier (${env.REAL_CLUSTER_URL}); stop the tier with scripts/portal cluster down`);
// Absolute paths: `backstage-cli repo start` runs the app and the backend in
// their own package folders, where relative config paths do not resolve.
const configs = ['app-config.yaml', 'packages/real-cluster/app-config.real-cluster.yaml'].flatMap(c => ['--config', resolve(root, c)]);
const child = spawn('yarn', ['start', ...configs], {
  cwd: root,
  env,
  stdio: 'inherit',
});
const stop = () => child.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', code => process.exit(code ?? 0));
