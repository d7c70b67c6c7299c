import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * One YAML document of a GitOps repository.
 * @public
 */
export interface ManifestDocument {
  /** Path of the file, relative to the repository root, with `/` separators. */
  file: string;
  /** Position of the document in its file (0-based, counting empty documents). */
  index: number;
  /** The parsed document; `undefined` for an empty document or a parse error. */
  object?: unknown;
  /** YAML syntax errors of this document. */
  errors: string[];
}

/** The kustomize config file names kustomize itself recognises. @public */
export const KUSTOMIZATION_FILE_NAMES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

/**
 * Every `.yaml` / `.yml` file under `root`, relative to it, sorted. Hidden
 * folders and `node_modules` are skipped.
 * @public
 */
export function listYamlFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry.name) || entry.name === 'Kustomization') {
        out.push(path.relative(root, full).split(path.sep).join('/'));
      }
    }
  };
  walk(root);
  return out.sort();
}

/**
 * Parses every YAML file under `root` as a multi-document stream.
 * Syntax errors are returned per document rather than thrown, so one broken
 * file never hides the state of the others.
 * @public
 */
export function loadManifests(root: string): ManifestDocument[] {
  const docs: ManifestDocument[] = [];
  for (const file of listYamlFiles(root)) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    parseAllDocuments(text).forEach((doc, index) => {
      const errors = doc.errors.map(e => e.message);
      docs.push({
        file,
        index,
        object: errors.length ? undefined : doc.toJS() ?? undefined,
        errors,
      });
    });
  }
  return docs;
}
