import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { main } from './cli';

const FIXTURE = path.join(__dirname, '__fixtures__', 'gitops');

describe('kube-sim CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-sim-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('starts several clusters, each with its own port and kubeconfig context, and writes the files asked for', async () => {
    const lines: string[] = [];
    const sim = await main(
      ['--gitops', FIXTURE, '--scenario', 'degraded', '--port', '0', '--clusters', '2', '--kubeconfig', path.join(dir, 'kc.yaml'), '--ca-file', path.join(dir, 'ca.pem'), '--info', path.join(dir, 'info.json'), '--token', 'fixed-token-for-app-config', '--step-ms', '0'],
      l => lines.push(l),
    );
    try {
      expect(sim).toBeDefined();
      const kc = parse(fs.readFileSync(path.join(dir, 'kc.yaml'), 'utf8'));
      expect(kc.contexts.map((c: any) => c.name)).toEqual(['kube-sim-1', 'kube-sim-2']);
      const urls = kc.clusters.map((c: any) => c.cluster.server);
      expect(new Set(urls).size).toBe(2);
      for (const u of urls) expect(u).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(kc.users[0].user.token).toBe('fixed-token-for-app-config');
      expect(fs.readFileSync(path.join(dir, 'ca.pem'), 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
      const info = JSON.parse(fs.readFileSync(path.join(dir, 'info.json'), 'utf8'));
      expect(info.clusters.map((c: any) => c.url)).toEqual(urls);
      expect(lines.join('\n')).toContain(urls[1]);
      // Printed output never carries a token.
      expect(lines.join('\n')).not.toContain('fixed-token-for-app-config');
    } finally {
      await sim?.stop();
    }
  });

  it('names the bad flag', async () => {
    await expect(main(['--clusters', 'three'], () => {})).rejects.toThrow(/--clusters must be a non-negative integer/);
    await expect(main(['--bogus'], () => {})).rejects.toThrow(/Unknown option '--bogus'/);
    await expect(main(['--gitops-repo', '/tmp', '--gitops', 'gitops'], () => {})).rejects.toThrow(/--gitops-repo excludes --gitops/);
    await expect(main(['--gitops-repo', '/tmp', '--gitops-branch', '../main'], () => {})).rejects.toThrow(/gitopsRepo.branch/);
  });
});
