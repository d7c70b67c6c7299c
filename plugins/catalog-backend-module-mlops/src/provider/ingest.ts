import { Entity } from '@backstage/catalog-model';
import { MlopsProviderConfig } from '../config/readProviderConfigs';
import { mapEntities } from '../mapping/mapEntities';
import { RepoLinks } from '../mapping/repoLinks';
import { collectObjects } from '../reader/collectObjects';
import { ManifestObject, ReadProblem, RepoFile } from '../reader/types';

/** Everything one ingestion found in the repository. @public */
export interface IngestResult {
  entities: Entity[];
  objects: ManifestObject[];
  problems: ReadProblem[];
}

/**
 * The provider's whole pure pipeline: repository files in, entities out.
 * @public
 */
export function ingestRepository(
  files: RepoFile[],
  config: MlopsProviderConfig,
  links: RepoLinks,
): IngestResult {
  const collected = collectObjects(files, { paths: config.paths });
  const mapped = mapEntities(collected.objects, {
    providerId: config.id,
    defaultOwner: config.defaultOwner,
    lifecycle: config.lifecycle,
    layers: config.layers,
    controlPlaneLayer: config.controlPlaneLayer,
    operatorNamespaces: config.operatorNamespaces,
    podSelectors: config.podSelectors,
    clusters: config.clusters,
    links,
  });
  return {
    entities: mapped.entities,
    objects: collected.objects,
    problems: [...collected.problems, ...mapped.problems],
  };
}
