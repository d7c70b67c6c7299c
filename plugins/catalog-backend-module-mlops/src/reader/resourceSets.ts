import { CORE_SCHEMA, load, loadAll } from 'js-yaml';
import { ManifestObject } from './types';

/*
 * Expands a Flux Operator ResourceSet (fluxcd.controlplane.io/v1) into the
 * objects it generates, as the operator's builder does
 * (https://fluxcd.control-plane.io/operator/resourcesets/, builder/resourceset.go):
 * each resource template is rendered once per input set with `<< >>`
 * delimiters and `missingkey=error`; objects are deduplicated by group, kind,
 * namespace and name (`resources` before `resourcesTemplate`); a rendered
 * object annotated `fluxcd.controlplane.io/reconcile: disabled` is left out;
 * each gets the owner labels `resourceset.fluxcd.controlplane.io/name` and
 * `/namespace`.
 *
 * Only a small, safe part of the template language is evaluated here:
 * `inputs.<path>` (and the built-in `inputs.provider.*`), string and number
 * literals, and the functions quote, squote, int, int64, float64, toString,
 * lower, upper, trim, slugify and default. Anything else (if, range, with,
 * other functions, toYaml), inputs that only the cluster knows
 * (`inputsFrom`) and the Permute strategy are reported, never guessed.
 * Templates are data: nothing in them is executed.
 */

const RESOURCESET_GROUP = 'fluxcd.controlplane.io';
const OWNER_NAME = 'resourceset.fluxcd.controlplane.io/name';
const OWNER_NAMESPACE = 'resourceset.fluxcd.controlplane.io/namespace';
const RECONCILE = 'fluxcd.controlplane.io/reconcile';
const ACTION = /<<-?\s*([\s\S]*?)\s*-?>>/g;
const MAX_OBJECTS = 5000;

/** Whether an object is a Flux Operator ResourceSet. @public */
export function isResourceSet(obj: ManifestObject): boolean {
  return obj.kind === 'ResourceSet' && obj.apiVersion.startsWith(`${RESOURCESET_GROUP}/`);
}

/**
 * A template the catalog cannot render. `fatal`: the operator fails the same
 * way (a missing input key), so the whole ResourceSet builds nothing; else the
 * catalog's own limit (a function it does not evaluate), which costs only
 * that template.
 */
class TemplateError extends Error {
  constructor(message: string, readonly fatal = false) {
    super(message);
  }
}

type Value = unknown;

function isRecord(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** How Go's fmt prints a value in a template (text/template `{{ . }}`). */
function print(v: Value): string {
  if (v === null || v === undefined) return '<no value>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new TemplateError('prints a list or map (needs toYaml, which the catalog does not evaluate)');
}

function slugify(s: string): string {
  // gosimple/slug: lower case, transliterated, non-alphanumerics to '-', max 63.
  const base = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (base.length <= 63) return base;
  const cut = base.slice(0, 63);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash > 0 ? cut.slice(0, lastDash) : cut).replace(/-+$/, '');
}

function toInt(v: Value): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  const n = Number.parseInt(String(v ?? ''), 10);
  return Number.isNaN(n) ? 0 : n;
}

function isEmpty(v: Value): boolean {
  return v === undefined || v === null || v === '' || v === 0 || v === false ||
    (Array.isArray(v) && v.length === 0) || (isRecord(v) && Object.keys(v).length === 0);
}

const FUNCTIONS: Record<string, (args: Value[]) => Value> = {
  quote: a => a.map(v => JSON.stringify(v === undefined || v === null ? '' : print(v))).join(' '),
  squote: a => a.map(v => `'${v === undefined || v === null ? '' : print(v)}'`).join(' '),
  int: a => toInt(a[0]),
  int64: a => toInt(a[0]),
  float64: a => Number(a[0] ?? 0),
  toString: (a: Value[]) => print(a[0]),
  lower: a => print(a[0]).toLocaleLowerCase('en-US'),
  upper: a => print(a[0]).toLocaleUpperCase('en-US'),
  trim: a => print(a[0]).trim(),
  slugify: a => slugify(print(a[0])),
  default: a => (isEmpty(a[1]) ? a[0] : a[1]),
};

function tokenize(expr: string): string[] {
  const tokens: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|`[^`]*`|\||[^\s|"`]+)/gy;
  let last = 0;
  for (let m = re.exec(expr); m !== null; m = re.exec(expr)) {
    tokens.push(m[1]);
    last = re.lastIndex;
  }
  if (expr.slice(last).trim()) throw new TemplateError(`cannot read '${expr}'`);
  return tokens;
}

