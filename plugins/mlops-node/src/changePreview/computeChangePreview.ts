import { parseAllDocuments } from 'yaml';
import type {
  ChangePreview,
  PreviewAffectedLayer,
  PreviewChangedObject,
  PreviewFieldChange,
  PreviewObject,
} from '@mlops-portal/plugin-mlops-common';

/**
 * One file of a GitOps tree: its path from the Git repository root (forward slashes) and its text.
 * @public
 */
export interface GitopsTreeFile {
  path: string;
  text: string;
}

/**
 * Longest value shown in full (old → new); longer ones are only named.
 * @public
 */
export const MAX_SHOWN_VALUE_LENGTH = 80;
/**
 * Changed fields listed per object.
 * @public
 */
export const MAX_FIELDS_PER_OBJECT = 25;

const FLUX_KUSTOMIZE_GROUP = 'kustomize.toolkit.fluxcd.io/';

interface ParsedObject extends PreviewObject {
  body: unknown;
}

interface ParsedFile {
  objects: ParsedObject[];
  error?: string;
}

function parseFile(file: GitopsTreeFile): ParsedFile {
  let docs;
  try {
    docs = parseAllDocuments(file.text, { uniqueKeys: false });
  } catch (e) {
    return { objects: [], error: (e as Error).message };
  }
  const list = Array.isArray(docs) ? docs : [docs];
  const objects: ParsedObject[] = [];
  for (const doc of list) {
    if (doc.errors.length) {
      return { objects: [], error: doc.errors[0].message.split('\n')[0] };
    }
    let body: any;
    try {
      body = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      return { objects: [], error: (e as Error).message.split('\n')[0] };
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) continue;
    const { apiVersion, kind, metadata } = body;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') continue;
    const name = metadata && typeof metadata.name === 'string' ? metadata.name : '';
    if (!name) continue;
    const namespace =
      metadata && typeof metadata.namespace === 'string' ? metadata.namespace : '';
    objects.push({ apiVersion, kind, name, namespace, path: file.path, body });
  }
  return { objects };
}

const isYaml = (p: string) => /\.ya?ml$/i.test(p);
const objectKey = (o: PreviewObject) =>
  `${o.apiVersion.split('/')[0]}|${o.kind}|${o.namespace}|${o.name}`;
const publicObject = ({ body: _body, ...o }: ParsedObject): PreviewObject => o;

