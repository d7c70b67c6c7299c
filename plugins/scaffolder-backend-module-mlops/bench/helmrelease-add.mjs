#!/usr/bin/env node
// Benchmark: mlops:helmrelease:add on a GitOps repo holding 2,000 HelmReleases.
// Budget (issue 7): under 300 ms inside the action. Measures the action's
// handler end to end (read + scan the repo, plan, diff, write), on a copy of
// the reference gitops/ grown to 2,000 releases across the layer folders.
//
//   node bench/helmrelease-add.mjs [--releases 2000] [--runs 30]
//
// Prints a JSON summary; exits 1 when the median is over budget.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
// Backstage's own TypeScript transform for Node (what `backstage-cli` uses).
require('@backstage/cli/config/nodeTransform.cjs');

const here = path.dirname(fileURLToPath(import.meta.url));
const { createHelmReleaseAddAction } = require(path.join(here, '../src/actions/helmReleaseAdd.ts'));

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const RELEASES = arg('releases', 2000);
const RUNS = arg('runs', 30);
const WARMUP = 3;
const BUDGET_MS = 300;

const reference = path.resolve(here, '../../../gitops');
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-helmrelease-add-'));
const repo = path.join(workspace, 'gitops');
fs.cpSync(reference, repo, { recursive: true });

// Grow the repo: releases spread over the layer folders, each listed in its
// folder's kustomization.yaml, one HelmRepository per 10 releases.
const folders = [
  ['components/platform-operators', 'platform-operators'],
  ['components/orchestration', 'orchestration'],
  ['components/ml-lifecycle', 'ml-lifecycle'],
  ['components/observability', 'observability'],
];
for (let i = 0; i < RELEASES; i++) {
  const [folder, ns] = folders[i % folders.length];
  const name = `bench-${String(i).padStart(4, '0')}`;
  const repoName = `bench-charts-${Math.floor(i / 10)}`;
  const withRepo = i % 10 === 0;
  const text = `${withRepo ? `# Bench chart repository ${repoName}
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: ${repoName}
  namespace: ${ns}
spec:
  interval: 12h
  url: https://charts.example.com/${repoName}
---
` : ''}apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    mlops-portal.io/owner: platform-team
spec:
  interval: 30m
  chart:
    spec:
      chart: ${name}
      version: "1.${i % 50}.0"
      sourceRef:
        kind: HelmRepository
        name: ${repoName}
  values:
    # a comment, as real values have
    replicaCount: 2
    resources:
      requests:
        cpu: 100m
        memory: 128Mi
`;
  fs.writeFileSync(path.join(repo, folder, `${name}.yaml`), text);
  const k = path.join(repo, folder, 'kustomization.yaml');
  fs.writeFileSync(k, `${fs.readFileSync(k, 'utf8')}  - ${name}.yaml\n`);
}

const action = createHelmReleaseAddAction();
const silent = { info() {}, warn() {}, error() {}, debug() {}, child() { return silent; } };
async function once(n, dryRun) {
  const outputs = {};
  const ctx = {
    workspacePath: workspace,
    input: {
      repoPath: 'gitops',
      name: `added-${n}`,
      layer: 'platform-operators',
      chart: 'redis-operator',
      version: '0.18.0',
      helmRepoUrl: 'https://ot-container-kit.github.io/helm-charts/',
      values: 'replicas: 1 # one\n',
      owner: 'group:default/platform-team',
    },
    logger: silent,
    output: (k, v) => {
      outputs[k] = v;
    },
    checkpoint: async ({ fn }) => fn(),
    createTemporaryDirectory: async () => fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')),
    getInitiatorCredentials: async () => ({}),
    task: { id: 'bench' },
    isDryRun: dryRun,
  };
  const t0 = performance.now();
  await action.handler(ctx);
  const ms = performance.now() - t0;
  if (!dryRun && outputs.filesChanged.length !== 2) throw new Error(`unexpected change: ${outputs.filesChanged}`);
  return ms;
}

const stats = xs => {
  const s = [...xs].sort((a, b) => a - b);
  const q = p => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { min: +s[0].toFixed(1), median: +q(0.5).toFixed(1), p95: +q(0.95).toFixed(1), max: +s[s.length - 1].toFixed(1) };
};

for (let i = 0; i < WARMUP; i++) await once(`warm-${i}`, true);
const real = [];
const dry = [];
for (let i = 0; i < RUNS; i++) {
  dry.push(await once(`dry-${i}`, true));
  real.push(await once(i, false));
}
const yamlFiles = fs.readdirSync(repo, { recursive: true }).filter(f => String(f).endsWith('.yaml')).length;
const result = {
  benchmark: 'mlops:helmrelease:add',
  releasesInRepo: RELEASES,
  yamlFilesInRepo: yamlFiles,
  runs: RUNS,
  budgetMs: BUDGET_MS,
  writeMs: stats(real),
  dryRunMs: stats(dry),
  node: process.version,
  cpus: `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown'}`,
  memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
};
console.log(JSON.stringify(result, null, 2));
fs.rmSync(workspace, { recursive: true, force: true });
if (result.writeMs.median > BUDGET_MS) {
  console.error(`median ${result.writeMs.median} ms is over the ${BUDGET_MS} ms budget`);
  process.exit(1);
}
