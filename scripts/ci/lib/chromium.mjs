// Debian's Chromium as every browser run of this repository launches it: the
// root end-to-end tests (playwright.config.ts), the real-cluster tier's
// (packages/real-cluster/playwright.real.config.ts) and the UI benchmarks
// (plugins/mlops/bench). Playwright's own browser download cannot work on
// these machines.

/** The browser binary: CHROMIUM_PATH, else Debian's. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launch flags. Without the networking ones Chromium floods this closed
 * network with refused connections (../shared/design/environment.md).
 */
export const CHROMIUM_ARGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);
