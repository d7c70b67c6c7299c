import {
  collectObjects,
  CollectOptions,
  CollectResult,
} from './collectObjects';
import { ReadProblem, RepoFile } from './types';

/**
 * How collectObjects names a file in `parsedFiles`/`invalidFiles`: its path,
 * prefixed with `<repository>:` when it is in another provider's repository.
 */
function fileKey(f: RepoFile): string {
  return f.repository ? `${f.repository}:${f.path}` : f.path;
}

/** A file that failed to parse and was read in its last good version. @public */
export interface KeptFile {
  path: string;
  /** Why the current version was not used (the parse error). */
  reason: string;
}

/** What {@link collectWithLastGood} found. @public */
export interface CollectWithLastGoodResult extends CollectResult {
  /** Files that failed to parse and were read in their last good version. */
  kept: KeptFile[];
  /**
   * Files that failed to parse with no good version known (e.g. broken since
   * start-up): what they held is missing from this run.
   */
  unrecovered: ReadProblem[];
  /**
   * The last good text of every file, to pass to the next run once this
   * run's result is applied: this run's files that parsed, the previous good
   * text of the kept ones; files gone from the repository are dropped (a
   * deleted file is a real removal).
   */
  lastGood: Map<string, string>;
}

/**
 * Like {@link collectObjects}, except that a file which fails to parse (a
 * YAML syntax error, a kustomization that is not a mapping) is read in its
 * last good version, as the catalog keeps the last good version of an entity
 * whose processing fails: one typo must not remove what the file deploys,
 * nor what a broken kustomization or Flux Kustomization leads to. Pure; the
 * caller keeps `lastGood` between runs.
 * @public
 */
export function collectWithLastGood(
  files: RepoFile[],
  options: CollectOptions & { lastGood: ReadonlyMap<string, string> },
): CollectWithLastGoodResult {
  const kept = new Map<string, string>();
  let current = files;
  let result = collectObjects(current, options);
  // A restored file can lead to further files (a restored kustomization
  // lists them), which may be broken too: repeat until nothing is left to
  // restore. Each pass restores at least one more file, so this ends.
  for (;;) {
    const restore = result.invalidFiles.filter(
      f => !kept.has(f.path) && options.lastGood.has(f.path),
    );
    if (restore.length === 0) break;
    for (const f of restore) kept.set(f.path, f.reason);
    current = current.map(f =>
      kept.has(fileKey(f))
        ? { ...f, content: options.lastGood.get(fileKey(f))! }
        : f,
    );
    result = collectObjects(current, options);
  }

  const present = new Set(files.map(fileKey));
  const lastGood = new Map<string, string>();
  for (const [path, content] of options.lastGood) {
    if (present.has(path)) lastGood.set(path, content);
  }
  const texts = new Map(files.map(f => [fileKey(f), f.content]));
  for (const path of result.parsedFiles) {
    if (!kept.has(path) && texts.has(path))
      lastGood.set(path, texts.get(path)!);
  }

  const keptFiles = [...kept].map(([path, reason]) => ({ path, reason }));
  return {
    ...result,
    problems: [
      ...keptFiles.map(k => ({
        path: k.path,
        reason: `${k.reason}; reading its last good version instead`,
      })),
      ...result.problems,
    ],
    kept: keptFiles,
    unrecovered: result.invalidFiles.filter(f => !kept.has(f.path)),
    lastGood,
  };
}
