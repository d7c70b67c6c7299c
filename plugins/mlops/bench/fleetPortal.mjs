/*
 * One job: start the portal the UI benchmark (bench/ui.mjs) measures, and
 * stop all of it again.
 *
 * - a GitOps tree with N platform components (bench/fleetTree.mjs);
 * - packages/kube-sim with the `fleet` scenario (its clusters and its 2,000
 *   generated objects per cluster, from packages/kube-sim/scenarios/fleet.yaml)
 *   serving that tree, plus per-object behaviours for the generated
 *   HelmReleases so the page has failures and suspensions to draw;
 * - the production build of packages/app (`backstage-cli package build`);
 * - the real backend (packages/backend/src/index.ts, started as
 *   `backstage-cli package start` starts it, without the file watcher) with
 *   a config overlay: the catalog provider on the tree, the clusters on
 *   kube-sim, its own port and SQLite folder, and the app plugin serving the
 *   production build.
 *
 * Every child runs in its own process group and stopChildren() kills the groups, so
 * nothing outlives the benchmark, also when it fails half-way.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFleetTree } from './fleetTree.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const require = createRequire(import.meta.url);
// kube-sim's scenario files are YAML: read them with kube-sim's own yaml.
const kubeSimRequire = createRequire(join(root, 'packages/kube-sim/package.json'));
const { parse, stringify } = kubeSimRequire('yaml');
const yarn = join(root, '.yarn/releases/yarn-4.13.0.cjs');
const sleep = ms => new Promise(r => setTimeout(r, ms));

/** The fleet scenario's parameters (packages/kube-sim/scenarios/fleet.yaml). */
export function fleetScenario() {
  return parse(readFileSync(join(root, 'packages/kube-sim/scenarios/fleet.yaml'), 'utf8'));
}

/** The name the app plugin resolves the copied production build by (`app.packageName`). */
const BENCH_APP_PACKAGE = 'mlops-bench-app';

/**
 * The fleet scenario, extended for the generated tree: every 50th generated
 * HelmRelease fails to install and every 100th is suspended, on every
 * cluster (the fleet's own `failEvery` only covers the objects it generates).
 */
function writeScenario(file, generated) {
  const fleet = fleetScenario();
  const objects = [];
  generated.forEach((g, i) => {
    if (i % 50 === 49) objects.push({ kind: 'HelmRelease', namespace: g.namespace, name: g.name, behaviour: 'install-failed', expect: 'Failed' });
    else if (i % 100 === 24) objects.push({ kind: 'HelmRelease', namespace: g.namespace, name: g.name, behaviour: 'suspended', expect: 'Suspended' });
  });
  writeFileSync(file, stringify({
    name: 'fleet-ui-bench',
    description: `The fleet scenario (${fleet.description}) serving a generated tree of ${generated.length} HelmReleases.`,
    objects,
    fleet: fleet.fleet,
  }));
  return { failed: objects.filter(o => o.expect === 'Failed').map(o => o.name), suspended: objects.filter(o => o.expect === 'Suspended').map(o => o.name) };
}

function startChild(name, args, { cwd, env, logFile }) {
  const out = openSync(logFile, 'a');
  // detached: its own process group, so stopChildren() ends it and everything it spawned.
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', out, out], detached: true });
  child.exited = new Promise(r => child.once('exit', (code, signal) => r({ code, signal })));
  child.benchName = name;
  return child;
}

/** Stops every child in `children` (newest first), by process group. */
export async function stopChildren(children) {
  for (const c of [...children].reverse()) await stopChild(c);
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const kill = sig => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      // the group is gone already
    }
  };
  kill('SIGTERM');
  const done = await Promise.race([child.exited.then(() => true), sleep(10_000).then(() => false)]);
  if (!done) kill('SIGKILL');
  // Anything left in the group (a grandchild that ignored SIGTERM).
  kill('SIGKILL');
}

async function waitFor(what, check, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`${child.benchName} exited (${child.exitCode ?? child.signalCode}) while waiting for ${what}`);
    }
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(500);
  }
}

/** Runs a command to its end without blocking this process (signals still reach the benchmark). */
function run(args, cwd) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', code => (code === 0 ? resolvePromise() : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

/**
 * Builds packages/app for production and copies the build to
 * `<workDir>/node_modules/mlops-bench-app`, where the benchmark's backend
 * finds it (NODE_PATH + `app.packageName`). The app plugin writes the runtime
 * config into the files it serves; the copy keeps that away from
 * packages/app/dist, which other portals on this checkout may serve.
 * Returns the build's wall time and where the copy is.
 */
