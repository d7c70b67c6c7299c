#!/usr/bin/env node
// Benchmark of the MLOps entity provider (issue 5): generates a Flux repository
// with 10,000 HelmReleases across 50 namespaces in a temp dir, ingests it
// through the provider (read from disk, kustomize walk, mapping, mutation
// planning) into an in-memory connection, then ingests it again unchanged.
// Pass: first run < 10 s, second run applies zero changes.
// Results go to the "## Catalog ingestion" section of docs/benchmarks.md.
//
//   yarn bench:catalog              (from the repo root or this package)
//   node bench/catalog.mjs --no-write   (print only)
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir, cpus, totalmem, loadavg, type as osType, release } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(here, '..');
const repoRoot = resolve(pkgDir, '../..');
const require = createRequire(import.meta.url);
// Backstage's own on-the-fly TypeScript transform for Node (the one
// `backstage-cli package start` uses), so the bench runs the source as is.
require(join(repoRoot, 'node_modules/@backstage/cli/config/nodeTransform.cjs'));
const { MlopsEntityProvider } = require(join(pkgDir, 'src/index.ts'));
const { ConfigReader } = require('@backstage/config');

const HELM_RELEASES = Number(process.env.BENCH_HELM_RELEASES ?? 10000);
const NAMESPACES = Number(process.env.BENCH_NAMESPACES ?? 50);
const LIMIT_MS = 10_000;
const write = !process.argv.includes('--no-write');

