import { RepoFile } from './repoFiles';
import { findObjects, FoundObject } from './repoObjects';

/** `oci://` URLs make an OCI HelmRepository (`spec.type: oci`). */
export function isOciUrl(url: string): boolean {
  return url.startsWith('oci://');
}

/** Compares chart repository URLs ignoring a trailing slash and scheme case. */
export function normalizeRepoUrl(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/]+)(.*)$/.exec(trimmed);
  if (!m) return trimmed;
  return `${m[1].toLowerCase()}://${m[2].toLowerCase()}${m[3]}`;
}

/**
 * A DNS-1123 name for a HelmRepository derived from its URL, e.g.
 * `https://charts.bitnami.com/bitnami` → `charts-bitnami-com-bitnami`.
 */
export function helmRepositoryNameFromUrl(url: string): string {
  const withoutScheme = url.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//, '');
  const name = withoutScheme
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return name || 'charts';
}

/**
 * The HelmRepository in the repo that serves `url`, if any; one in
 * `preferNamespace` wins over others (no cross-namespace reference needed).
 */
export function findHelmRepositoryByUrl(
  files: RepoFile[],
  url: string,
  preferNamespace?: string,
): FoundObject | undefined {
  const wanted = normalizeRepoUrl(url);
  // The host is in the file's text whenever the URL is; skip the others.
  const host = wanted.replace(/^[a-z]+:\/\//, '').split('/')[0];
  const matches = findObjects(files, 'HelmRepository', f =>
    f.text.toLowerCase().includes(host),
  ).filter(o => {
    const spec = o.docs[o.index].get('spec') as any;
    const u = spec?.get?.('url');
    return typeof u === 'string' && normalizeRepoUrl(u) === wanted;
  });
  return matches.find(o => o.namespace === preferNamespace) ?? matches[0];
}

/** The most frequent value; ties broken alphabetically so runs are repeatable. */
export function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort(
    (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
  )[0][0];
}