function term(token: string, inputs: Record<string, any> | undefined): Value {
  if (token.startsWith('"')) return JSON.parse(token);
  if (token.startsWith('`')) return token.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
  if (token === 'true' || token === 'false') return token === 'true';
  const path = /^inputs((?:\.[A-Za-z_][A-Za-z0-9_]*)+)$/.exec(token);
  if (path) {
    if (!inputs) throw new TemplateError(`uses ${token}, but the ResourceSet has no inputs`, true);
    let v: any = inputs;
    for (const key of path[1].slice(1).split('.')) {
      if (!isRecord(v) || !Object.prototype.hasOwnProperty.call(v, key)) {
        // The operator renders with missingkey=error: the whole build fails.
        throw new TemplateError(`map has no entry for key "${key}" (${token})`, true);
      }
      v = v[key];
    }
    return v;
  }
  throw new TemplateError(`uses '${token}', which the catalog does not evaluate`);
}

/** Evaluates one `<< … >>` action: a pipeline of terms and known functions. */
function evaluate(expr: string, inputs: Record<string, any> | undefined): string {
  if (/^(if|else|end|range|with|define|template|block|break|continue)\b/.test(expr) || expr.startsWith('/*') || expr.includes(':=')) {
    throw new TemplateError(`uses the template action '${expr.split(/\s/)[0]}', which the catalog does not evaluate`);
  }
  const tokens = tokenize(expr);
  const stages: string[][] = [[]];
  for (const t of tokens) {
    if (t === '|') stages.push([]);
    else stages[stages.length - 1].push(t);
  }
  let value: Value;
  stages.forEach((stage, i) => {
    if (stage.length === 0) throw new TemplateError(`cannot read '${expr}'`);
    const [head, ...rest] = stage;
    const fn = Object.prototype.hasOwnProperty.call(FUNCTIONS, head) ? FUNCTIONS[head] : undefined;
    if (!fn) {
      if (i > 0 || rest.length > 0) throw new TemplateError(`uses '${head}', which the catalog does not evaluate`);
      value = term(head, inputs);
      return;
    }
    const args = rest.map(t => term(t, inputs));
    if (i > 0) args.push(value);
    value = fn(args);
  });
  return print(value);
}

function render(text: string, inputs: Record<string, any> | undefined): string {
  return text.replace(ACTION, (_all, expr: string) => evaluate(expr.trim(), inputs));
}

/**
 * Renders the templated strings of a resource template. Each rendered scalar
 * is read back as YAML, as the operator does when it renders the template's
 * YAML text and parses the result (so `<< inputs.replicas | int >>` gives a
 * number and `<< inputs.v | quote >>` a string).
 */
function renderValue(value: unknown, inputs: Record<string, any> | undefined): unknown {
  if (typeof value === 'string') {
    if (!value.includes('<<')) return value;
    const rendered = render(value, inputs);
    try {
      const parsed = load(rendered, { schema: CORE_SCHEMA });
      return parsed === null || typeof parsed === 'object' ? rendered : parsed;
    } catch {
      return rendered;
    }
  }
  if (Array.isArray(value)) return value.map(v => renderValue(v, inputs));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('<<')) throw new TemplateError(`templates the key '${k}', which the catalog does not evaluate`);
      out[k] = renderValue(v, inputs);
    }
    return out;
  }
  return value;
}

