#!/usr/bin/env node
// Runs the TypeScript sources directly through Backstage's node transform
// (@backstage/cli/config/nodeTransform.cjs, the same hook `backstage-cli
// package start` uses), so no build step is needed.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('@backstage/cli/config/nodeTransform.cjs');
const { main } = require('../src/cli.ts');

main(process.argv.slice(2)).then(
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
