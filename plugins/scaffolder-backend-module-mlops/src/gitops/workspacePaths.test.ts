import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveInside } from './workspacePaths';

describe('resolveInside', () => {
  let root: string;
  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ws-')));
    fs.mkdirSync(path.join(root, 'in'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('resolves relative paths, existing or not', () => {
    expect(resolveInside(root, 'in/x/y.yaml', 'f')).toBe(path.join(root, 'in/x/y.yaml'));
    expect(resolveInside(root, '.', 'f')).toBe(root);
  });

  it.each([
    ['/etc/passwd', /f: must be a path relative to the workspace/],
    ['../x', /f: must not contain '\.\.'/],
    ['in/../../x', /f: must not contain '\.\.'/],
    ['a\0b', /f: must be a relative path/],
  ])('refuses %j naming the field', (p, message) => {
    expect(() => resolveInside(root, p, 'f')).toThrow(message);
  });

  it('refuses symlinks that lead out, at any depth, and broken ones', () => {
    fs.symlinkSync(os.tmpdir(), path.join(root, 'in', 'out'));
    expect(() => resolveInside(root, 'in/out/deeper/file', 'f')).toThrow(/symbolic link to outside/);
    fs.symlinkSync(path.join(root, 'nowhere'), path.join(root, 'dangling'));
    expect(() => resolveInside(root, 'dangling', 'f')).toThrow("f: 'dangling' is a broken symbolic link");
    fs.symlinkSync(path.join(root, 'in'), path.join(root, 'inner-link'));
    expect(resolveInside(root, 'inner-link/x', 'f')).toBe(path.join(root, 'inner-link/x'));
  });
});
