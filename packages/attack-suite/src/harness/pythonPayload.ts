import { execFileSync } from 'node:child_process';

/**
 * Python run by the suite (never the generated code): tokenizes every .py
 * file under a folder and prints the files where `payload` appears outside a
 * string literal or a comment, or that do not compile.
 */
const CHECK = `
import io, pathlib, sys, tokenize
root, payload = sys.argv[1], sys.argv[2]
bad = []
files = sorted(pathlib.Path(root).rglob('*.py'))
for f in files:
    src = f.read_text()
    try:
        compile(src, str(f), 'exec')
        toks = list(tokenize.generate_tokens(io.StringIO(src).readline))
    except Exception as e:
        bad.append(f'{f}: does not compile: {e}')
        continue
    code = ''.join(t.string for t in toks if t.type not in (tokenize.STRING, tokenize.COMMENT, getattr(tokenize, 'FSTRING_MIDDLE', -1)))
    if payload in code:
        bad.append(f'{f}: payload is code')
print(len(files))
print('\\n'.join(bad))
`;

/** The generated Python files under `dir` that run `payload` as code (empty: inert), and how many were read. */
export function pythonPayloadAsCode(dir: string, payload: string): { files: number; problems: string[] } {
  const out = execFileSync('python3', ['-c', CHECK, dir, payload], { encoding: 'utf8' }).split('\n');
  return { files: Number(out[0]), problems: out.slice(1).filter(Boolean) };
}
