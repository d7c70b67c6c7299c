import type { Document } from 'yaml';
import { InputError, NotFoundError } from '@backstage/errors';
import { escapeRegExp, mentionsKind, RepoFile } from './repoFiles';
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

/**
 * The one HelmRelease named `release.name` (in `release.namespace`, when
 * given) in the files. Errors name the field to fix: `name` when there is
 * none, `namespace` when the name is in several namespaces.
 */
export function findHelmRelease(
  files: RepoFile[],
  release: { name: string; namespace?: string },
): FoundObject {
  // Only files with a `name:` line for this release are parsed (a trailing
  // comment allowed); the exact match is on the parsed object.
  const nameRe = new RegExp(
    `name:[ \\t]*["']?${escapeRegExp(release.name)}["']?[ \\t\\r]*(#[^\\n]*)?$`,
    'm',
  );
  const matches = findObjects(files, 'HelmRelease', f =>
    nameRe.test(f.text),
  ).filter(
    o =>
      o.name === release.name &&
      (!release.namespace || o.namespace === release.namespace),
  );
  if (matches.length === 0) {
    throw new NotFoundError(
      `name: no HelmRelease '${release.name}'${
        release.namespace ? ` in namespace '${release.namespace}'` : ''
      } in the repository`,
    );
  }
  if (matches.length > 1) {
    throw new InputError(
      `namespace: HelmRelease '${release.name}' exists in several namespaces (${matches
        .map(m => m.namespace)
        .join(', ')}); give the namespace`,
    );
  }
  return matches[0];
}