function generate(dir) {
  const perNs = Math.ceil(HELM_RELEASES / NAMESPACES);
  const owners = ['platform-team', 'data-team', 'ml-team'];
  mkdirSync(join(dir, 'clusters/bench'), { recursive: true });
  const layers = [];
  let count = 0;
  for (let n = 0; n < NAMESPACES; n++) {
    const ns = `team-${String(n).padStart(2, '0')}`;
    const nsDir = join(dir, 'apps', ns);
    mkdirSync(nsDir, { recursive: true });
    const resources = ['namespace.yaml', 'repository.yaml'];
    writeFileSync(join(nsDir, 'namespace.yaml'), `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels:\n    mlops-portal.io/owner: ${owners[n % owners.length]}\n`);
    writeFileSync(join(nsDir, 'repository.yaml'), `apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: charts-${ns}\nspec:\n  interval: 24h\n  url: https://charts.example.com/${ns}\n`);
    for (let i = 0; i < perNs && count < HELM_RELEASES; i++, count++) {
      const name = `svc-${ns}-${String(i).padStart(3, '0')}`;
      const dependsOn = i > 0 ? `  dependsOn:\n    - name: svc-${ns}-${String(i - 1).padStart(3, '0')}\n` : '';
      const chart = i % 50 === 0 ? 'postgresql' : `app-${i % 7}`;
      writeFileSync(join(nsDir, `${name}.yaml`), `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\nspec:\n  interval: 30m\n${dependsOn}  chart:\n    spec:\n      chart: ${chart}\n      version: "1.\${MINOR:=0}.0"\n      sourceRef:\n        kind: HelmRepository\n        name: charts-${ns}\n  values:\n    replicas: \${REPLICAS:=2}\n`);
      resources.push(`${name}.yaml`);
    }
    writeFileSync(join(nsDir, 'kustomization.yaml'), `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ${ns}\nresources:\n${resources.map(r => `  - ${r}`).join('\n')}\n`);
    layers.push(`---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${ns}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps/${ns}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${n > 0 ? `  dependsOn:\n    - name: team-${String(n - 1).padStart(2, '0')}\n` : ''}  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: bench-settings\n`);
  }
  writeFileSync(join(dir, 'clusters/bench/apps.yaml'), layers.join(''));
  writeFileSync(join(dir, 'clusters/bench/settings.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bench-settings\n  namespace: flux-system\ndata:\n  REPLICAS: "3"\n');
  writeFileSync(join(dir, 'clusters/bench/sync.yaml'), 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://github.com/example/bench\n  ref:\n    branch: main\n');
  return count;
}

const silent = { debug() {}, info() {}, warn() {}, error(m) { console.error(m); }, child() { return silent; } };

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-catalog-'));
  try {
    const t0 = performance.now();
    const generated = generate(dir);
    const generateMs = performance.now() - t0;
    const [provider] = MlopsEntityProvider.fromConfig(
      new ConfigReader({ catalog: { providers: { mlops: { bench: { path: dir, paths: ['clusters/bench'], defaultOwner: 'group:default/platform-team', autoLayers: 'namespace' } } } } }),
      { logger: silent, urlReader: { readTree() { throw new Error('not used'); } } },
    );
    const mutations = [];
    await provider.connect({ applyMutation: async m => { mutations.push(m); }, refresh: async () => {} });

    const s1 = performance.now();
    const first = await provider.run();
    const firstMs = performance.now() - s1;
    const s2 = performance.now();
    const second = await provider.run();
    const secondMs = performance.now() - s2;
    if (!first.ok || !second.ok) throw new Error(`run failed: ${first.error ?? second.error}`);

    const firstMutation = mutations[0];
    const result = {
      helmReleases: generated,
      namespaces: NAMESPACES,
      entities: first.entities,
      problems: first.problems,
      firstRunMs: Math.round(firstMs),
      firstMutation: `${firstMutation.type} (${firstMutation.entities?.length ?? firstMutation.added.length} entities)`,
      secondRunMs: Math.round(secondMs),
      secondRunMutations: mutations.length - 1,
      generateMs: Math.round(generateMs),
    };
    const pass = firstMs < LIMIT_MS && mutations.length === 1;
    console.log(JSON.stringify({ ...result, pass }, null, 2));
    if (write) writeResults(result, pass);
    process.exitCode = pass ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function writeResults(r, pass) {
  const file = join(repoRoot, 'docs/benchmarks.md');
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${osType()} ${release()}, Node ${process.version}; load average ${loadavg().map(l => l.toFixed(1)).join(' / ')} (1/5/15 min; the machine is shared)`;
  const section = [
    '## Catalog ingestion',
    '',
    'What: `plugins/catalog-backend-module-mlops` ingesting a generated Flux repository',
    `(${r.helmReleases.toLocaleString('en-US')} HelmReleases across ${r.namespaces} namespaces, one file each, one Flux Kustomization per`,
    'namespace with `dependsOn` and `postBuild.substituteFrom`), read from disk, walked like',
    'kustomize-controller, mapped to entities and diffed; the catalog connection is in memory,',
    'so this measures the provider, not the catalog\'s own processing of the entities.',
    '',
    'Command: `yarn bench:catalog` (runs `node plugins/catalog-backend-module-mlops/bench/catalog.mjs`)',
    '',
    `Machine: ${machine}. Measured ${new Date().toISOString()}.`,
    '',
    '| measure | result | target |',
    '|---|---|---|',
    `| first run (full mutation) | ${(r.firstRunMs / 1000).toFixed(2)} s, ${r.entities.toLocaleString('en-US')} entities | < 10 s |`,
    `| second run, unchanged repo | ${(r.secondRunMs / 1000).toFixed(2)} s, ${r.secondRunMutations} mutations applied | 0 mutations |`,
    `| problems reported | ${r.problems} | 0 |`,
    '',
    `Result: ${pass ? 'pass' : 'FAIL'}. First mutation: ${r.firstMutation}. Generating the repository took ${(r.generateMs / 1000).toFixed(2)} s (not counted).`,
    '',
  ].join('\n');
  mkdirSync(dirname(file), { recursive: true });
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\n';
  // Replace only this section: from its heading to the next `## ` heading.
  const start = text.indexOf('## Catalog ingestion');
  let out;
  if (start < 0) out = `${text.replace(/\n*$/, '\n\n')}${section}`;
  else {
    const next = text.indexOf('\n## ', start + 1);
    out = text.slice(0, start) + section + (next < 0 ? '' : `\n${text.slice(next + 1)}`);
  }
  writeFileSync(file, out);
  console.log(`wrote ${file}`);
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
