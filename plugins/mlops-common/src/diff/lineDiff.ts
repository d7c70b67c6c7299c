/*
 * Line diffs for the portal's diff views (Helm revisions, Git vs live,
 * change previews): Myers' O((N+M)D) shortest edit script
 * (E. Myers, "An O(ND) Difference Algorithm and Its Variations", 1986),
 * printed as a unified diff like `diff -u` / `git diff` (3 lines of context).
 */

/** One line of an edit script. @public */
export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
}

/** Beyond this many differing lines a diff is not computed (it would not be read either). */
const MAX_EDITS = 4000;

/**
 * The shortest edit script from `a` to `b`, or undefined when they differ
 * in more than MAX_EDITS lines.
 * @public
 */
export function diffLines(a: string[], b: string[]): DiffLine[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1])
          ? v[offset + k + 1]
          : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    v = next;
    if (found >= 0) {
      trace.push(v.slice());
      break;
    }
  }
  if (found < 0) return undefined;
  // Walk the trace back from (n, m).
  const out: DiffLine[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const vd = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1] < vd[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = vd[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ op: ' ', text: a[--x] });
      y--;
    }
    if (x === prevX) out.push({ op: '+', text: b[--y] });
    else out.push({ op: '-', text: a[--x] });
  }
  while (x > 0 && y > 0) {
    out.push({ op: ' ', text: a[--x] });
    y--;
  }
  return out.reverse();
}

/**
 * `a` → `b` as a unified diff with file headers; empty when they are equal.
 * @public
 */
export function unifiedDiff(
  a: string,
  b: string,
  options: { from?: string; to?: string; context?: number } = {},
): string {
  if (a === b) return '';
  const split = (s: string) => (s === '' ? [] : s.replace(/\n$/, '').split('\n'));
  const al = split(a);
  const bl = split(b);
  const script = diffLines(al, bl);
  const header = `--- ${options.from ?? 'a'}\n+++ ${options.to ?? 'b'}\n`;
  if (!script) return `${header}@@ too many differences to show (${al.length} → ${bl.length} lines) @@\n`;
  const context = options.context ?? 3;
  const changed = script.map((l, i) => (l.op !== ' ' ? i : -1)).filter(i => i >= 0);
  if (changed.length === 0) return '';
  // Hunks: runs of changes with `context` lines around, merged when close.
  const hunks: Array<[number, number]> = [];
  for (const i of changed) {
    const start = Math.max(0, i - context);
    const end = Math.min(script.length - 1, i + context);
    const last = hunks[hunks.length - 1];
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else hunks.push([start, end]);
  }
  let text = header;
  // Line numbers at each script position.
  const aLine: number[] = [];
  const bLine: number[] = [];
  let ai = 1;
  let bi = 1;
  for (const l of script) {
    aLine.push(ai);
    bLine.push(bi);
    if (l.op !== '+') ai++;
    if (l.op !== '-') bi++;
  }
  for (const [s, e] of hunks) {
    const lines = script.slice(s, e + 1);
    const aCount = lines.filter(l => l.op !== '+').length;
    const bCount = lines.filter(l => l.op !== '-').length;
    text += `@@ -${aCount ? aLine[s] : aLine[s] - 1},${aCount} +${bCount ? bLine[s] : bLine[s] - 1},${bCount} @@\n`;
    for (const l of lines) text += `${l.op}${l.text}\n`;
  }
  return text;
}
