import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { tierEnv } from '../playwright.real.config';

/**
 * Stops the real-cluster tier the webServer started (the portal itself is
 * stopped by Playwright). Its state stays in <data dir>/real-cluster for a
 * look at the logs; `scripts/portal cluster down --purge` with the same
 * PORTAL_DATA_DIR removes it.
 */
export default function globalTeardown() {
  const root = resolve(__dirname, '../../..');
  execFileSync(resolve(root, 'packages/real-cluster/scripts/cluster.sh'), ['down'], {
    cwd: root,
    env: { ...process.env, ...tierEnv, PORTAL_DATA_DIR: resolve(root, tierEnv.PORTAL_DATA_DIR) },
    stdio: 'inherit',
  });
}
