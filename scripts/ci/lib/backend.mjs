// How the scripts start the real backend without the CLI's file watcher, and
// how they let it serve the production build of packages/app, as users get
// the portal (the @backstage/plugin-app-backend plugin serves it).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(fileURLToPath(import.meta.url), '../../../..');
export const backendDir = join(root, 'packages/backend');
const appDir = join(root, 'packages/app');
const yarn = join(root, '.yarn/releases/yarn-4.13.0.cjs');

/** The name the app plugin finds the copied build by (`app.packageName`). */
export const APP_BUILD_PACKAGE = 'mlops-portal-app-build';

/**
 * Builds packages/app for production (`backstage-cli package build`, into
 * packages/app/dist). Returns the wall time in ms.
 */
export function buildApp({ log = console.log } = {}) {
  log('building packages/app for production (backstage-cli package build)');
  const started = Date.now();
  const r = spawnSync(process.execPath, [yarn, 'backstage-cli', 'package', 'build'], {
    cwd: appDir,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`the app build failed (exit ${r.status ?? r.signal})`);
  const ms = Date.now() - started;
  log(`app built in ${(ms / 1000).toFixed(0)} s`);
  return ms;
}

/** Whether packages/app/dist holds a build, and how old it is. */
export function appBuildInfo() {
  const index = join(appDir, 'dist/index.html');
  return existsSync(index) ? { builtAt: statSync(index).mtime } : undefined;
}

/**
 * Copies packages/app/dist to `<dir>/node_modules/<APP_BUILD_PACKAGE>`: the
 * app plugin writes the runtime config into the files it serves, so each
 * portal serves its own copy and packages/app/dist stays as built. Returns
 * the NODE_PATH under which the backend finds it.
 */
export function copyAppBuild(dir) {
  const target = join(dir, 'node_modules', APP_BUILD_PACKAGE);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, 'package.json'), JSON.stringify({ name: APP_BUILD_PACKAGE, version: '0.0.0', private: true }));
  cpSync(join(appDir, 'dist'), join(target, 'dist'), {
    recursive: true,
    filter: src => !src.endsWith('bundle-stats.json'),
  });
  return join(dir, 'node_modules');
}

/**
 * Command line and environment of the backend as `backstage-cli package
 * start` runs it (packages/backend/src/index.ts through the CLI's module
 * loader, NODE_ENV=development for the local sign-in providers), minus the
 * file watcher that restarts it: a test must not see restarts.
 */
export function backendCommand({ configs, env = {} }) {
  const require = createRequire(join(backendDir, 'package.json'));
  const args = [
    '--enable-source-maps',
    '--require',
    require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
    'src/index.ts',
  ];
  for (const c of configs) args.push('--config', c);
  return {
    command: process.execPath,
    args,
    cwd: backendDir,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      ESBK_TSCONFIG_PATH: join(root, 'tsconfig.json'),
      ...env,
    },
  };
}

/** The config files `yarn start` reads: app-config.yaml, and app-config.local.yaml when there is one. */
export function defaultConfigs() {
  const local = join(root, 'app-config.local.yaml');
  return [join(root, 'app-config.yaml'), ...(existsSync(local) ? [local] : [])];
}
