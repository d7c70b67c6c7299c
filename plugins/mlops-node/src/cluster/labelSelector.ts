import { InputError } from '@backstage/errors';

/** One requirement of a label selector. @public */
export type LabelRequirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'notexists' };

/**
 * Longest selector accepted. Selectors come from catalog annotations, which
 * whoever registers an entity writes; a real one is a few requirements.
 * @public
 */
export const MAX_LABEL_SELECTOR_LENGTH = 4096;

/**
 * Parses a Kubernetes label selector string (equality- and set-based, as in
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors).
 * Throws an InputError naming what is wrong. Input is bounded
 * ({@link MAX_LABEL_SELECTOR_LENGTH}) before any pattern runs; each pattern
 * is anchored and made of disjoint character classes, so it matches in
 * linear time.
 * @public
 */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  if (selector.length > MAX_LABEL_SELECTOR_LENGTH) {
    throw new InputError(
      `label selector is longer than ${MAX_LABEL_SELECTOR_LENGTH} characters`,
    );
  }
  const reqs: LabelRequirement[] = [];
  // Split on commas that are not inside parentheses.
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  const KEY = '([A-Za-z0-9][-A-Za-z0-9_./]*)';
  const VAL = '([-A-Za-z0-9_.]*)';
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    const eq = new RegExp(`^${KEY}\\s*(==|=|!=)\\s*${VAL}$`).exec(part);
    const set = new RegExp(`^${KEY}\\s+(in|notin)\\s*\\(([^)]*)\\)$`).exec(part);
    const absent = new RegExp(`^!\\s*${KEY}$`).exec(part);
    const present = new RegExp(`^${KEY}$`).exec(part);
    if (eq) {
      reqs.push({ key: eq[1], op: eq[2] === '!=' ? 'notin' : 'in', values: [eq[3]] });
    } else if (set) {
      const values = set[3].split(',').map(v => v.trim()).filter(Boolean);
      reqs.push({ key: set[1], op: set[2] as 'in' | 'notin', values });
    } else if (absent) {
      reqs.push({ key: absent[1], op: 'notexists' });
    } else if (present) {
      reqs.push({ key: present[1], op: 'exists' });
    } else {
      throw new InputError(`invalid label selector requirement '${part}'`);
    }
  }
  if (reqs.length === 0) {
    throw new InputError('label selector is empty');
  }
  return reqs;
}

/** Whether labels satisfy every requirement. @public */
export function matchesLabelSelector(
  reqs: LabelRequirement[],
  labels: Record<string, string>,
): boolean {
  for (const r of reqs) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.op) {
      case 'exists':
        if (!has) return false;
        break;
      case 'notexists':
        if (has) return false;
        break;
      case 'in':
        if (!has || !r.values.includes(labels[r.key])) return false;
        break;
      case 'notin':
        if (has && r.values.includes(labels[r.key])) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
