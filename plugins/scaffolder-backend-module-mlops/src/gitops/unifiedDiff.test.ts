import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { unifiedDiff } from './unifiedDiff';
import { WorkspaceTransaction } from './WorkspaceTransaction';

describe('unifiedDiff and WorkspaceTransaction', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-'));
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'a: 1\nb: 2\n');
    fs.writeFileSync(path.join(dir, 'gone.yaml'), 'x: 1\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('produces a diff that git apply accepts, with created and deleted files', async () => {
    const tx = new WorkspaceTransaction(dir);
    await tx.write(path.join(dir, 'a.yaml'), 'a: 1\nb: 3\n');
    await tx.write(path.join(dir, 'new/b.yaml'), 'c: 4\n');
    await tx.remove(path.join(dir, 'gone.yaml'));
    const diff = tx.diff();
    expect(tx.filesChanged()).toEqual(['a.yaml', 'gone.yaml', 'new/b.yaml']);
    expect(diff).toContain('diff --git a/new/b.yaml b/new/b.yaml\n--- /dev/null\n+++ b/new/b.yaml\n');
    // The same change applied by git to an untouched copy gives the same files.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-copy-'));
    try {
      fs.cpSync(dir, copy, { recursive: true });
      execFileSync('git', ['init', '--quiet'], { cwd: copy });
      execFileSync('git', ['apply', '-'], { cwd: copy, input: diff });
      await tx.commit();
      for (const f of ['a.yaml', 'new/b.yaml']) {
        expect(fs.readFileSync(path.join(copy, f), 'utf8')).toBe(fs.readFileSync(path.join(dir, f), 'utf8'));
      }
      expect(fs.existsSync(path.join(copy, 'gone.yaml'))).toBe(false);
      expect(fs.existsSync(path.join(dir, 'gone.yaml'))).toBe(false);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it('staging the same content is no change', async () => {
    const tx = new WorkspaceTransaction(dir);
    await tx.write(path.join(dir, 'a.yaml'), 'a: 1\nb: 2\n');
    expect(tx.filesChanged()).toEqual([]);
    expect(tx.diff()).toBe('');
    expect(unifiedDiff([{ path: 'x', before: 'same', after: 'same' }])).toBe('');
  });

  it('refuses paths outside its root', async () => {
    const tx = new WorkspaceTransaction(dir);
    await expect(tx.write(path.join(dir, '../escape.yaml'), 'x')).rejects.toThrow(/must not contain '\.\.'|outside/);
  });
});
