#!/usr/bin/env node
// `scripts/portal start --real`: brings the real-cluster tier up (cluster.sh
// up: builds what is missing, starts the control plane, Flux and the stand-in
// parts, all reconciling the same local GitOps repository the portal's
// templates push to), then starts the portal on it instead of kube-sim.
// Ctrl-C stops the portal; the tier keeps running until
// `scripts/portal cluster down`.
//
//   start-real.mjs               development: `yarn start` (frontend dev server + backend)
//   start-real.mjs --app-build   as users get it: the production build of packages/app
//                                served by the backend (PORTAL_BACKEND_PORT, default 7007;
//                                built first when there is none), no file watcher. The
//                                real tier's end-to-end test (e2e/) runs against this.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// The root scripts' helper that serves the app build (scripts/start-local.mjs uses it too); no package exports it.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { appBuildInfo, APP_BUILD_PACKAGE, backendCommand, buildApp, copyAppBuild } from '../../../scripts/ci/lib/backend.mjs';

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
const configFiles = ['app-config.yaml', 'packages/real-cluster/app-config.real-cluster.yaml'].map(c => resolve(root, c));
let child;
if (process.argv.includes('--app-build')) {
  if (!appBuildInfo()) buildApp({ log: m => console.log(`\x1b[1m[portal]\x1b[0m ${m}`) });
  mkdirSync(resolve(dataDir, 'sqlite'), { recursive: true });
  const port = process.env.PORTAL_BACKEND_PORT ?? '7007';
  const backend = backendCommand({
    configs: configFiles,
    env: {
      ...env,
      // The app is served by the backend: one origin for both.
      PORTAL_APP_PORT: port,
      NODE_PATH: copyAppBuild(resolve(dataDir, 'app-build')),
      APP_CONFIG_app_packageName: APP_BUILD_PACKAGE,
    },
  });
  console.log(`\x1b[1m[portal]\x1b[0m the backend serves the app build on http://localhost:${port}`);
  child = spawn(backend.command, backend.args, { cwd: backend.cwd, env: backend.env, stdio: 'inherit' });
} else {
  child = spawn('yarn', ['start', ...configFiles.flatMap(c => ['--config', c])], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
}
const stop = () => child.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', code => process.exit(code ?? 0));
