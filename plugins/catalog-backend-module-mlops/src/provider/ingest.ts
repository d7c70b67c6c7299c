import { Entity } from '@backstage/catalog-model';
import { MlopsProviderConfig } from '../config/readProviderConfigs';
import { mappingOptionsFor } from '../mapping/mappingOptions';
import { mapEntities } from '../mapping/mapEntities';
import { RepoLinks } from '../mapping/repoLinks';
import { sourceResolverOptionsFor } from '../reader/resolveSources';
import { collectWithLastGood, KeptFile } from '../reader/collectWithLastGood';
import { ManifestObject, ReadProblem, RepoFile } from '../reader/types';
import { markKeptEntities } from './markKeptEntities';

/** Everything one ingestion found in the repository. @public */
export interface IngestResult {
  entities: Entity[];
  objects: ManifestObject[];
  problems: ReadProblem[];
  /** Files that failed to parse and were read in their last good version. */
  kept: KeptFile[];
  /** Files that failed to parse with no good version known. */
  unrecovered: ReadProblem[];
  /** The last good text of every file, for the next run once this one is applied. */
  lastGood: Map<string, string>;
  /** Configured start `paths` that are not folders of the repository. */
  missingPaths: string[];
}

/**
 * The provider's whole pure pipeline: repository files in, entities out.
 * `lastGood` holds the text of each file as last applied, read instead of a
 * file that fails to parse; the entities of such a file carry
 * `mlops-portal.io/source-error`.
 * @public
 */
export function ingestRepository(
  files: RepoFile[],
  config: MlopsProviderConfig,
  links: RepoLinks,
  lastGood: ReadonlyMap<string, string> = new Map(),
): IngestResult {
  const collected = collectWithLastGood(files, {
    paths: config.paths,
    sources: sourceResolverOptionsFor(config),
    lastGood,
  });
  const mapped = mapEntities(collected.objects, mappingOptionsFor(config, links));
  return {
    entities: markKeptEntities(
      mapped.entities,
      collected.objects,
      collected.kept,
    ),
    objects: collected.objects,
    problems: [...collected.problems, ...mapped.problems],
    kept: collected.kept,
    unrecovered: collected.unrecovered,
    lastGood: collected.lastGood,
    missingPaths: collected.missingPaths,
  };
}
