import { KubeStatusError, statusBody } from './statusBody';
import type { ResourceType } from './resources';

/*
 * metadata.name validation as kube-apiserver does it on create
 * (apimachinery ValidateObjectMeta with each kind's name rule), with the same
 * messages and Status details, so clients see the 422 they would get from a
 * real cluster instead of an object that could never exist there.
 */

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN = `${LABEL}(\\.${LABEL})*`;
const DNS1035 = '[a-z]([-a-z0-9]*[a-z0-9])?';

interface NameRule {
  max: number;
  re: RegExp;
  fmt: string;
  msg: string;
  examples: string[];
}

const RULES: Record<'subdomain' | 'label' | 'dns1035', NameRule> = {
  subdomain: {
    max: 253,
    re: new RegExp(`^${SUBDOMAIN}$`),
    fmt: SUBDOMAIN,
    msg: "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
    examples: ['example.com'],
  },
  label: {
    max: 63,
    re: new RegExp(`^${LABEL}$`),
    fmt: LABEL,
    msg: "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
    examples: ['my-name', '123-abc'],
  },
  dns1035: {
    max: 63,
    re: new RegExp(`^${DNS1035}$`),
    fmt: DNS1035,
    msg: "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
    examples: ['my-name', 'abc-123'],
  },
};

/** The name rule of a kind: Namespace a label, Service a DNS-1035 label, the rest (custom resources too) a subdomain. */
function ruleOf(t: ResourceType): NameRule {
  if (t.group === '' && t.kind === 'Namespace') return RULES.label;
  if (t.group === '' && t.kind === 'Service') return RULES.dns1035;
  return RULES.subdomain;
}

/** apimachinery's RegexError text: the message, the examples, the regex. */
function regexError(rule: NameRule): string {
  const examples = rule.examples.map(e => `'${e}'`).join(',  or ');
  return `${rule.msg} (e.g. ${examples}, regex used for validation is '${rule.fmt}')`;
}

/**
 * Checks `metadata.name` of an object being created; returns the 422 Invalid
 * error the real API server answers, or undefined when the name is valid.
 */
export function invalidName(t: ResourceType, name: unknown): KubeStatusError | undefined {
  const qualifiedKind = t.group ? `${t.kind}.${t.group}` : t.kind;
  const causes: Array<{ reason: string; message: string; field: string }> = [];
  if (typeof name !== 'string' || name === '') {
    causes.push({ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' });
  } else {
    const rule = ruleOf(t);
    const problems: string[] = [];
    if (name.length > rule.max) problems.push(`must be no more than ${rule.max} characters`);
    if (!rule.re.test(name)) problems.push(regexError(rule));
    for (const p of problems) {
      causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(name)}: ${p}`, field: 'metadata.name' });
    }
  }
  if (causes.length === 0) return undefined;
  const shown = typeof name === 'string' ? name : '';
  const each = causes.map(c => `${c.field}: ${c.message}`);
  const message = `${qualifiedKind} ${JSON.stringify(shown)} is invalid: ${each.length === 1 ? each[0] : `[${each.join(', ')}]`}`;
  return new KubeStatusError(
    statusBody(422, 'Invalid', message, {
      ...(shown ? { name: shown } : {}),
      ...(t.group ? { group: t.group } : {}),
      kind: t.kind,
      causes,
    }),
  );
}
