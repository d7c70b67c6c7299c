import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const author = ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid'];

/** Runs git synchronously in `cwd` (tests only). */
export function gitSync(cwd: string, ...args: string[]): string {
  return execFileSync('git', [...author, ...args], { cwd, encoding: 'utf8' });
}

/**
 * A real Git repository in a temp dir with `source` committed on `main`
 * under `subdir` (or at the root), as the local GitOps repository.
 */
export function makeGitRepo(source: string, subdir = ''): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-gitops-remote-'));
  gitSync(dir, 'init', '--quiet', '--initial-branch=main');
  fs.cpSync(source, path.join(dir, subdir), { recursive: true });
  gitSync(dir, 'add', '--all');
  gitSync(dir, 'commit', '--quiet', '-m', 'Initial platform');
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** An empty workspace folder. */
export function makeEmptyWorkspace(): { workspacePath: string; cleanup: () => void } {
  const workspacePath = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-ws-'));
  return { workspacePath, cleanup: () => fs.rmSync(workspacePath, { recursive: true, force: true }) };
}
