/*
 * One job: write a GitOps repository with N platform components for the UI
 * benchmark (bench/ui.mjs), and prove it is one.
 *
 * The tree is the reference platform (`gitops/`) plus generated HelmReleases
 * spread round-robin over the 7 layers, written the way gitops/README.md says
 * a component is added: `<name>.yaml` in the layer's folder (the `spec.path`
 * of its Flux Kustomization), in the layer's namespace, with the owner and
 * layer labels, listed (sorted) in that folder's kustomization.yaml. The
 * generated releases share one HelmRepository per layer (`bench-charts.yaml`)
 * instead of one each, so the page's extra tiles are the components asked
 * for, not 2,000 chart sources.
 *
 * Checks, before anything starts: packages/gitops-check finds no problem, and
 * the catalog module's own provider (MlopsEntityProvider, run in memory as
 * `yarn bench:catalog` does) maps the tree to exactly N Components.
 */
import { createRequire } from 'node:module';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const require = createRequire(import.meta.url);
// Backstage's TypeScript transform for Node (what `backstage-cli package
// start` uses), so the workspace packages run from source.
require(join(root, 'node_modules/@backstage/cli/config/nodeTransform.cjs'));
// This script drives the catalog module, so it takes yaml and
// @backstage/config from there (its declared dependencies), not from this
// frontend package.
const catalogModuleRequire = createRequire(join(root, 'plugins/catalog-backend-module-mlops/package.json'));
const { parseDocument } = catalogModuleRequire('yaml');

/**
 * Each layer's folder (its Flux Kustomization's spec.path) and owner (its
 * Namespace's mlops-portal.io/owner label), read from the tree itself, so
 * the generated releases follow gitops/ as it is (gitops-check and
 * packages/gitops-check/src/referencePlatform.test.ts hold it to the layout).
 */
