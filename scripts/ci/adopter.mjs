#!/usr/bin/env node
// The adopter path, end to end: what a Backstage adopter does to use the
// MLOps plugins, done by script on a fresh stock app, so a step the READMEs
// forget (or a manual fix) fails CI. Each phase below is one step of
// docs/adopting.md, in the same order, with the same commands; the only
// stand-ins are the ones a registry-less CI machine needs, each named where
// it happens:
//   - the packages are `yarn pack` tarballs instead of npm downloads, and the
//     root `resolutions` point their names at the tarballs (so the packages'
//     dependencies on each other resolve as they would from npm);
//   - `versions:bump` reads the release manifest from a file written from this
//     repository's yarn.lock, because versions.backstage.io is unreachable here.
// Phases and their durations are printed and written to
// .data/test-results/adopter.json. ADOPTER_KEEP=1 keeps the work directory.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const YAML = require('yaml');
const { chromium } = require('@playwright/test');

// The newest @backstage/create-app on npm (it generates a Backstage 1.55.0
// app); `versions:bump` then moves the app to the release line in
// backstage.json, as docs/adopting.md tells adopters to.
const CREATE_APP_VERSION = '0.9.2';
const releaseVersion = JSON.parse(
  readFileSync(join(root, 'backstage.json'), 'utf8'),
).version;

// Native addons (better-sqlite3) build against the running Node's headers
// instead of downloading them, which this machine cannot (as scripts/portal).
const nodePrefix = dirname(dirname(process.execPath));
if (
  !process.env.npm_config_nodedir &&
  existsSync(join(nodePrefix, 'include', 'node', 'node.h'))
) {
  process.env.npm_config_nodedir = nodePrefix;
}

const appPort = process.env.PORTAL_APP_PORT ?? '3000';
const backendPort = process.env.PORTAL_BACKEND_PORT ?? '7007';
const simPort = process.env.KUBE_SIM_PORT ?? '6443';
const appUrl = `http://localhost:${appPort}`;
const backendUrl = `http://localhost:${backendPort}`;

/** The published packages, by folder; their role decides where they go. */
const PACKAGES = [
  'plugins/mlops-common',
  // A dependency of the catalog, scaffolder and policy modules.
  'plugins/ml-workbench-common',
  'plugins/mlops-node',
  'plugins/mlops-backend',
  // A dependency of plugins/mlops.
  'plugins/mlops-react',
  'plugins/mlops',
  'plugins/catalog-backend-module-mlops',
  'plugins/scaffolder-backend-module-mlops',
  'plugins/permission-backend-module-mlops-policy',
  'plugins/auth-backend-module-local-users-provider',
  'packages/kube-sim',
];

const work =
  process.env.ADOPTER_DIR ?? mkdtempSync(join(tmpdir(), 'mlops-adopter-'));
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');
const platform = join(work, 'platform');
const tools = join(work, 'tools');
const logs = join(work, 'logs');
mkdirSync(logs, { recursive: true });

const phases = [];
const children = [];
const started = Date.now();

function log(line) {
  console.log(`[adopter] ${line}`);
}

async function phase(name, fn) {
  const t0 = Date.now();
  log(`--> ${name}`);
  await fn();
  const seconds = Math.round((Date.now() - t0) / 1000);
  phases.push({ name, seconds });
  log(`<-- ${name} (${seconds} s)`);
}

/** Runs a command to completion; its output goes to a log file, shown on failure. */
function run(cmd, args, { cwd, env, name } = {}) {
  const logFile = join(
    logs,
    `${(name ?? `${cmd}-${args[0] ?? ''}`).replace(/[^a-z0-9.-]+/gi, '_')}.log`,
  );
  log(`$ (cd ${cwd ?? root} && ${cmd} ${args.join(' ')})`);
  const r = spawnSync(cmd, args, {
    cwd: cwd ?? root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  writeFileSync(logFile, `${r.stdout ?? ''}\n${r.stderr ?? ''}`);
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ''}\n${r.stderr ?? ''}`
      .split('\n')
      .slice(-60)
      .join('\n');
    throw new Error(
      `${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}) in ${
        cwd ?? root
      }:\n${tail}\n(full log: ${logFile})`,
    );
  }
  return r.stdout;
}

/** Starts a long-running command in its own process group, output to a log file. */
function start(cmd, args, { cwd, env, name }) {
  const logFile = join(logs, `${name}.log`);
  log(`$ (cd ${cwd} && ${cmd} ${args.join(' ')}) &  # log: ${logFile}`);
  const out = require('node:fs').openSync(logFile, 'w');
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
    detached: true,
  });
  children.push({ child, name, logFile });
  return child;
}

