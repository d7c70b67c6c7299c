import type { Document } from 'yaml';
import { mentionsKind, RepoFile } from './repoFiles';
import { objectIdentity, parseYamlDocuments } from './yamlDocuments';

/** A Kubernetes object found in a file of the checkout. */
export interface FoundObject {
  file: RepoFile;
  docs: Document[];
  index: number;
  apiVersion?: string;
  kind: string;
  name?: string;
  namespace?: string;
}

/**
 * Every object of `kind` in the files, optionally only the files whose text
 * passes `prefilter` (to avoid parsing files that cannot match).
 */
export function findObjects(
  files: RepoFile[],
  kind: string,
  prefilter?: (f: RepoFile) => boolean,
): FoundObject[] {
  const found: FoundObject[] = [];
  for (const file of files) {
    if (!mentionsKind(file, kind)) continue;
    if (prefilter && !prefilter(file)) continue;
    const docs = parseYamlDocuments(file.text, file.rel);
    docs.forEach((doc, index) => {
      const id = objectIdentity(doc);
      if (id.kind === kind) {
        found.push({ file, docs, index, ...id, kind });
      }
    });
  }
  return found;
}
