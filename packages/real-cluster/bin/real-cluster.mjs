#!/usr/bin/env node
// The real-cluster tier's Node processes, run by scripts/cluster.sh:
//   real-cluster.mjs sources --port N --repo NAME=BARE_DIR... --charts SRC_DIR --charts-out DIR
//   real-cluster.mjs operator --kubeconfig FILE [--scenario NAME]
// TypeScript runs through Backstage's node transform, as kube-sim's bin does.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
require('@backstage/cli/config/nodeTransform.cjs');
const { startSourcesServer, buildChartRepository, startStandinOperator } = require('../src/index.ts');

const [command, ...rest] = process.argv.slice(2);
const log = msg => console.log(`${new Date().toISOString()} ${msg}`);

async function main() {
  if (command === 'sources') {
    const { values } = parseArgs({ args: rest, options: { port: { type: 'string' }, repo: { type: 'string', multiple: true }, charts: { type: 'string' }, 'charts-out': { type: 'string' } } });
    const repos = {};
    for (const r of values.repo ?? []) {
      const i = r.indexOf('=');
      if (i < 1) throw new TypeError(`--repo must be NAME=DIR, got '${r}'`);
      repos[r.slice(0, i)] = r.slice(i + 1);
    }
    let chartsDir;
    if (values.charts) {
      if (!values['charts-out']) throw new TypeError('--charts needs --charts-out');
      const charts = buildChartRepository(values.charts, values['charts-out']);
      log(`chart repository: ${charts.map(c => `${c.name}-${c.version}`).join(', ')}`);
      chartsDir = values['charts-out'];
    }
    const server = await startSourcesServer({ port: Number(values.port ?? 0), repos, chartsDir });
    log(`sources server on ${server.url} (git: ${Object.keys(repos).map(n => `/git/${n}.git`).join(', ')}; charts: /charts/)`);
    return server;
  }
  if (command === 'operator') {
    const { values } = parseArgs({ args: rest, options: { kubeconfig: { type: 'string' }, scenario: { type: 'string' } } });
    if (!values.kubeconfig) throw new TypeError('--kubeconfig is required');
    const op = await startStandinOperator({ kubeconfig: readFileSync(values.kubeconfig, 'utf8'), scenario: values.scenario, log });
    return { close: () => op.stop() };
  }
  throw new TypeError(`unknown command '${command ?? ''}' (sources | operator)`);
}

main().then(
  running => {
    const stop = () => Promise.resolve(running.close()).then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  },
  err => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
