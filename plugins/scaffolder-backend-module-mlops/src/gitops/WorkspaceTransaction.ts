import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveInside, toPosixRelative } from './workspacePaths';
import { FileChange, unifiedDiff } from './unifiedDiff';

/**
 * Collects file writes and deletions for one action run, shows them as a
 * unified diff, and applies them all-or-nothing: the original content of
 * every touched file is kept, and if any write fails everything already
 * written is put back (created files and folders removed), so a failed action
 * leaves the workspace as it was.
 */
export class WorkspaceTransaction {
  private readonly staged = new Map<string, { before?: string; after?: string }>();

  /**
   * @param root - absolute folder every path must stay inside (the checkout)
   * @param diffRoot - folder the diff paths are relative to (defaults to root)
   */
  constructor(
    private readonly root: string,
    private readonly diffRoot: string = root,
  ) {}

  /** Absolute path of `relative` inside the root, checked (see resolveInside). */
  resolve(relative: string, field: string): string {
    return resolveInside(this.root, relative, field);
  }

  /** Current content of a file as this transaction would leave it. */
  async read(absPath: string): Promise<string | undefined> {
    const staged = this.staged.get(absPath);
    if (staged) return staged.after;
    return readIfExists(absPath);
  }

  /** Stages new content for a file (created if absent). */
  async write(absPath: string, content: string): Promise<void> {
    await this.stage(absPath, content);
  }

  /** Stages the deletion of a file. */
  async remove(absPath: string): Promise<void> {
    await this.stage(absPath, undefined);
  }

  private async stage(absPath: string, after: string | undefined) {
    // Re-check at stage time: callers pass absolute paths they built.
    resolveInside(this.root, path.relative(this.root, absPath) || '.', 'path');
    const existing = this.staged.get(absPath);
    if (existing) {
      existing.after = after;
    } else {
      this.staged.set(absPath, { before: await readIfExists(absPath), after });
    }
  }

  /** The staged changes that really change something, sorted by path. */
  changes(): FileChange[] {
    return [...this.staged.entries()]
      .filter(([, c]) => c.before !== c.after)
      .map(([abs, c]) => ({
        path: toPosixRelative(this.diffRoot, abs),
        before: c.before,
        after: c.after,
      }))
      .sort((a, b) => a.path.localeCompare(b.path));
  }

  /** Paths (relative to diffRoot) of the files that change. */
  filesChanged(): string[] {
    return this.changes().map(c => c.path);
  }

  /** Unified diff of the staged changes. */
  diff(): string {
    return unifiedDiff(this.changes());
  }

  /**
   * Writes every staged change. On failure, restores what was written so far
   * and rethrows.
   */
  async commit(): Promise<void> {
    const done: Array<{ abs: string; before?: string }> = [];
    const createdDirs: string[] = [];
    try {
      for (const [abs, c] of this.staged) {
        if (c.before === c.after) continue;
        if (c.after === undefined) {
          await fs.rm(abs, { force: true });
        } else {
          const dir = path.dirname(abs);
          const firstCreated = await fs.mkdir(dir, { recursive: true });
          if (firstCreated) createdDirs.push(firstCreated);
          await fs.writeFile(abs, c.after, 'utf8');
        }
        done.push({ abs, before: c.before });
      }
    } catch (error) {
      await this.rollback(done, createdDirs);
      throw error;
    }
  }

  private async rollback(
    done: Array<{ abs: string; before?: string }>,
    createdDirs: string[],
  ) {
    for (const { abs, before } of done.reverse()) {
      if (before === undefined) {
        await fs.rm(abs, { force: true });
      } else {
        await fs.writeFile(abs, before, 'utf8');
      }
    }
    for (const dir of createdDirs.reverse()) {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
}

async function readIfExists(absPath: string): Promise<string | undefined> {
  try {
    return await fs.readFile(absPath, 'utf8');
  } catch (e: any) {
    if (e?.code === 'ENOENT') return undefined;
    throw e;
  }
}
