import { UrlReaderService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { promises as fs } from 'fs';
import { join, relative, sep } from 'path';
import { RepoFile } from './types';

// Only what kustomize and Flux read: manifests and kustomization files.
const WANTED = /(\.(ya?ml|json)|(^|\/)Kustomization)$/;
const SKIP_DIRS = new Set(['.git', 'node_modules']);

/** Whether a repo-relative path is a file the provider reads. @public */
export function isWantedFile(path: string): boolean {
  return WANTED.test(path);
}

/**
 * Reads the manifests of a local folder. The UrlReader only reads local
 * folders listed in `backend.reading.allow`, so local repositories are read
 * from disk directly.
 * @public
 */
export async function readLocalRepository(root: string): Promise<RepoFile[]> {
  const out: RepoFile[] = [];
  // One directory's files are read in parallel: 10,000 sequential awaits
  // cost seconds on a busy machine.
  const walk = async (dir: string): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    const subdirs: string[] = [];
    const reads: Promise<void>[] = [];
    for (const entry of entries) {
      if (SKIP_DIRS.has(entry.name)) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) subdirs.push(full);
      else if (entry.isFile()) {
        const path = relative(root, full).split(sep).join('/');
        if (isWantedFile(path)) {
          reads.push(
            fs.readFile(full, 'utf8').then(content => {
              out.push({ path, content });
            }),
          );
        }
      }
    }
    await Promise.all(reads);
    for (const sub of subdirs) await walk(sub);
  };
  await walk(root);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Reads the manifests of a repository URL (GitHub, GitLab, ... as the
 * integrations allow) with the UrlReader's `readTree`.
 * @public
 */
export async function readUrlRepository(
  reader: UrlReaderService,
  target: string,
): Promise<RepoFile[]> {
  return (await readUrlTree(reader, target)).files;
}

/**
 * Like {@link readUrlRepository}, remembering the last answer: the next read
 * sends its ETag and, when the host says nothing changed, returns the
 * remembered files without downloading the tree again.
 * @public
 */
export function createCachedUrlRepositoryReader(
  reader: UrlReaderService,
  target: string,
): () => Promise<RepoFile[]> {
  let last: { etag: string; files: RepoFile[] } | undefined;
  return async () => {
    try {
      last = await readUrlTree(reader, target, last?.etag);
    } catch (e) {
      if (!(last && isError(e) && e.name === 'NotModifiedError')) throw e;
    }
    return last.files;
  };
}

async function readUrlTree(
  reader: UrlReaderService,
  target: string,
  etag?: string,
): Promise<{ etag: string; files: RepoFile[] }> {
  const tree = await reader.readTree(target, {
    etag,
    filter: path => isWantedFile(path),
  });
  const files = await tree.files();
  const out = await Promise.all(
    files.map(async file => ({
      path: file.path,
      content: (await file.content()).toString('utf8'),
    })),
  );
  return {
    etag: tree.etag,
    files: out.sort((a, b) => a.path.localeCompare(b.path)),
  };
}
