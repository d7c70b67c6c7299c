#!/usr/bin/env node
// Starts the portal on its local defaults: the simulated demo cluster
// (packages/kube-sim, following main of the local GitOps repository seeded
// from gitops/, `degraded` scenario),
// then the Backstage frontend (:3000) and backend (:7007). Ctrl-C stops all.
// With --ml (or PORTAL_ML=1), also the real MLflow, Airflow and Kafka of
// scripts/ml-tools with the demo ML project, and app-config.ml.yaml.
// Run through `scripts/portal start`, which installs Node 24 and the
// dependencies first.
//
//   node scripts/start-local.mjs               development: the frontend dev server
//                                              (:3000, rebuilds on change) and the
//                                              backend with its file watcher
//   node scripts/start-local.mjs --app-build   as users get it: the production build of
//                                              packages/app served by the backend (:7007
//                                              only; built first when there is no build),
//                                              the backend without file watcher. The
//                                              end-to-end tests run against this.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { appBuildInfo, APP_BUILD_PACKAGE, backendCommand, buildApp, copyAppBuild, defaultConfigs } from './ci/lib/backend.mjs';
import { ensureLocalGitopsRepo } from './local-gitops.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = resolve(root, process.env.PORTAL_DATA_DIR ?? '.data');
const scenario = process.env.KUBE_SIM_SCENARIO ?? 'degraded';
const simPort = process.env.KUBE_SIM_PORT ?? '6443';
const kubeconfigPath = resolve(dataDir, 'kube-sim.kubeconfig');
// URLs, tokens (admin token for /_sim included) and CA of the simulated
// cluster, for end-to-end tests that change the cluster (git-ignored .data).
const simInfoPath = resolve(dataDir, 'kube-sim.json');
const appBuild = process.argv.includes('--app-build');
const children = [];
const withMl = process.argv.includes('--ml') || process.env.PORTAL_ML === '1';

function log(msg) {
  console.log(`\x1b[1m[portal]\x1b[0m ${msg}`);
}

function run(name, cmd, args, env = {}, cwd = root) {
  // Children stay in this process's group, so whoever stops the portal by
  // its group (a terminal's Ctrl-C, Playwright's webServer shutdown) stops
  // all of it, and no orphan keeps the output pipes open.
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  children.push(child);
  child.on('exit', (code, signal) => {
    log(`${name} exited (${signal ?? code})`);
    shutdown(code ?? 1);
  });
  return child;
}

let stopping = false;
function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const c of children) {
    if (c.exitCode === null) c.kill('SIGTERM');
  }
  // Give the backend time to close its database and the simulator its sockets.
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(
    children.map(c =>
      c.exitCode === null ? new Promise(r => c.once('exit', r)) : undefined,
    ),
  ).then(() => process.exit(code));
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

async function waitForFile(path, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      if (text.includes('server:')) return text;
    }
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`kube-sim did not write ${path} within ${ms / 1000} s`);
}

mkdirSync(resolve(dataDir, 'sqlite'), { recursive: true });

// The local GitOps repository that software templates push change branches
// to (config mlops.gitops.local), seeded from gitops/; the simulated cluster
// follows its main branch and the catalog reads main's checkout, so a merged
// change (scripts/portal merge <branch>) reaches both (scripts/local-gitops.mjs).
const { remote: gitopsRemote, catalogFolder } = ensureLocalGitopsRepo(dataDir, log);
rmSync(kubeconfigPath, { force: true });
rmSync(simInfoPath, { force: true });

// The ML tools first: on two cores they start faster without the frontend build beside them.
let mlEnv = {};
const configArgs = [];
if (withMl) {
  const mlTools = await import('./ml-tools/ml-tools.mjs');
  if (mlTools.seedGitopsRemote(gitopsRemote)) log('added the demo ML project\'s serving component to the local GitOps repository');
  log('starting MLflow, Airflow and Kafka (scripts/ml-tools; logs in ' + resolve(dataDir, 'ml/logs') + ')');
  const started = Date.now();
  const child = spawn(process.execPath, [resolve(root, 'scripts/ml-tools/ml-tools.mjs'), 'start'], {
    cwd: root,
    env: { ...process.env, PORTAL_DATA_DIR: dataDir },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  child.on('exit', (code, signal) => {
    log(`ml-tools exited (${signal ?? code})`);
    shutdown(code ?? 1);
  });
  await new Promise(r => child.once('message', r));
  log(`ML tools ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  mlEnv = mlTools.portalEnv();
  configArgs.push('--config', resolve(root, 'app-config.yaml'), '--config', resolve(root, 'app-config.ml.yaml'));
}

log(`starting the simulated cluster (scenario ${scenario}) on 127.0.0.1:${simPort}`);
run('kube-sim', process.execPath, [
  resolve(root, 'packages/kube-sim/bin/kube-sim.mjs'),
  '--gitops-repo', gitopsRemote,
  '--scenario', scenario,
  '--port', simPort,
  '--kubeconfig', kubeconfigPath,
  '--info', simInfoPath,
]);
const kubeconfig = parse(await waitForFile(kubeconfigPath, 60_000));
const server = kubeconfig.clusters[0].cluster.server;
const token = kubeconfig.users[0].user.token;
// The simulator serves HTTPS with a CA it generates; the portal verifies it.
const caData = kubeconfig.clusters[0].cluster['certificate-authority-data'] ?? '';
log(`simulated cluster ready at ${server} (kubeconfig: ${kubeconfigPath})`);

const portalEnv = {
  ...mlEnv,
  KUBE_SIM_URL: server,
  KUBE_SIM_TOKEN: token,
  KUBE_SIM_CA_DATA: caData,
  KUBE_SIM_KUBECONFIG: kubeconfigPath,
  PORTAL_DATA_DIR: dataDir,
  PORTAL_GITOPS_CATALOG_DIR: catalogFolder,
};
if (appBuild) {
  const built = appBuildInfo();
  if (built) log(`serving the app build of ${built.builtAt.toISOString()} (packages/app/dist; rebuild: yarn workspace app build)`);
  else buildApp({ log });
  const backendPort = process.env.PORTAL_BACKEND_PORT ?? '7007';
  const backend = backendCommand({
    configs: withMl ? [...defaultConfigs(), resolve(root, 'app-config.ml.yaml')] : defaultConfigs(),
    env: {
      ...portalEnv,
      // The app is served by the backend: one origin for both.
      PORTAL_APP_PORT: backendPort,
      NODE_PATH: copyAppBuild(resolve(dataDir, 'app-build')),
      APP_CONFIG_app_packageName: APP_BUILD_PACKAGE,
    },
  });
  log(`starting the backend serving the app build on http://localhost:${backendPort}`);
  run('backend', backend.command, backend.args, backend.env, backend.cwd);
} else {
  run('backstage', 'yarn', ['start', ...configArgs], portalEnv);
}
