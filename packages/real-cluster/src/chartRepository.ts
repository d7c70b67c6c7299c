import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { parse, stringify } from 'yaml';

/** One packaged chart version. @public */
export interface PackagedChart {
  name: string;
  version: string;
  file: string;
  digest: string;
}

/** Chart.yaml annotation listing extra versions to package the same chart as (for upgrade tests). @public */
export const EXTRA_VERSIONS_ANNOTATION = 'mlops-portal.io/standin-versions';

/**
 * Packages every stand-in chart in `chartsDir` (each folder with a
 * Chart.yaml; `_lib/` holds the templates they share) into `outDir` and writes
 * the repository's `index.yaml`, as `helm package` + `helm repo index` would.
 * Archives are deterministic (sorted, fixed owner and times), so the same
 * charts give the same digests on every machine.
 * @public
 */
export function buildChartRepository(chartsDir: string, outDir: string): PackagedChart[] {
  const lib = path.join(chartsDir, '_lib');
  fs.mkdirSync(outDir, { recursive: true });
  const packaged: PackagedChart[] = [];
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'standin-charts-'));
  try {
    for (const dir of fs.readdirSync(chartsDir).sort()) {
      const src = path.join(chartsDir, dir);
      const chartYaml = path.join(src, 'Chart.yaml');
      if (dir.startsWith('_') || !fs.existsSync(chartYaml)) continue;
      const chart = parse(fs.readFileSync(chartYaml, 'utf8'));
      if (chart?.name !== dir) throw new TypeError(`${chartYaml}: name '${chart?.name}' must equal its folder '${dir}'`);
      const versions = [String(chart.version), ...String(chart.annotations?.[EXTRA_VERSIONS_ANNOTATION] ?? '').split(',').map(v => v.trim()).filter(Boolean)];
      for (const version of [...new Set(versions)]) {
        const work = path.join(stage, `${dir}-${version}`);
        const root = path.join(work, dir);
        fs.cpSync(src, root, { recursive: true });
        fs.mkdirSync(path.join(root, 'templates'), { recursive: true });
        for (const f of fs.existsSync(lib) ? fs.readdirSync(lib) : []) fs.copyFileSync(path.join(lib, f), path.join(root, 'templates', f));
        fs.writeFileSync(path.join(root, 'Chart.yaml'), stringify({ ...chart, version }));
        const file = `${dir}-${version}.tgz`;
        const tar = execFileSync('tar', ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '-C', work, '-cf', '-', dir]);
        const gz = execFileSync('gzip', ['-n', '-9'], { input: tar });
        fs.writeFileSync(path.join(outDir, file), gz);
        packaged.push({ name: dir, version, file, digest: createHash('sha256').update(gz).digest('hex') });
      }
    }
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
  const entries: Record<string, unknown[]> = {};
  for (const p of packaged) {
    const chart = parse(fs.readFileSync(path.join(chartsDir, p.name, 'Chart.yaml'), 'utf8'));
    (entries[p.name] ??= []).push({
      ...chart,
      version: p.version,
      created: '2026-01-01T00:00:00Z',
      digest: p.digest,
      urls: [p.file],
    });
  }
  fs.writeFileSync(path.join(outDir, 'index.yaml'), stringify({ apiVersion: 'v1', entries, generated: '2026-01-01T00:00:00Z' }));
  return packaged;
}
