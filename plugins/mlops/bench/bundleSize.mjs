/*
 * One job: the sizes bench/ui.mjs reports.
 *
 * - pluginPackageSize: the plugin's own package build (`backstage-cli package
 *   build` → dist/, its code only: dependencies are external), raw and gzip,
 *   and minified with esbuild as the app's build would minify it.
 * - appBundleSize: what the app's production build ships: the chunks that
 *   hold code of plugins/mlops (and of plugins/mlops-common, which only the
 *   plugin pulls into the app), found through their source maps, their
 *   raw/gzip sizes, the plugin's share of them (its source files' size
 *   before minification), and the app's total and initial (loaded on every
 *   page) JS. (`package build --stats` would say the same through rspack's
 *   stats, but its 200+ MB JSON writer hung here once, so this reads what
 *   the build ships anyway.)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(here, '..');
const root = resolve(pkgDir, '../..');

function listJs(dir) {
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...listJs(p));
    else if (p.endsWith('.js')) out.push(p);
  }
  return out;
}

function sizes(files) {
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const b = readFileSync(f);
    raw += b.length;
    gzip += gzipSync(b, { level: 9 }).length;
  }
  return { files: files.length, raw, gzip };
}

/** Builds the plugin package (unless skipped) and measures dist/. */
export async function pluginPackageSize({ skipBuild }) {
  if (!skipBuild) {
    // The package build bundles the declarations from the repo's type check
    // (dist-types/); a fresh checkout has none yet.
    const types = join(root, 'dist-types/plugins/mlops/src/index.d.ts');
    if (!existsSync(types)) {
      // tsc writes the declarations even when it reports errors elsewhere in
      // the repo; only their absence stops the benchmark.
      spawnSync(process.execPath, [join(root, '.yarn/releases/yarn-4.13.0.cjs'), 'tsc'], { cwd: root, stdio: 'ignore' });
      if (!existsSync(types)) throw new Error(`yarn tsc did not write ${types}`);
    }
    execFileSync(process.execPath, [join(root, '.yarn/releases/yarn-4.13.0.cjs'), 'backstage-cli', 'package', 'build'], {
      cwd: pkgDir, stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  const files = listJs(join(pkgDir, 'dist'));
  const result = sizes(files);
  // The CLI's toolchain brings esbuild into the workspace.
  // eslint-disable-next-line @backstage/no-undeclared-imports
  const esbuild = await import('esbuild');
  let min = 0;
  let minGzip = 0;
  for (const f of files) {
    const code = esbuild.transformSync(readFileSync(f, 'utf8'), { minify: true, format: 'esm', loader: 'js' }).code;
    min += Buffer.byteLength(code);
    minGzip += gzipSync(code, { level: 9 }).length;
  }
  return { ...result, min, minGzip };
}

const PLUGIN = /\/plugins\/mlops\/src\//;
const COMMON = /\/plugins\/mlops-common\/src\//;

/**
 * Measures the app's production build in `distDir`. Which chunks hold the
 * plugin comes from each chunk's source map (the production build writes
 * one per chunk; its `sources` name the original files), and the initial
 * chunks are the scripts index.html loads.
 */
export function appBundleSize(distDir) {
  const staticDir = join(distDir, 'static');
  const allJs = readdirSync(staticDir).filter(f => f.endsWith('.js')).map(f => join(staticDir, f));
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const initialFiles = [...html.matchAll(/<script[^>]+src="[^"]*?(static\/[^"]+\.js)"/g)].map(m => join(distDir, m[1]));
  const initial = new Set(initialFiles);
  const chunks = [];
  for (const file of allJs) {
    let map;
    try {
      map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
    } catch {
      continue; // no source map: not an app chunk the build wrote
    }
    let plugin = 0;
    let common = 0;
    (map.sources ?? []).forEach((src, i) => {
      const size = Buffer.byteLength(map.sourcesContent?.[i] ?? '');
      if (PLUGIN.test(src)) plugin += size;
      else if (COMMON.test(src)) common += size;
    });
    if (plugin === 0 && common === 0) continue;
    chunks.push({ ...sizes([file]), initial: initial.has(file), names: [file.slice(distDir.length + 1)], pluginSource: plugin, commonSource: common });
  }
  return {
    chunks,
    pluginChunks: sizes(chunks.map(c => join(distDir, c.names[0]))),
    total: sizes(allJs),
    initial: sizes(initialFiles),
  };
}
