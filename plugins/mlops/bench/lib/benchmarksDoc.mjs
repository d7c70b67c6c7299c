/** docs/benchmarks.md, where each benchmark owns one "## " section. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Replaces the section starting at `heading` (or appends it); returns the file written. */
export function writeSection(root, heading, text) {
  const file = join(root, 'docs/benchmarks.md');
  const doc = readFileSync(file, 'utf8');
  const start = doc.indexOf(heading);
  let out;
  if (start < 0) out = `${doc.replace(/\n*$/, '\n\n')}${text}`;
  else {
    const next = doc.indexOf('\n## ', start + 1);
    out = doc.slice(0, start) + text + (next < 0 ? '' : `\n${doc.slice(next + 1)}`);
  }
  writeFileSync(file, out);
  return file;
}
