import fs from 'node:fs/promises';
import path from 'node:path';
import { toPosixRelative } from './workspacePaths';

/** A YAML file of the checkout, read once per action run. */
export interface RepoFile {
  abs: string;
  /** Relative to the repository root, forward slashes. */
  rel: string;
  text: string;
}

const SKIP_DIRS = new Set(['.git', 'node_modules', '.github']);

/**
 * Reads every `.yaml`/`.yml` file below `root`. Symbolic links are not
 * followed, so a link in a fetched repo cannot make us read outside it.
 */
export async function readRepoYamlFiles(root: string): Promise<RepoFile[]> {
  const out: RepoFile[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    const reads: Promise<void>[] = [];
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) reads.push(walk(abs));
      } else if (e.isFile() && /\.ya?ml$/.test(e.name)) {
        reads.push(
          fs.readFile(abs, 'utf8').then(text => {
            out.push({ abs, rel: toPosixRelative(root, abs), text });
          }),
        );
      }
    }
    await Promise.all(reads);
  }
  await walk(root);
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/**
 * Cheap text test before a full parse: does the file contain `kind: <kind>`?
 * Parsing 2,000 files would cost far more than the action's time budget.
 */
export function mentionsKind(file: RepoFile, kind: string): boolean {
  return new RegExp(`^\\s*kind:\\s*["']?${kind}["']?\\s*$`, 'm').test(file.text);
}

/** Escapes a string for use inside a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
