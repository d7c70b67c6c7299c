/**
 * Label and field selectors, parsed the way the API server does
 * (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors,
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/field-selectors/).
 */

/** A compiled selector: a predicate over an object. @public */
export type ObjectPredicate = (obj: any) => boolean;

/** Thrown for a selector the API server would reject (400 BadRequest). @public */
export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

type LabelRequirement =
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: Set<string> }
  | { op: 'exists' | 'notexists'; key: string };

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  parts.push(cur);
  return parts.map(p => p.trim()).filter(p => p.length > 0);
}

const KEY = String.raw`[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;
const SET_RE = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`);
const EQ_RE = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const EXISTS_RE = new RegExp(`^(!?)\\s*(${KEY})$`);

/** Parses a label selector string. @public */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  const reqs: LabelRequirement[] = [];
  for (const part of splitTopLevel(selector)) {
    let m = SET_RE.exec(part);
    if (m) {
      const values = m[4]
        .split(',')
        .map(v => v.trim())
        .filter(v => v.length > 0);
      reqs.push({
        op: m[3] as 'in' | 'notin',
        key: m[1],
        values: new Set(values),
      });
      continue;
    }
    m = EQ_RE.exec(part);
    if (m) {
      reqs.push({ op: m[3] === '!=' ? 'neq' : 'eq', key: m[1], value: m[4] });
      continue;
    }
    m = EXISTS_RE.exec(part);
    if (m) {
      reqs.push({ op: m[1] ? 'notexists' : 'exists', key: m[2] });
      continue;
    }
    throw new SelectorError(
      `unable to parse requirement: found '${part}', expected: in, notin, =, ==, !=, gt, lt`,
    );
  }
  return reqs;
}

/** Compiles a label selector into a predicate over an object. @public */
export function compileLabelSelector(
  selector: string | undefined,
): ObjectPredicate | undefined {
  if (!selector || !selector.trim()) return undefined;
  const reqs = parseLabelSelector(selector);
  return obj => {
    const labels: Record<string, string> = obj?.metadata?.labels ?? {};
    for (const r of reqs) {
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      const v = labels[r.key];
      switch (r.op) {
        case 'eq':
          if (!has || v !== r.value) return false;
          break;
        case 'neq':
          if (has && v === r.value) return false;
          break;
        case 'in':
          if (!has || !r.values.has(v)) return false;
          break;
        case 'notin':
          if (has && r.values.has(v)) return false;
          break;
        case 'exists':
          if (!has) return false;
          break;
        case 'notexists':
          if (has) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  };
}

/**
 * Field paths the simulator supports per kind. Like the real API server, an
 * unsupported field is a 400 ("field label not supported").
 */
const COMMON_FIELDS = ['metadata.name', 'metadata.namespace'];
const KIND_FIELDS: Record<string, string[]> = {
  Event: [
    'involvedObject.kind',
    'involvedObject.name',
    'involvedObject.namespace',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'reason',
    'type',
    'source',
  ],
  Pod: ['spec.nodeName', 'status.phase', 'spec.serviceAccountName'],
  Secret: ['type'],
};

function getPath(obj: any, path: string): string {
  let cur = obj;
  for (const p of path.split('.')) {
    if (cur === undefined || cur === null) return '';
    cur = cur[p];
  }
  if (path === 'source' && cur && typeof cur === 'object') {
    return String(cur.component ?? '');
  }
  return cur === undefined || cur === null ? '' : String(cur);
}

/** Compiles a field selector for objects of `kind`. @public */
export function compileFieldSelector(
  selector: string | undefined,
  kind: string,
): ObjectPredicate | undefined {
  if (!selector || !selector.trim()) return undefined;
  const allowed = new Set([...COMMON_FIELDS, ...(KIND_FIELDS[kind] ?? [])]);
  const reqs: { field: string; value: string; negate: boolean }[] = [];
  for (const part of splitTopLevel(selector)) {
    const m = /^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) {
      throw new SelectorError(
        `invalid selector: '${selector}'; can't understand '${part}'`,
      );
    }
    if (!allowed.has(m[1])) {
      throw new SelectorError(
        `"${m[1]}" is not a known field selector: only "${[...allowed].join('", "')}"`,
      );
    }
    reqs.push({ field: m[1], value: m[3], negate: m[2] === '!=' });
  }
  return obj => {
    for (const r of reqs) {
      const v = getPath(obj, r.field);
      if (r.negate ? v === r.value : v !== r.value) return false;
    }
    return true;
  };
}
