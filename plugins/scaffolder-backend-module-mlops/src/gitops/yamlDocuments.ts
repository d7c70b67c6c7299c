import {
  Document,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  parseDocument,
  YAMLSeq,
  type ToStringOptions,
} from 'yaml';
import { InputError } from '@backstage/errors';

/**
 * How a file writes block sequences under a key: indented (`  - a`) or flush
 * with the key (`- a`). yaml's stringifier defaults to indented; keeping the
 * file's own style is what keeps a one-line change a one-line diff.
 */
export function detectStringifyOptions(text: string): ToStringOptions {
  const m = /^([ \t]*)[^\s#-][^\n]*:[ \t]*\r?\n(?:[ \t]*#[^\n]*\n)*([ \t]*)- /m.exec(
    text,
  );
  const indentSeq = m ? m[2].length > m[1].length : true;
  return { indentSeq, lineWidth: 0, minContentWidth: 0 };
}

/** Parses every document of a YAML file; a syntax error names the file. */
export function parseYamlDocuments(text: string, fileLabel: string): Document[] {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) {
    // An empty stream parses to an EmptyStream object, not an array.
    return [];
  }
  for (const d of docs) {
    if (d.errors.length) {
      throw new InputError(
        `${fileLabel} is not valid YAML: ${d.errors[0].message}`,
      );
    }
  }
  return docs;
}

/** Serializes documents back into one file, keeping `---` markers and comments. */
export function stringifyYamlDocuments(
  docs: Document[],
  options: ToStringOptions,
): string {
  return docs.map(d => d.toString(options)).join('');
}

/** Reads `kind`, `metadata.name` and `metadata.namespace` of a document. */
export function objectIdentity(doc: Document): {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
} {
  if (!isMap(doc.contents)) return {};
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    apiVersion: str(doc.get('apiVersion')),
    kind: str(doc.get('kind')),
    name: str(doc.getIn(['metadata', 'name'])),
    namespace: str(doc.getIn(['metadata', 'namespace'])),
  };
}

/** A kustomization.yaml as one document; a syntax error names the file. */
function parseKustomization(text: string, fileLabel: string): Document {
  const doc = parseDocument(text);
  if (doc.errors.length) {
    throw new InputError(`${fileLabel} is not valid YAML: ${doc.errors[0].message}`);
  }
  return doc;
}

/** A `resources:` entry without `./` in front or `/` behind (`./x/` and `x` are the same). */
function resourceKey(entry: string): string {
  return entry.replace(/^\.\//, '').replace(/\/$/, '');
}

function sameEntry(a: string, b: string): boolean {
  return resourceKey(a) === resourceKey(b);
}

/**
 * Adds `entry` to `resources:` of a kustomization.yaml, in sorted position
 * (before the first existing entry that sorts after it, so an unsorted list
 * is not reordered), unless it is already there (`./x` and `x` are the same).
 * Returns the new text, or the same text when nothing changed.
 */
export function addKustomizationResource(
  text: string,
  entry: string,
  fileLabel: string,
): string {
  const doc = parseKustomization(text, fileLabel);
  if (!isMap(doc.contents)) {
    throw new InputError(`${fileLabel} is not a Kustomization (not a mapping)`);
  }
  let resources = doc.get('resources', true);
  if (resources === undefined || resources === null) {
    resources = doc.createNode([]) as YAMLSeq;
    doc.set('resources', resources);
  }
  if (!isSeq(resources)) {
    throw new InputError(`${fileLabel}: 'resources' is not a list`);
  }
  const seq = resources as YAMLSeq;
  const values = seq.items.map(i => (isScalar(i) ? String(i.value) : undefined));
  if (values.some(v => v !== undefined && sameEntry(v, entry))) {
    return text;
  }
  const key = resourceKey(entry);
  let index = values.findIndex(v => v !== undefined && resourceKey(v) > key);
  if (index < 0) index = seq.items.length;
  seq.items.splice(index, 0, doc.createNode(entry));
  return doc.toString(detectStringifyOptions(text));
}

/** Parses a YAML string given as an input; the error names the field. */
export function parseYamlInput(text: string, field: string): Document {
  const doc = parseDocument(text);
  if (doc.errors.length) {
    throw new InputError(`${field}: not valid YAML: ${doc.errors[0].message}`);
  }
  // Unknown tags (e.g. !!python/object) parse with a warning only; Helm
  // values are plain data, so refuse them rather than write them to Git.
  if (doc.warnings.length) {
    throw new InputError(`${field}: ${doc.warnings[0].message}`);
  }
  const contents = doc.contents;
  if (contents !== null && !isMap(contents)) {
    throw new InputError(`${field}: must be a YAML mapping (key: value pairs)`);
  }
  return doc;
}

/**
 * Removes `entry` from `resources:` of a kustomization.yaml (the reverse of
 * addKustomizationResource); other entries, their comments and the list
 * style stay. Returns the same text when the entry is not listed.
 */
export function removeKustomizationResource(
  text: string,
  entry: string,
  fileLabel: string,
): string {
  const doc = parseKustomization(text, fileLabel);
  const resources = isMap(doc.contents) ? doc.get('resources', true) : undefined;
  if (!isSeq(resources)) return text;
  const seq = resources as YAMLSeq;
  const index = seq.items.findIndex(i => isScalar(i) && sameEntry(String(i.value), entry));
  if (index < 0) return text;
  seq.items.splice(index, 1);
  return doc.toString(detectStringifyOptions(text));
}
