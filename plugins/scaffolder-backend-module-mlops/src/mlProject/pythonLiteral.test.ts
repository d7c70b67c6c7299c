import { execFileSync } from 'node:child_process';
import { mdText, pyLiteral } from './pythonLiteral';

function hasPython(): boolean {
  try {
    execFileSync('python3', ['--version']);
    return true;
  } catch {
    return false;
  }
}

describe('pyLiteral', () => {
  const nasty = 'a"b\'c\\d\ne: f # g """ \u2028 ${x} {{y}} \x00';

  it('writes JSON-style literals', () => {
    expect(pyLiteral('a"b')).toBe('"a\\"b"');
    expect(pyLiteral(true)).toBe('True');
    expect(pyLiteral(null)).toBe('None');
    expect(pyLiteral({ k: [1, 'x'] })).toBe('{"k": [1, "x"]}');
  });

  // python3 is on the project's machines; without it this fails loudly.
  it('round-trips hostile strings through a real Python parser', () => {
    if (!hasPython()) throw new Error('python3 is required for this test');
    const out = execFileSync('python3', ['-c', `import json,sys; sys.stdout.write(json.dumps(${pyLiteral(nasty)}))`], {
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toBe(nasty);
  });
});

describe('mdText', () => {
  it('escapes markup', () => {
    expect(mdText('<b>*x*</b> [l](u)')).toBe('&lt;b&gt;\\*x\\*&lt;/b&gt; \\[l\\]\\(u\\)');
  });
});
