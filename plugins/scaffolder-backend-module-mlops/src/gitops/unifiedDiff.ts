import { createTwoFilesPatch } from 'diff';

/** One file's change: `before`/`after` undefined mean absent. */
export interface FileChange {
  /** Path relative to the repository root, forward slashes. */
  path: string;
  before?: string;
  after?: string;
}

/**
 * A `git diff`-style unified diff of the given changes (`a/` and `b/`
 * prefixes, `/dev/null` for created and deleted files) so it can be read in a
 * review or applied with `git apply`.
 */
export function unifiedDiff(changes: FileChange[]): string {
  return changes
    .filter(c => c.before !== c.after)
    .map(c => {
      const oldName = c.before === undefined ? '/dev/null' : `a/${c.path}`;
      const newName = c.after === undefined ? '/dev/null' : `b/${c.path}`;
      const patch = createTwoFilesPatch(
        oldName,
        newName,
        c.before ?? '',
        c.after ?? '',
        undefined,
        undefined,
        { context: 3 },
      );
      // Drop the "=====" banner line createTwoFilesPatch puts first, and make the
      // header look like git's.
      const body = patch.split('\n').slice(1).join('\n');
      return `diff --git a/${c.path} b/${c.path}\n${body}`;
    })
    .join('');
}
