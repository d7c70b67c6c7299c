import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Test helpers only (never in a production build), so __dirname is right here.
/* eslint-disable no-restricted-syntax */
/** The reference GitOps repo of this monorepo (gitops/). */
export const REFERENCE_GITOPS = path.resolve(__dirname, '../../../../gitops');
/** A Flux repo laid out like fluxcd/flux2-kustomize-helm-example. */
export const FLUX_REPO_FIXTURE = path.resolve(__dirname, '../__fixtures__/flux-repo');
/* eslint-enable no-restricted-syntax */

/**
 * A fresh workspace with a copy of `source` in `<workspace>/gitops`, as the
 * fetch step of a template leaves it. Removed by the returned cleanup.
 */
export function makeWorkspace(source: string): {
  workspacePath: string;
  repo: string;
  read: (rel: string) => string;
  cleanup: () => void;
} {
  const workspacePath = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-scaffolder-'));
  const repo = path.join(workspacePath, 'gitops');
  fs.cpSync(source, repo, { recursive: true });
  return {
    workspacePath,
    repo,
    read: rel => fs.readFileSync(path.join(repo, rel), 'utf8'),
    cleanup: () => fs.rmSync(workspacePath, { recursive: true, force: true }),
  };
}

/** Every file below `dir` with its content, for "nothing changed" checks. */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== '.git') walk(p);
      } else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/**
 * Every entry below `dir`, `.git` included, symlinks recorded as links (never
 * followed): for "nothing changed" checks where links may have been planted.
 */
export function snapshotEntries(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p);
      if (e.isSymbolicLink()) out[rel] = `-> ${fs.readlinkSync(p)}`;
      else if (e.isDirectory()) walk(p);
      else out[rel] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}