export async function buildApp(workDir, { skipBuild, log }) {
  const appDir = join(root, 'packages/app');
  const dist = join(appDir, 'dist');
  const hadDist = existsSync(join(dist, 'index.html'));
  let buildMs;
  if (!skipBuild || !hadDist) {
    log('building packages/app for production (backstage-cli package build)');
    const t0 = Date.now();
    await run([yarn, 'backstage-cli', 'package', 'build'], appDir);
    buildMs = Date.now() - t0;
    log(`app build took ${(buildMs / 1000).toFixed(0)} s`);
  }
  const target = join(workDir, 'node_modules', BENCH_APP_PACKAGE);
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, 'package.json'), JSON.stringify({ name: BENCH_APP_PACKAGE, version: '0.0.0', private: true }));
  cpSync(dist, join(target, 'dist'), { recursive: true, filter: src => !src.endsWith('bundle-stats.json') });
  // Leave packages/app as it was: remove the build when there was none before.
  if (!hadDist && !skipBuild) rmSync(dist, { recursive: true, force: true });
  return { buildMs, distDir: join(target, 'dist') };
}

/**
 * Starts kube-sim and the backend; resolves once the backend is ready. Each
 * child process is pushed to `children` as soon as it starts, so the caller
 * can stop them (stopChildren) whenever it must: in a finally block, on a
 * signal, also while this is still starting.
 */
export async function startFleetPortal({ workDir, components, clusters, simPort, backendPort, skipBuild, log, children }) {
  const stop = () => stopChildren(children);
  try {
    mkdirSync(workDir, { recursive: true });
    log(`generating a GitOps tree with ${components} components in ${workDir}`);
    const tree = await writeFleetTree(join(workDir, 'repo'), components);
    const scenarioFile = join(workDir, 'fleet-ui-bench.yaml');
    const expected = writeScenario(scenarioFile, tree.generated);

    const infoFile = join(workDir, 'kube-sim.json');
    log(`starting kube-sim: ${clusters} clusters on 127.0.0.1:${simPort}+`);
    const sim = startChild('kube-sim', [
      join(root, 'packages/kube-sim/bin/kube-sim.mjs'),
      '--gitops', tree.gitopsDir,
      '--scenario', scenarioFile,
      '--clusters', String(clusters),
      '--port', String(simPort),
      '--info', infoFile,
    ], { cwd: root, logFile: join(workDir, 'kube-sim.log') });
    children.push(sim);

    const app = await buildApp(workDir, { skipBuild, log });
    const info = await waitFor('kube-sim', async () => existsSync(infoFile) && JSON.parse(readFileSync(infoFile, 'utf8')), 180_000, sim);

    const baseUrl = `http://localhost:${backendPort}`;
    const overlay = {
      app: { baseUrl, packageName: BENCH_APP_PACKAGE },
      backend: {
        baseUrl,
        listen: { port: backendPort },
        cors: { origin: baseUrl },
        database: { client: 'better-sqlite3', connection: { directory: join(workDir, 'sqlite') } },
      },
      catalog: { providers: { mlops: { local: { path: tree.gitopsDir, schedule: { frequency: { minutes: 5 }, timeout: { minutes: 3 }, initialDelay: { seconds: 1 } } } } } },
      kubernetes: {
        clusterLocatorMethods: [{
          type: 'config',
          clusters: info.clusters.map(c => ({
            name: c.name, title: `${c.name} (simulated)`, url: c.url, authProvider: 'serviceAccount',
            serviceAccountToken: c.token, caData: c.caData, skipMetricsLookup: true, mlops: { simulated: true },
          })),
        }],
      },
      mlops: { gitops: { local: { repoDir: join(workDir, 'gitops-remote.git') } } },
    };
    const overlayFile = join(workDir, 'app-config.bench.yaml');
    writeFileSync(overlayFile, stringify(overlay), { mode: 0o600 }); // holds the simulator's tokens
    mkdirSync(join(workDir, 'sqlite'), { recursive: true });
    execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', join(workDir, 'gitops-remote.git')]);

    log(`starting the backend on ${baseUrl} (packages/backend/src/index.ts, NODE_ENV=development as yarn start)`);
    const backendDir = join(root, 'packages/backend');
    const backend = startChild('backend', [
      '--enable-source-maps',
      '--require', require.resolve('@backstage/cli-node/config/nodeTransform.cjs', { paths: [backendDir] }),
      'src/index.ts',
      '--config', '../../app-config.yaml',
      '--config', overlayFile,
    ], {
      cwd: backendDir,
      logFile: join(workDir, 'backend.log'),
      env: {
        NODE_ENV: 'development',
        NODE_PATH: join(workDir, 'node_modules'),
        PORTAL_APP_PORT: String(backendPort),
        PORTAL_BACKEND_PORT: String(backendPort),
        PORTAL_DATA_DIR: workDir,
        ESBK_TSCONFIG_PATH: join(root, 'tsconfig.json'),
      },
    });
    children.push(backend);
    const t0 = Date.now();
    await waitFor('the backend', async () => (await fetch(`${baseUrl}/.backstage/health/v1/readiness`)).ok, 300_000, backend);
    log(`backend ready after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    return { baseUrl, tree, expected, sim: info, app, backendReadyMs: Date.now() - t0, logs: { sim: join(workDir, 'kube-sim.log'), backend: join(workDir, 'backend.log') } };
  } catch (e) {
    await stop();
    throw e;
  }
}