function compareObjects(a: PreviewObject, b: PreviewObject): number {
  return (
    cmp(a.kind, b.kind) || cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.path, b.path)
  );
}
function cmp(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function show(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  let text: string;
  if (value === null || typeof value !== 'object') text = String(value);
  else text = JSON.stringify(value);
  return text.length > MAX_SHOWN_VALUE_LENGTH ? undefined : text;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Field-level differences of two objects' bodies (metadata.namespace/name are the identity, never differ).
 * @public
 */
export function diffFields(before: unknown, after: unknown, secret = false): PreviewFieldChange[] {
  const out: PreviewFieldChange[] = [];
  const walk = (a: unknown, b: unknown, field: string) => {
    if (isPlainObject(a) && isPlainObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(cmp);
      for (const k of keys) walk(a[k], b[k], field ? `${field}.${k}` : k);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${field}[${i}]`);
      return;
    }
    if (a === undefined && b === undefined) return;
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    const hide = secret && /^(data|stringData)(\.|$)/.test(field);
    const change: PreviewFieldChange = { field, op: fieldOp(a, b) };
    const from = hide ? undefined : show(a);
    const to = hide ? undefined : show(b);
    if (from !== undefined) change.from = from;
    if (to !== undefined) change.to = to;
    out.push(change);
  };
  walk(before, after, '');
  return out;
}

function fieldOp(a: unknown, b: unknown): PreviewFieldChange['op'] {
  if (a === undefined) return 'added';
  if (b === undefined) return 'removed';
  return 'changed';
}

function normalizeDir(p: string): string {
  return p
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '')
    .replace(/^\.$/, '');
}

/**
 * What a change to a GitOps tree does to the platform: the Flux and
 * Kubernetes objects added, changed (with the changed fields) and removed,
 * and the Flux Kustomizations it reaches: those whose `spec.path` holds a
 * changed file, and, transitively, every Kustomization that `dependsOn` one
 * of them (a `dependsOn` entry without namespace means the Kustomization's
 * own). Only files whose text differs are parsed for objects; every file
 * mentioning a Flux Kustomization is parsed for layers. A file that is not
 * valid YAML on either side gives a warning and its objects are left out
 * (on both sides, so they are not reported as added or removed).
 *
 * Pure: no I/O. Paths are from the Git repository root, so they compare
 * with the Kustomizations' `spec.path`.
 * @public
 */
export function computeChangePreview(
  before: GitopsTreeFile[],
  after: GitopsTreeFile[],
): ChangePreview {
  const beforeMap = new Map(before.filter(f => isYaml(f.path)).map(f => [f.path, f.text]));
  const afterMap = new Map(after.filter(f => isYaml(f.path)).map(f => [f.path, f.text]));
  const allBefore = new Map(before.map(f => [f.path, f.text]));
  const allAfter = new Map(after.map(f => [f.path, f.text]));
  const filesChanged = [...new Set([...allBefore.keys(), ...allAfter.keys()])]
    .filter(p => allBefore.get(p) !== allAfter.get(p))
    .sort(cmp);
  const warnings: string[] = [];
  const cache = new Map<string, ParsedFile>();
  const parsed = (side: 'before' | 'after', path: string, text: string) => {
    const key = `${side}\u0000${path}`;
    let p = cache.get(key);
    if (!p) {
      p = parseFile({ path, text });
      cache.set(key, p);
      if (p.error) {
        warnings.push(
          `${path} (${side} the change) is not valid YAML, its objects are not compared: ${p.error}`,
        );
      }
    }
    return p;
  };

  // Objects of the changed files, both sides.
  const beforeObjects = new Map<string, ParsedObject>();
  const afterObjects = new Map<string, ParsedObject>();
  const duplicate = (side: string, o: ParsedObject, first: ParsedObject) =>
    warnings.push(
      `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} appears twice ${side} the change (${first.path} and ${o.path}); the second is ignored`,
    );
  for (const path of filesChanged.filter(isYaml)) {
    const b = beforeMap.has(path) ? parsed('before', path, beforeMap.get(path)!) : undefined;
    const a = afterMap.has(path) ? parsed('after', path, afterMap.get(path)!) : undefined;
    if (b?.error || a?.error) continue;
    for (const [side, file, into] of [
      ['before', b, beforeObjects],
      ['after', a, afterObjects],
    ] as const) {
      for (const o of file?.objects ?? []) {
        const k = objectKey(o);
        const first = into.get(k);
        if (first) duplicate(side, o, first);
        else into.set(k, o);
      }
    }
  }
  const added: PreviewObject[] = [];
  const removed: PreviewObject[] = [];
  const changed: PreviewChangedObject[] = [];
  for (const [k, o] of afterObjects) {
    const old = beforeObjects.get(k);
    if (!old) {
      added.push(publicObject(o));
      continue;
    }
    const fields = diffFields(old.body, o.body, o.kind === 'Secret');
    if (fields.length) {
      changed.push({
        ...publicObject(o),
        fields: fields.slice(0, MAX_FIELDS_PER_OBJECT),
        moreFields: Math.max(0, fields.length - MAX_FIELDS_PER_OBJECT),
      });
    }
  }
  for (const [k, o] of beforeObjects) if (!afterObjects.has(k)) removed.push(publicObject(o));

  return {
    filesChanged,
    added: added.sort(compareObjects),
    changed: changed.sort(compareObjects),
    removed: removed.sort(compareObjects),
    affectedLayers: affectedLayers(beforeMap, afterMap, filesChanged, parsed, [
      ...added,
      ...changed,
      ...removed,
    ]),
    warnings,
  };
}

interface Layer {
  name: string;
  namespace: string;
  path: string;
  dependsOn: string[];
}

function fluxKustomizations(
  side: 'before' | 'after',
  files: Map<string, string>,
  parsed: (side: 'before' | 'after', path: string, text: string) => ParsedFile,
): Map<string, Layer> {
  const layers = new Map<string, Layer>();
  for (const [path, text] of files) {
    if (!text.includes(FLUX_KUSTOMIZE_GROUP)) continue;
    for (const o of parsed(side, path, text).objects) {
      if (o.kind !== 'Kustomization' || !o.apiVersion.startsWith(FLUX_KUSTOMIZE_GROUP)) continue;
      const spec = (o.body as any).spec ?? {};
      const deps: unknown[] = Array.isArray(spec.dependsOn) ? spec.dependsOn : [];
      layers.set(`${o.namespace}/${o.name}`, {
        name: o.name,
        namespace: o.namespace,
        path: typeof spec.path === 'string' ? spec.path : '',
        dependsOn: deps
          .filter((d): d is { name: string; namespace?: unknown } => isPlainObject(d) && typeof d.name === 'string')
          .map(d => `${typeof d.namespace === 'string' && d.namespace ? d.namespace : o.namespace}/${d.name}`),
      });
    }
  }
  return layers;
}

function affectedLayers(
  beforeMap: Map<string, string>,
  afterMap: Map<string, string>,
  filesChanged: string[],
  parsed: (side: 'before' | 'after', path: string, text: string) => ParsedFile,
  objectChanges: PreviewObject[],
): PreviewAffectedLayer[] {
  // The layers after the change, plus those the change removes.
  const layers = fluxKustomizations('after', afterMap, parsed);
  for (const [k, l] of fluxKustomizations('before', beforeMap, parsed)) {
    if (!layers.has(k)) layers.set(k, l);
  }
  const result = new Map<string, PreviewAffectedLayer>();
  for (const [k, l] of layers) {
    const dir = normalizeDir(l.path);
    const below = filesChanged.filter(f => dir === '' || f.startsWith(`${dir}/`));
    if (below.length) {
      result.set(k, { name: l.name, namespace: l.namespace, path: l.path, reason: 'files', via: below });
    }
  }
  for (const o of objectChanges) {
    const k = `${o.namespace}/${o.name}`;
    if (o.kind === 'Kustomization' && o.apiVersion.startsWith(FLUX_KUSTOMIZE_GROUP) && !result.has(k)) {
      const l = layers.get(k);
      result.set(k, { name: o.name, namespace: o.namespace, path: l?.path ?? '', reason: 'object', via: [o.path] });
    }
  }
  // Dependents, transitively, until a round adds none (each layer's `via`
  // names the affected layers it depends on directly).
  const isAffected = (ref: string) => result.has(ref);
  for (let added = true; added; ) {
    added = false;
    for (const [k, l] of layers) {
      if (result.has(k)) continue;
      const via = l.dependsOn.filter(isAffected);
      if (via.length) {
        result.set(k, { name: l.name, namespace: l.namespace, path: l.path, reason: 'dependsOn', via: via.sort(cmp) });
        added = true;
      }
    }
  }
  return [...result.values()].sort(
    (a, b) => cmp(a.reason, b.reason) || cmp(a.namespace, b.namespace) || cmp(a.name, b.name),
  );
}
