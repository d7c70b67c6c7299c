import fs from 'node:fs';
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
const kindPatterns = new Map<string, RegExp>();

/**
 * Reads every `.yaml`/`.yml` file below `root`. Symbolic links are not
 * followed, so a link in a fetched repo cannot make us read outside it.
 */
export async function readRepoYamlFiles(root: string): Promise<RepoFile[]> {
  // Synchronous reads on purpose: for thousands of small files they take a
  // fraction of the time of as many promises through the thread pool (see
  // bench/helmrelease-add.mjs), and the action runs in the scaffolder's task
  // worker, not on a request path.
  const out: RepoFile[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(abs);
      } else if (e.isFile() && /\.ya?ml$/.test(e.name)) {
        out.push({ abs, rel: toPosixRelative(root, abs), text: fs.readFileSync(abs, 'utf8') });
      }
    }
  };
  walk(root);
  return out.sort((a, b) => compareStrings(a.rel, b.rel));
}

/**
 * Cheap text test before a full parse: does the file contain `kind: <kind>`?
 * Parsing 2,000 files would cost far more than the action's time budget.
 */
export function mentionsKind(file: RepoFile, kind: string): boolean {
  let re = kindPatterns.get(kind);
  if (!re) {
    re = new RegExp(`^[ \\t]*kind:[ \\t]*["']?${escapeRegExp(kind)}["']?[ \\t\\r]*$`, 'm');
    kindPatterns.set(kind, re);
  }
  return re.test(file.text);
}

/** Escapes a string for use inside a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Plain code-point order (stable across locales). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
