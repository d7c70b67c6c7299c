import { UrlReaderService } from '@backstage/backend-plugin-api';
import { resolve } from 'path';
import { RepositoryLocation } from '../config/readProviderConfigs';
import { createCachedUrlRepositoryReader, readLocalRepository } from './readRepository';
import { RepoFile } from './types';

/**
 * Wraps a provider's reader so that each run also reads the repositories of
 * the other providers its mapped Flux sources name (`sources[].provider`),
 * their files tagged with that provider's id. A repository that cannot be
 * read fails the run, like the provider's own: the catalog keeps the last
 * good set rather than dropping what that repository deploys.
 * @public
 */
export function withSourceRepositories(
  readOwn: () => Promise<RepoFile[]>,
  repositories: Record<string, RepositoryLocation>,
  urlReader: UrlReaderService,
): () => Promise<RepoFile[]> {
  const others = Object.values(repositories).map(repo => ({
    id: repo.id,
    read:
      repo.source.type === 'url'
        ? createCachedUrlRepositoryReader(urlReader, repo.source.target)
        : () => readLocalRepository(resolve((repo.source as { path: string }).path)),
  }));
  if (others.length === 0) return readOwn;
  return async () => {
    const [own, ...rest] = await Promise.all([
      readOwn(),
      ...others.map(async o => {
        try {
          return (await o.read()).map(f => ({ ...f, repository: o.id }));
        } catch (e) {
          throw new Error(`reading the repository of provider '${o.id}' failed: ${(e as Error).message}`);
        }
      }),
    ]);
    // Files of this repository never claim to be another's.
    return [...own.map(({ repository: _r, ...f }) => f), ...rest.flat()];
  };
}