function readLayerLayout(gitopsDir, layers) {
  const { loadManifests } = require(join(root, 'packages/gitops-check/src/index.ts'));
  const objects = loadManifests(gitopsDir).map(d => d.object).filter(Boolean);
  return layers.map(l => {
    const ks = objects.find(
      o => o.kind === 'Kustomization' && o.metadata?.labels?.['mlops-portal.io/layer'] === l.id && o.spec?.path,
    );
    const ns = objects.find(o => o.kind === 'Namespace' && o.metadata?.name === l.namespace);
    const owner = ns?.metadata?.labels?.['mlops-portal.io/owner'];
    if (!ks || !owner) {
      throw new Error(`gitops/ has no Flux Kustomization or owned Namespace for layer ${l.id}`);
    }
    return { id: l.id, namespace: l.namespace, owner, folder: ks.spec.path.replace(/^\.\/gitops\//, ''), files: [] };
  });
}

const silent = { debug() {}, info() {}, warn() {}, error() {}, child() { return silent; } };

/** Runs the catalog module's provider over `gitopsDir` and counts what it emits, per kind. */
export async function countEntities(gitopsDir) {
  const { MlopsEntityProvider } = require(join(root, 'plugins/catalog-backend-module-mlops/src/index.ts'));
  const { ConfigReader } = catalogModuleRequire('@backstage/config');
  const [provider] = MlopsEntityProvider.fromConfig(
    new ConfigReader({
      catalog: {
        providers: {
          mlops: {
            // gitops/ of the platform repository, as app-config.yaml reads it.
            bench: {
              path: gitopsDir,
              repoUrl: 'https://github.com/mlops-portal/mlops-platform/tree/main/gitops',
              defaultOwner: 'group:default/platform-team',
              autoLayers: 'namespace',
            },
          },
        },
      },
    }),
    { logger: silent, urlReader: { readTree() { throw new Error('not used'); } } },
  );
  let entities = [];
  await provider.connect({
    applyMutation: async m => { entities = (m.entities ?? m.added).map(e => e.entity); },
    refresh: async () => {},
  });
  const result = await provider.run();
  if (!result.ok) throw new Error(`the catalog provider failed on ${gitopsDir}: ${result.error}`);
  const byKind = {};
  for (const e of entities) byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
  return { byKind, problems: result.problems, entities };
}

function helmRepository({ namespace: ns, id: layer, owner }) {
  return [
    '# Chart source shared by the generated benchmark components of this layer.',
    'apiVersion: source.toolkit.fluxcd.io/v1',
    'kind: HelmRepository',
    'metadata:',
    '  name: bench-charts',
    `  namespace: ${ns}`,
    '  labels:',
    `    mlops-portal.io/owner: ${owner}`,
    `    mlops-portal.io/layer: ${layer}`,
    'spec:',
    '  interval: 12h',
    '  url: https://charts.example.invalid/mlops-bench',
    '',
  ].join('\n');
}

function helmRelease(name, { namespace: ns, id: layer, owner }, i) {
  return [
    'apiVersion: helm.toolkit.fluxcd.io/v2',
    'kind: HelmRelease',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${ns}`,
    '  labels:',
    `    mlops-portal.io/owner: ${owner}`,
    `    mlops-portal.io/layer: ${layer}`,
    'spec:',
    '  interval: 30m',
    '  chart:',
    '    spec:',
    `      chart: app-${i % 7}`,
    `      version: "1.${i % 9}.0"`,
    '      sourceRef:',
    '        kind: HelmRepository',
    '        name: bench-charts',
    '  values:',
    '    replicaCount: 1',
    '',
  ].join('\n');
}

/**
 * Writes `<dir>/gitops` (Flux paths read `./gitops/...`, so `<dir>` is the
 * Git source root) with `components` Components in all, and returns what
 * was generated. Throws when gitops-check or the provider disagree.
 */
export async function writeFleetTree(dir, components) {
  const gitopsDir = join(dir, 'gitops');
  mkdirSync(dir, { recursive: true });
  cpSync(join(root, 'gitops'), gitopsDir, { recursive: true });
  const reference = (await countEntities(gitopsDir)).byKind.Component ?? 0;
  const generated = components - reference;
  if (generated < 0) throw new Error(`components must be at least ${reference} (the reference platform's own)`);
  const { DEFAULT_LAYERS } = require(join(root, 'plugins/mlops-common/src/index.ts'));
  const layers = readLayerLayout(gitopsDir, DEFAULT_LAYERS);
  const names = [];
  for (let i = 0; i < generated; i++) {
    const layer = layers[i % layers.length];
    const name = `bench-${String(i).padStart(4, '0')}`;
    writeFileSync(join(gitopsDir, layer.folder, `${name}.yaml`), helmRelease(name, layer, i));
    layer.files.push(`${name}.yaml`);
    names.push({ name, namespace: layer.namespace, layer: layer.id });
  }
  for (const layer of layers) {
    if (!layer.files.length) continue;
    writeFileSync(join(gitopsDir, layer.folder, 'bench-charts.yaml'), helmRepository(layer));
    const file = join(gitopsDir, layer.folder, 'kustomization.yaml');
    // parseDocument keeps the file's comments; resources stay sorted as the
    // repository's convention (and gitops-check) require.
    const doc = parseDocument(readFileSync(file, 'utf8'));
    const resources = doc.get('resources')?.toJSON() ?? [];
    doc.set('resources', [...resources, 'bench-charts.yaml', ...layer.files].sort());
    writeFileSync(file, doc.toString());
  }

  const { checkGitops } = require(join(root, 'packages/gitops-check/src/index.ts'));
  const problems = checkGitops(gitopsDir, { sourceRoot: dir, owners: ['platform-team', 'data-team', 'ml-team'] });
  if (problems.length) {
    throw new Error(`gitops-check found ${problems.length} problem(s) in the generated tree, first: ${JSON.stringify(problems[0])}`);
  }
  const counted = await countEntities(gitopsDir);
  if (counted.byKind.Component !== components) {
    throw new Error(`the catalog provider maps the generated tree to ${counted.byKind.Component} Components, not ${components}`);
  }
  return { gitopsDir, sourceRoot: dir, reference, generated: names, entities: counted.byKind };
}