function toObject(raw: unknown, rset: ManifestObject): ManifestObject {
  if (
    !isRecord(raw) ||
    typeof raw.apiVersion !== 'string' ||
    typeof raw.kind !== 'string' ||
    !isRecord(raw.metadata) ||
    typeof raw.metadata.name !== 'string' ||
    !raw.metadata.name
  ) {
    throw new TemplateError(`does not render to a Kubernetes object (apiVersion, kind, metadata.name)`);
  }
  const metadata = raw.metadata as ManifestObject['metadata'];
  const { apiVersion, kind, metadata: _m, ...body } = raw;
  return {
    ...body,
    apiVersion,
    kind,
    metadata: {
      ...metadata,
      labels: {
        ...(isRecord(metadata.labels) ? metadata.labels : {}),
        [OWNER_NAME]: rset.metadata.name,
        [OWNER_NAMESPACE]: rset.metadata.namespace ?? 'default',
      },
    },
    source: rset.source,
    generatedBy: { namespace: rset.metadata.namespace ?? 'default', name: rset.metadata.name },
  } as ManifestObject;
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** What a ResourceSet expands to, and what of it could not be expanded. @public */
export interface ResourceSetExpansion {
  objects: ManifestObject[];
  /** One sentence per template or input source that was not expanded. */
  problems: string[];
}

/**
 * Expands a ResourceSet's `resources`, `resourcesTemplate` and `steps` with
 * its inline `inputs`. Never throws.
 * @public
 */
export function expandResourceSet(rset: ManifestObject): ResourceSetExpansion {
  const problems: string[] = [];
  const objects: ManifestObject[] = [];
  const spec = isRecord(rset.spec) ? rset.spec : {};
  const label = `ResourceSet ${rset.metadata.namespace ?? 'default'}/${rset.metadata.name}`;

  const inline = Array.isArray(spec.inputs) ? spec.inputs.filter(isRecord) : [];
  if (Array.isArray(spec.inputsFrom) && spec.inputsFrom.length > 0) {
    if (inline.length === 0) {
      problems.push(
        `${label}: its inputs come from ResourceSetInputProvider objects, known only on the cluster; nothing of it is shown`,
      );
      return { objects, problems };
    }
    problems.push(
      `${label}: inputs from ResourceSetInputProvider objects are known only on the cluster; only its ${inline.length} inline input set(s) are expanded`,
    );
  }
  if (spec.inputStrategy?.name === 'Permute') {
    problems.push(`${label}: the Permute input strategy is not expanded by the catalog; nothing of it is shown`);
    return { objects, problems };
  }
  // The built-in provider reference every inline input set carries.
  const inputSets: Array<Record<string, any> | undefined> = inline.length
    ? inline.map(i => ({
        ...i,
        provider: {
          apiVersion: rset.apiVersion,
          kind: 'ResourceSet',
          name: rset.metadata.name,
          namespace: rset.metadata.namespace ?? 'default',
        },
      }))
    : [undefined];

  const keys = new Set<string>();
  const add = (o: ManifestObject, dedup: boolean) => {
    const key = `${groupOf(o.apiVersion)}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    if (dedup && keys.has(key)) return;
    keys.add(key);
    if (objects.length < MAX_OBJECTS) objects.push(o);
  };
  // The operator leaves out objects disabled by annotation, except for a
  // ResourceSet without inputs, whose resources it applies as they are.
  const excluded = (o: ManifestObject, fromResources: boolean) =>
    (!fromResources || inline.length > 0) && o.metadata.annotations?.[RECONCILE] === 'disabled';
  let failed: string | undefined;

  const build = (resources: unknown, template: unknown, where: string) => {
    const list = Array.isArray(resources) ? resources : [];
    list.forEach((tmpl, i) => {
      const at = `${where}resources[${i}]`;
      for (const inputs of inputSets) {
        try {
          const o = toObject(renderValue(tmpl, inputs), rset);
          if (!excluded(o, true)) add(o, inline.length > 0);
        } catch (e) {
          if (!(e instanceof TemplateError)) throw e;
          if (e.fatal) failed ??= `${at}: ${e.message}`;
          else problems.push(`${label}: ${at} not expanded: it ${e.message}`);
          break;
        }
      }
    });
    if (typeof template === 'string' && template.trim()) {
      const at = `${where}resourcesTemplate`;
      try {
        const rendered: ManifestObject[] = [];
        for (const inputs of inputSets) {
          for (const doc of loadAll(render(template, inputs), undefined, { schema: CORE_SCHEMA })) {
            if (doc !== null && doc !== undefined) rendered.push(toObject(doc, rset));
          }
        }
        for (const o of rendered) if (!excluded(o, false)) add(o, true);
      } catch (e) {
        if (e instanceof TemplateError) {
          if (e.fatal) failed ??= `${at}: ${e.message}`;
          else problems.push(`${label}: ${at} not expanded: it ${e.message}`);
        } else if (e instanceof Error && e.name === 'YAMLException') {
          failed ??= `${at}: does not render to YAML (${e.message.split('\n')[0]})`;
        } else throw e;
      }
    }
  };

  if (Array.isArray(spec.steps) && spec.steps.length > 0) {
    spec.steps.forEach((step: any, i: number) => {
      if (isRecord(step)) build(step.resources, step.resourcesTemplate, `steps[${i}].`);
    });
  } else {
    build(spec.resources, spec.resourcesTemplate, '');
  }
  if (failed) {
    // The operator's build fails as a whole (missingkey=error): it applies
    // none of the ResourceSet's objects, so none is shown.
    return {
      objects: [],
      problems: [...problems, `${label}: the Flux Operator cannot build it (${failed}); none of its objects is shown`],
    };
  }
  if (objects.length >= MAX_OBJECTS) {
    problems.push(`${label}: more than ${MAX_OBJECTS} objects; the rest are not shown`);
  }
  return { objects, problems };
}
