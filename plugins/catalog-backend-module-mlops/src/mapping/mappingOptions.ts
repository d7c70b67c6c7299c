import { resolve } from 'path';
import { MlopsProviderConfig } from '../config/readProviderConfigs';
import { MappingOptions } from './mapEntities';
import { createLocalRepoLinks, createUrlRepoLinks, RepoLinks } from './repoLinks';

/**
 * The mapping options of a provider's config; links into the other
 * providers' repositories that its mapped sources read come from their
 * configs.
 * @public
 */
export function mappingOptionsFor(config: MlopsProviderConfig, links: RepoLinks): MappingOptions {
  const repositoryLinks: Record<string, RepoLinks> = {};
  for (const repo of Object.values(config.repositories)) {
    repositoryLinks[repo.id] =
      repo.source.type === 'url'
        ? createUrlRepoLinks(repo.source.target, repo.branch)
        : createLocalRepoLinks(resolve(repo.source.path), repo.repoUrl, repo.branch);
  }
  return {
    providerId: config.id,
    entityNamespace: config.entityNamespace,
    namePrefix: config.namePrefix,
    domain: config.domain,
    defaultOwner: config.defaultOwner,
    lifecycle: config.lifecycle,
    layers: config.layers,
    autoLayers: config.autoLayers,
    controlPlaneLayer: config.controlPlaneLayer,
    operatorNamespaces: config.operatorNamespaces,
    podSelectors: config.podSelectors,
    clusters: config.clusters,
    links,
    repositoryLinks,
  };
}
