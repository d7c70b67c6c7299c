import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '@backstage/errors';

/**
 * Resolves `relative` inside `root` and refuses anything that could end up
 * outside it: absolute paths, `..` segments, and symlinks (of the target or of
 * any existing parent) pointing out of `root`. `field` names the input the
 * path came from, for the error message.
 */
export function resolveInside(
  root: string,
  relative: string,
  field: string,
): string {
  if (typeof relative !== 'string' || relative.includes('\0')) {
    throw new InputError(`${field}: must be a relative path`);
  }
  if (path.isAbsolute(relative) || /^[a-zA-Z]:[\\/]/.test(relative)) {
    throw new InputError(
      `${field}: must be a path relative to the workspace, got an absolute path '${relative}'`,
    );
  }
  if (relative.length > 1024) {
    throw new InputError(`${field}: must be at most 1024 characters`);
  }
  const segments = relative.split(/[\\/]+/);
  if (segments.includes('..')) {
    throw new InputError(`${field}: must not contain '..' ('${relative}')`);
  }
  // A segment starting with '-' reads as an option wherever a path is passed on.
  if (segments.some(s => s.startsWith('-'))) {
    throw new InputError(`${field}: no part of the path may start with '-' ('${relative}')`);
  }
  const rootReal = fs.realpathSync(root);
  const resolved = path.resolve(rootReal, relative);
  if (!isWithin(rootReal, resolved)) {
    throw new InputError(`${field}: '${relative}' is outside the workspace`);
  }
  // Walk up to the nearest existing ancestor and check where it really is, so
  // a symlinked folder in a fetched repo cannot redirect writes elsewhere.
  let probe = resolved;
  // lstat, not exists: a dangling symlink "does not exist" for existsSync,
  // yet writing to it would create its (possibly outside) target.
  const lexists = (p: string) => fs.lstatSync(p, { throwIfNoEntry: false }) !== undefined;
  while (!lexists(probe) && probe !== rootReal) {
    const parent = path.dirname(probe);
    if (parent === probe) break;
    probe = parent;
  }
  let real: string;
  try {
    real = fs.realpathSync(probe);
  } catch {
    // A dangling symlink: realpath fails, lstat succeeds.
    throw new InputError(`${field}: '${relative}' is a broken symbolic link`);
  }
  if (!isWithin(rootReal, real)) {
    throw new InputError(
      `${field}: '${relative}' resolves through a symbolic link to outside the workspace`,
    );
  }
  return resolved;
}

/** True when `child` is `parent` or below it. */
export function isWithin(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** `p` relative to `root`, with forward slashes (for diffs and outputs). */
export function toPosixRelative(root: string, p: string): string {
  return path.relative(root, p).split(path.sep).join('/');
}
