import fs from 'node:fs';
import path from 'node:path';

/**
 * The whole `.git/config` of every repository the portal makes where
 * files can be planted (a clone in a task workspace, an ML project
 * repository). Written right after `clone`/`init` and compared byte for byte
 * before every later git call, so no key of the repository's config can be
 * anyone else's: not the ones a command-line override cannot reach
 * (`filter.<x>.clean`, `diff.<x>.textconv`, `include.path`,
 * `remote.<x>.receivepack`, `url.<x>.insteadOf`, `core.worktree`,
 * `extensions.*`), not any other. No remote: pushes and reads name the
 * configured repository by path.
 */
export const CANONICAL_REPO_CONFIG = [
  '[core]',
  '\trepositoryformatversion = 0',
  '\tfilemode = true',
  '\tbare = false',
  '\tlogallrefupdates = false',
  '\tsymlinks = false',
  '',
].join('\n');

/**
 * Entries git would follow out of the repository or that only exist to
 * change what git runs or reads; git makes none of them in a clone or an
 * `init --template=`.
 */
const FORBIDDEN_IN_GIT_DIR = [
  'commondir',
  'config.worktree',
  'worktrees',
  'modules',
  'hooks',
  'info/attributes',
  'info/grafts',
  'objects/info/alternates',
  'objects/info/http-alternates',
  'shallow',
];

/**
 * Checks shared by the two kinds of repository the portal runs git on that
 * live where files can be planted (a clone in a task workspace, an ML
 * project repository): the `.git` folder is a real folder, holds the
 * portal's own config byte for byte, and nothing in it can send git
 * elsewhere (a common dir, alternates, per-worktree config, attributes,
 * hooks, symlinks or special files). Returns the first problem, or
 * undefined.
 */
export function gitDirProblem(gitDir: string, canonicalConfig: string): string | undefined {
  const st = fs.lstatSync(gitDir, { throwIfNoEntry: false });
  if (!st) return 'it has no .git folder';
  if (st.isSymbolicLink()) return '.git is a symbolic link';
  if (!st.isDirectory()) return '.git is a file (a gitfile pointing elsewhere), not a folder';
  for (const rel of FORBIDDEN_IN_GIT_DIR) {
    if (fs.lstatSync(path.join(gitDir, rel), { throwIfNoEntry: false })) {
      return `.git/${rel} exists`;
    }
  }
  const special = firstSpecialEntry(gitDir);
  if (special) return special;
  let config: string;
  try {
    config = fs.readFileSync(path.join(gitDir, 'config'), 'utf8');
  } catch {
    return '.git/config is missing';
  }
  if (config !== canonicalConfig) return ".git/config is not the portal's";
  return undefined;
}

/** A symlink, FIFO, socket or device anywhere below `dir`, described; else undefined. */
function firstSpecialEntry(dir: string): string | undefined {
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (!e.isFile()) {
        return `.git/${path.relative(dir, p)} is a symbolic link or special file`;
      }
    }
  }
  return undefined;
}

/**
 * A `.git` entry (folder, file or link, any letter case) anywhere below
 * `root` (other than `root/.git` itself when `allowTop`): a nested repository that git would treat
 * as a submodule or embedded repository. Returns its path relative to root.
 */
export function nestedGitEntry(root: string, opts: { allowTop?: boolean } = { allowTop: true }): string | undefined {
  const stack = [root];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.name.toLowerCase() === '.git') {
        if (d !== root || e.name !== '.git' || !opts.allowTop) return path.relative(root, p) || e.name;
        continue;
      }
      if (e.isDirectory()) stack.push(p);
    }
  }
  return undefined;
}
