/*
 * One job: the sizes bench/ui.mjs reports.
 *
 * - pluginPackageSize: the plugin's own package build (`backstage-cli package
 *   build` → dist/, its code only: dependencies are external), raw and gzip,
 *   and minified with esbuild as the app's build would minify it.
 * - appBundleSize: what the app's production build ships. From the build's
 *   stats (`backstage-cli package build --stats`): the chunks that hold a
 *   module of plugins/mlops (and of plugins/mlops-common, which only the
 *   plugin pulls into the app), their files' raw/gzip sizes, the plugin's
 *   modules' share of them (source size before minification, as the stats
 *   count it), and the app's total and initial (loaded on every page) JS.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
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

const PLUGIN = /(^|\/)plugins\/mlops\/src\//;
const COMMON = /(^|\/)plugins\/mlops-common\/src\//;

/** Reads the app build's stats and measures the files in its dist/static. */
export function appBundleSize(statsFile, distDir) {
  const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
  const staticDir = join(distDir, 'static');
  const allJs = readdirSync(staticDir).filter(f => f.endsWith('.js')).map(f => join(staticDir, f));
  const initialFiles = new Set();
  for (const ep of Object.values(stats.entrypoints ?? {})) {
    for (const a of ep.assets ?? []) {
      const name = typeof a === 'string' ? a : a.name;
      if (name.endsWith('.js')) initialFiles.add(join(distDir, name));
    }
  }
  // Source bytes of plugin modules per chunk; concatenated modules
  // ("x.tsx + 6 modules") list their parts in `modules`.
  const perChunk = new Map();
  const add = (chunks, key, size) => {
    for (const c of chunks ?? []) {
      const e = perChunk.get(String(c)) ?? { plugin: 0, common: 0 };
      e[key] += size;
      perChunk.set(String(c), e);
    }
  };
  for (const m of stats.modules ?? []) {
    const parts = m.modules?.length ? m.modules : [m];
    for (const p of parts) {
      const name = p.name ?? '';
      if (PLUGIN.test(name)) add(m.chunks, 'plugin', p.size ?? 0);
      else if (COMMON.test(name)) add(m.chunks, 'common', p.size ?? 0);
    }
  }
  const chunks = [];
  for (const c of stats.chunks ?? []) {
    const share = perChunk.get(String(c.id));
    if (!share) continue;
    const files = (c.files ?? []).filter(f => f.endsWith('.js')).map(f => join(distDir, f));
    chunks.push({ id: c.id, initial: Boolean(c.initial), ...sizes(files), names: files.map(f => f.slice(distDir.length + 1)), pluginSource: share.plugin, commonSource: share.common });
  }
  return {
    chunks,
    pluginChunks: sizes([...new Set(chunks.flatMap(c => c.names.map(f => join(distDir, f))))]),
    total: sizes(allJs),
    initial: sizes([...initialFiles]),
  };
}