function stopAll() {
  for (const { child } of children.reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

async function waitFor(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    for (const { child, name, logFile } of children) {
      if (child.exitCode !== null) {
        const tail = readFileSync(logFile, 'utf8')
          .split('\n')
          .slice(-60)
          .join('\n');
        throw new Error(
          `${name} exited (code ${child.exitCode}) while waiting for ${what}:\n${tail}`,
        );
      }
    }
    try {
      if (await check()) return;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, 2000));
  }
  throw new Error(
    `timed out after ${timeoutMs / 1000} s waiting for ${what}${
      last ? `: ${last.message}` : ''
    }`,
  );
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function writeJson(file, value) {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function tarballOf(dir) {
  const name = readJson(join(root, dir, 'package.json')).name;
  // yarn pack's %s: the name with '/' as '-'.
  const prefix = `${name.replace('/', '-')}-`;
  const file = readdirSync(tarballs).find(
    f => f.startsWith(prefix) && /^\d/.test(f.slice(prefix.length)),
  );
  if (!file) throw new Error(`no tarball for ${name} in ${tarballs}`);
  return {
    name,
    file: join(tarballs, file),
    role: readJson(join(root, dir, 'package.json')).backstage?.role,
  };
}

/** What a packed package must hold to work outside this repository. */
function checkTarball({ name, file }) {
  const list = run('tar', ['-tzf', file], { name: `tar-list-${name}` }).split(
    '\n',
  );
  const pkg = JSON.parse(
    run('tar', ['-xzOf', file, 'package/package.json'], {
      name: `tar-pkg-${name}`,
    }),
  );
  const has = p => list.includes(`package/${p.replace(/^\.\//, '')}`);
  const problems = [];
  if (pkg.private) problems.push('is private');
  for (const key of ['main', 'types']) {
    if (!pkg[key] || !has(pkg[key]))
      problems.push(`${key} '${pkg[key]}' is not in the package`);
  }
  if (pkg.module && !has(pkg.module))
    problems.push(`module '${pkg.module}' is not in the package`);
  for (const [mount, target] of Object.entries(pkg.exports ?? {})) {
    for (const t of typeof target === 'string'
      ? [target]
      : Object.values(target)) {
      if (!t.startsWith('@backstage/') && !has(t))
        problems.push(`exports['${mount}'] '${t}' is not in the package`);
    }
  }
  if (pkg.configSchema && !has(pkg.configSchema))
    problems.push(`configSchema '${pkg.configSchema}' is not in the package`);
  for (const deps of [pkg.dependencies, pkg.peerDependencies]) {
    for (const [dep, range] of Object.entries(deps ?? {})) {
      if (range.startsWith('workspace:'))
        problems.push(`dependency ${dep} is '${range}'`);
    }
  }
  for (const key of ['repository', 'homepage', 'keywords', 'license']) {
    if (!pkg[key]) problems.push(`no ${key}`);
  }
  if (problems.length)
    throw new Error(`${name} (${file}): ${problems.join('; ')}`);
}

/** The release manifest of backstage.json's release, from the versions this repository resolved. */
function writeReleaseManifest(file) {
  const lock = readFileSync(join(root, 'yarn.lock'), 'utf8');
  const versions = new Map();
  const re = /^"(@backstage\/[^@"]+)@[^\n]*\n\s+version: ([^\n]+)/gm;
  for (const m of lock.matchAll(re)) {
    const [, name, version] = m;
    const prev = versions.get(name);
    if (!prev || prev.localeCompare(version, undefined, { numeric: true }) < 0)
      versions.set(name, version.trim());
  }
  writeJson(file, {
    releaseVersion,
    packages: [...versions].map(([name, version]) => ({ name, version })),
  });
  return versions;
}

