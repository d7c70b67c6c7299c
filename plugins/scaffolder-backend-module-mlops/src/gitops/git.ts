import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * Identity for commits the portal makes.
 * @public
 */
export interface GitAuthor {
  /** Author and committer name. */
  name: string;
  /** Author and committer email. */
  email: string;
}

/**
 * Runs real `git` without a shell (arguments are never parsed by one, so
 * branch names and messages cannot inject commands). Prompts are disabled:
 * a backend has nobody to answer them.
 */
export async function git(
  cwd: string,
  args: string[],
  opts: { author?: GitAuthor; input?: string; env?: Record<string, string> } = {},
): Promise<string> {
  const pre: string[] = [];
  if (opts.author) {
    pre.push('-c', `user.name=${opts.author.name}`, '-c', `user.email=${opts.author.email}`);
  }
  try {
    const { stdout } = await execFileAsync('git', [...pre, ...args], {
      cwd,
      maxBuffer: 256 * 1024 * 1024,
      env: {
        ...process.env,
        GIT_TERMINAL_PROMPT: '0',
        // Never pick up the machine's or user's git config hooks/editors.
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_EDITOR: 'true',
        ...opts.env,
      },
    });
    return stdout;
  } catch (e: any) {
    const stderr = String(e?.stderr ?? '').trim();
    throw new Error(`git ${args[0]} failed: ${stderr || e?.message}`);
  }
}

/** True when `git check-ref-format --branch` accepts the name. */
export async function isValidBranchName(cwd: string, name: string): Promise<boolean> {
  if (name.startsWith('-')) return false;
  try {
    await git(cwd, ['check-ref-format', '--branch', name]);
    return true;
  } catch {
    return false;
  }
}
