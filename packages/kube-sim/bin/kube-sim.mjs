#!/usr/bin/env node
// Installed from the package (npx, yarn add), only the built dist/ ships, so
// that is what runs. In the repository checkout src/ is there and is run
// directly through Backstage's node transform (the hook `backstage-cli
// package start` uses), so development needs no build and never runs a stale
// dist/.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

const require = createRequire(import.meta.url);
const fromSource = existsSync(new URL('../src/cli.ts', import.meta.url));
let runCli;
if (fromSource) {
  require('@backstage/cli/config/nodeTransform.cjs');
  runCli = require('../src/cli.ts').main;
} else {
  runCli = require('../dist/index.cjs.js').runCli;
}

runCli(process.argv.slice(2)).then(
  sim => {
    if (!sim) return;
    const stop = () => {
      sim.stop().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  },
  err => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