/** Merges `add` into the YAML document: maps are merged, arrays appended to. */
function mergeInto(doc, path, add) {
  if (add && typeof add === 'object' && !Array.isArray(add)) {
    // An empty key (the stock `kubernetes:`) becomes the map.
    if (path.length && !YAML.isMap(doc.getIn(path, true))) {
      doc.setIn(path, doc.createNode(add));
      return;
    }
    for (const [k, v] of Object.entries(add)) mergeInto(doc, [...path, k], v);
    return;
  }
  if (Array.isArray(add)) {
    const existing = doc.getIn(path);
    if (YAML.isSeq(existing)) {
      for (const item of add) existing.add(doc.createNode(item));
      return;
    }
  }
  doc.setIn(path, doc.createNode(add));
}

async function main() {
  log(
    `work directory ${work}; Backstage ${releaseVersion}; ports app ${appPort}, backend ${backendPort}, kube-sim ${simPort}`,
  );

  // The release line the packages state is the one this repository resolves.
  await phase('Backstage release line', async () => {
    run('node', [join(root, 'scripts', 'ci', 'backstage-line.mjs')], {
      name: 'backstage-line',
    });
  });

  // Versions and changelogs come from changesets: the config must load and
  // every published package must be one changesets manages.
  await phase('changesets manage every published package', async () => {
    // `changeset status` compares with the base branch; a checkout without
    // it (a detached clone) still gets the package checks below.
    const base = spawnSync('git', ['rev-parse', '--verify', '--quiet', 'main'], { cwd: root });
    if (base.status === 0) run('yarn', ['release:status'], { name: 'changeset-status' });
    else log('no local main branch: changeset status not run, package checks only');
    const config = JSON.parse(readFileSync(join(root, '.changeset', 'config.json'), 'utf8'));
    for (const dir of PACKAGES) {
      const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
      if (pkg.private || (config.ignore ?? []).includes(pkg.name)) {
        throw new Error(`${pkg.name} is published but changesets would not version it (private or ignored)`);
      }
    }
  });

  // 1. The packages, built and packed as for npm (backstage-cli prepack/postpack run inside yarn pack).
  await phase('build and pack the packages', async () => {
    if (process.env.ADOPTER_REUSE_TARBALLS && existsSync(tarballs)) {
      // Local iteration on the later phases only; CI never sets it.
      log('reusing the tarballs of an earlier run (ADOPTER_REUSE_TARBALLS)');
      for (const dir of PACKAGES) checkTarball(tarballOf(dir));
      return;
    }
    run('yarn', ['tsc'], { name: 'tsc' });
    rmSync(tarballs, { recursive: true, force: true });
    mkdirSync(tarballs, { recursive: true });
    for (const dir of PACKAGES) {
      run('yarn', ['build'], { cwd: join(root, dir), name: `build-${dir}` });
      run('yarn', ['pack', '--out', join(tarballs, '%s-%v.tgz')], {
        cwd: join(root, dir),
        name: `pack-${dir}`,
      });
    }
    for (const dir of PACKAGES) checkTarball(tarballOf(dir));
  });
  const packs = PACKAGES.map(tarballOf);
  const byName = Object.fromEntries(packs.map(p => [p.name, p]));

  // The adopter's platform repository: the example GitOps layout (gitops/)
  // and the templates, as a Git repository the scaffolder can branch from.
  await phase('example platform repository', async () => {
    rmSync(platform, { recursive: true, force: true });
    mkdirSync(platform, { recursive: true });
    cpSync(join(root, 'gitops'), join(platform, 'gitops'), { recursive: true });
    cpSync(join(root, 'templates'), join(platform, 'templates'), {
      recursive: true,
    });
    run('git', ['init', '-q', '-b', 'main'], {
      cwd: platform,
      name: 'platform-git-init',
    });
    run('git', ['add', '-A'], { cwd: platform, name: 'platform-git-add' });
    run(
      'git',
      [
        '-c',
        'user.name=adopter',
        '-c',
        'user.email=adopter@example.invalid',
        'commit',
        '-qm',
        'platform',
      ],
      {
        cwd: platform,
        name: 'platform-git-commit',
      },
    );
  });

  // 2. kube-sim as a dev tool, from its package (npx-style), serving that repository.
  await phase('kube-sim from its tarball', async () => {
    mkdirSync(tools, { recursive: true });
    writeJson(join(tools, 'package.json'), {
      name: 'adopter-tools',
      private: true,
    });
    // mlops-common too: kube-sim depends on it, and it is not on npm here.
    run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--no-save',
        byName['@mlops-portal/kube-sim'].file,
        byName['@mlops-portal/plugin-mlops-common'].file,
      ],
      {
        cwd: tools,
        name: 'npm-install-kube-sim',
      },
    );
    rmSync(join(work, 'kube-sim.json'), { force: true });
    start(
      'npx',
      [
        'kube-sim',
        '--gitops',
        join(platform, 'gitops'),
        '--scenario',
        'degraded',
        '--port',
        simPort,
        '--info',
        join(work, 'kube-sim.json'),
        '--step-ms',
        '0',
      ],
      {
        cwd: tools,
        name: 'kube-sim',
      },
    );
    await waitFor(
      'kube-sim',
      () => existsSync(join(work, 'kube-sim.json')),
      120_000,
    );
  });
  const sim = readJson(join(work, 'kube-sim.json')).clusters[0];

  // Local iteration on the wiring only; CI never sets it.
  const reuseApp =
    process.env.ADOPTER_REUSE_APP && existsSync(join(app, 'node_modules'));
  if (reuseApp) {
    log('reusing the installed app of an earlier run (ADOPTER_REUSE_APP)');
    run(
      'git',
      ['checkout', '--', 'packages/backend/src/index.ts', 'app-config.yaml'],
      { cwd: app, name: 'app-reset' },
    );
  }

  // 3. A stock app.
  if (!reuseApp)
    await phase(`npx @backstage/create-app@${CREATE_APP_VERSION}`, async () => {
      rmSync(app, { recursive: true, force: true });
      run(
        'npx',
        [
          '-y',
          `@backstage/create-app@${CREATE_APP_VERSION}`,
          '--path',
          app,
          '--skip-install',
        ],
        {
          cwd: work,
          env: { BACKSTAGE_APP_NAME: 'mlops-adopter' },
          name: 'create-app',
        },
      );
    });

  // 4. The app moved to the supported release line.
  if (!reuseApp)
    await phase(`versions:bump --release ${releaseVersion}`, async () => {
      const manifest = join(work, `manifest-${releaseVersion}.json`);
      writeReleaseManifest(manifest);
      // The same @backstage/cli version as `npx @backstage/cli@<line's version>` would fetch.
      run(
        join(root, 'node_modules', '.bin', 'backstage-cli'),
        [
          'versions:bump',
          '--release',
          releaseVersion,
          '--skip-install',
          '--skip-migrate',
        ],
        {
          cwd: app,
          env: { BACKSTAGE_MANIFEST_FILE: manifest },
          name: 'versions-bump',
        },
      );
      const bj = readJson(join(app, 'backstage.json'));
      if (bj.version !== releaseVersion)
        throw new Error(
          `backstage.json of the app says ${bj.version}, expected ${releaseVersion}`,
        );
    });

  // 5. The packages, as docs/adopting.md says.
  if (!reuseApp)
    await phase('yarn add the packages', async () => {
      const rootPkg = readJson(join(app, 'package.json'));
      rootPkg.resolutions = {
        ...rootPkg.resolutions,
        // docs/adopting.md: the native SQLite driver Backstage's database layer loads must build on Node 24.
        'better-sqlite3': '^13.2.0',
        // CI stand-in for the npm registry (see the top of this file).
        ...Object.fromEntries(packs.map(p => [p.name, `file:${p.file}`])),
      };
      writeJson(join(app, 'package.json'), rootPkg);
      const eventsVersion = readJson(
        join(work, `manifest-${releaseVersion}.json`),
      ).packages.find(
        p => p.name === '@backstage/plugin-events-backend',
      ).version;
      // `yarn workspace backend add ...` / `yarn workspace app add ...` exactly
      // as docs/adopting.md says, with the version range written out: our
      // packages are not on the registry in CI, so `yarn add` could not look
      // up their latest version there; the root resolutions above then take
      // each one from its tarball.
      const versionOf = p =>
        readJson(join(root, PACKAGES.find(d => tarballOf(d).name === p.name), 'package.json')).version;
      const backendPackages = packs.filter(
        p =>
          p.role === 'backend-plugin' ||
          (p.role === 'backend-plugin-module' && !p.name.includes('local-users')),
      );
      const yarnEnv = {
        // An adopter's first install writes the lockfile; under CI=true (test-all) Yarn would refuse to.
        YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
        // `yarn add` asks Algolia (npm search) whether @types packages exist;
        // this machine reaches only the package registries, the request times
        // out and Yarn 4.13 then crashes ("The onCancel handler was attached
        // after the promise settled"). docs/adopting.md says the same for
        // adopters behind such a firewall.
        YARN_TS_ENABLE_AUTO_TYPES: 'false',
      };
      run(
        'yarn',
        [
          'workspace',
          'backend',
          'add',
          ...backendPackages.map(p => `${p.name}@^${versionOf(p)}`),
          `@backstage/plugin-events-backend@^${eventsVersion}`,
        ],
        { cwd: app, env: yarnEnv, name: 'yarn-add-backend' },
      );
      const frontend = packs.find(p => p.name === '@mlops-portal/plugin-mlops');
      run('yarn', ['workspace', 'app', 'add', `${frontend.name}@^${versionOf(frontend)}`], {
        cwd: app,
        env: yarnEnv,
        name: 'yarn-add-app',
      });
    });

  // 6. Wiring: backend.add lines, the permission policy, config.
  await phase('wire backend and config', async () => {
    const indexFile = join(app, 'packages', 'backend', 'src', 'index.ts');
    let index = readFileSync(indexFile, 'utf8');
    const allowAll =
      /backend\.add\(\s*import\('@backstage\/plugin-permission-backend-module-allow-all-policy'\),?\s*\);\n/;
    if (!allowAll.test(index))
      throw new Error(
        `the stock backend no longer adds the allow-all policy the docs tell adopters to replace:\n${index}`,
      );
    index = index.replace(
      allowAll,
      "backend.add(import('@mlops-portal/plugin-permission-backend-module-mlops-policy'));\n",
    );
    const lines = [
      "backend.add(import('@backstage/plugin-events-backend'));",
      "backend.add(import('@mlops-portal/plugin-mlops-backend'));",
      "backend.add(import('@mlops-portal/plugin-catalog-backend-module-mlops'));",
      "backend.add(import('@mlops-portal/plugin-scaffolder-backend-module-mlops'));",
    ];
    if (!index.includes('backend.start();'))
      throw new Error('the stock backend has no backend.start()');
    index = index.replace(
      'backend.start();',
      `// MLOps plugins (docs/adopting.md)\n${lines.join(
        '\n',
      )}\n\nbackend.start();`,
    );
    writeFileSync(indexFile, index);

    // app-config.yaml: the blocks of docs/adopting.md, merged into the stock file.
    const configFile = join(app, 'app-config.yaml');
    const doc = YAML.parseDocument(readFileSync(configFile, 'utf8'));
    const adopting = readFileSync(join(root, 'docs', 'adopting.md'), 'utf8');
    const block = adopting.match(
      /<!-- adopter-config -->\s*```yaml\n([\s\S]*?)```/,
    );
    if (!block)
      throw new Error(
        'docs/adopting.md has no app-config block marked <!-- adopter-config -->',
      );
    mergeInto(doc, [], YAML.parse(block[1]));
    writeFileSync(configFile, String(doc));

    // app-config.local.yaml: this machine only (ports, the simulator's credentials and paths).
    writeFileSync(
      join(app, 'app-config.local.yaml'),
      YAML.stringify({
        app: { baseUrl: appUrl },
        backend: {
          baseUrl: backendUrl,
          listen: { port: Number(backendPort) },
          cors: { origin: appUrl },
        },
      }),
    );
  });

  // 7. Type check, as the stock app does it.
  await phase('yarn tsc (the app)', async () => {
    run('yarn', ['tsc'], { cwd: app, name: 'app-tsc' });
  });

  // 8. The app against kube-sim.
  const env = {
    PLATFORM_REPO_DIR: platform,
    K8S_CLUSTER_URL: sim.url,
    K8S_CLUSTER_TOKEN: sim.token,
    K8S_CLUSTER_CA_DATA: sim.caData,
    BROWSER: 'none',
  };
  await phase('yarn start (frontend and backend)', async () => {
    start('yarn', ['start'], { cwd: app, env, name: 'app-start' });
    await waitFor(
      'the backend',
      async () =>
        (
          await fetch(`${backendUrl}/.backstage/health/v1/readiness`)
        ).ok,
      15 * 60_000,
    );
    await waitFor(
      'the frontend',
      async () => (await fetch(appUrl)).ok,
      15 * 60_000,
    );
  });

  // 9. Chromium: the platform page, an entity's GitOps tab, the catalog's Domain.
  await phase('Chromium: platform page, GitOps tab, Domain', async () => {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    });
    try {
      const page = await browser.newPage();
      const visible = (locator, timeout = 120_000) =>
        locator.first().waitFor({ state: 'visible', timeout });
      const open = async path => {
        await page.goto(`${appUrl}${path}`);
        // The stock app's guest sign-in, when it asks.
        const enter = page.getByRole('button', { name: 'Enter' });
        if (
          await enter.waitFor({ state: 'visible', timeout: 15_000 }).then(
            () => true,
            () => false,
          )
        )
          await enter.click();
      };
      const shot = name =>
        page.screenshot({ path: join(work, `${name}.png`), fullPage: true });
      try {
        await open('/mlops');
        await visible(page.getByTestId('mlops-platform'));
        await visible(page.getByTestId('cluster-dev'));
        await visible(page.getByTestId('entity-component:platform/airflow'));
        await shot('platform-page');

        await open('/catalog/platform/component/airflow/gitops');
        const row = page.getByTestId(
          'object-dev/HelmRelease/orchestration/airflow',
        );
        await visible(row);
        await row
          .locator('[data-status]')
          .first()
          .filter({ hasText: 'Failed' })
          .waitFor({ state: 'visible', timeout: 120_000 });
        await shot('gitops-tab');

        await open('/catalog/platform/domain/mlops-platform');
        await visible(page.getByRole('heading', { name: 'MLOps platform' }));
        await shot('domain');
      } catch (e) {
        await shot('failure').catch(() => {});
        throw e;
      }
    } finally {
      await browser.close();
    }
  });

  // The templates location: registered, read, and its templates in the catalog.
  await phase('templates location', async () => {
    await waitFor(
      'the MLOps templates in the catalog',
      async () => {
        const token = (
          await (
            await fetch(`${backendUrl}/api/auth/guest/refresh`, {
              headers: { 'x-requested-with': 'XMLHttpRequest' },
            })
          ).json()
        ).backstageIdentity.token;
        const res = await fetch(
          `${backendUrl}/api/catalog/entities/by-name/template/default/new-platform-component`,
          {
            headers: { authorization: `Bearer ${token}` },
          },
        );
        return res.ok;
      },
      120_000,
    );
  });
}

// Interrupted: the started process groups go too.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopAll();
    process.exit(130);
  });
}

let failed;
try {
  await main();
} catch (e) {
  failed = e;
  console.error(`[adopter] FAILED: ${e instanceof Error ? e.message : e}`);
} finally {
  stopAll();
}
const total = Math.round((Date.now() - started) / 1000);
console.log('\n[adopter] phases');
for (const p of phases)
  console.log(`  ${String(p.seconds).padStart(5)} s  ${p.name}`);
console.log(
  `  ${String(total).padStart(5)} s  total${failed ? ' (failed)' : ''}`,
);
const results = join(root, '.data', 'test-results');
mkdirSync(results, { recursive: true });
writeJson(join(results, 'adopter.json'), {
  ok: !failed,
  totalSeconds: total,
  phases,
  work,
});
// Give the process groups a moment to exit before the directory goes.
await new Promise(r => setTimeout(r, 3000));
if (!process.env.ADOPTER_KEEP && !failed)
  rmSync(work, { recursive: true, force: true });
else log(`kept ${work}`);
process.exit(failed ? 1 : 0);
