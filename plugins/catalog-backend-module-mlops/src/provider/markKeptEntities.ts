import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_OBJECTS,
  MLOPS_ANNOTATION_PREFIX,
  parseObjectsAnnotation,
} from '@mlops-portal/plugin-mlops-common';
import { isClusterScoped } from '../reader/collectObjects';
import { KeptFile } from '../reader/collectWithLastGood';
import { ManifestObject } from '../reader/types';

/**
 * Set by the provider on an entity whose file in Git fails to parse, so the
 * entity is the file's last good version: the file and the parse error.
 * `MlopsSourceErrorProcessor` turns it into a catalog processing error, which
 * the entity page shows and which keeps the last good entity in the catalog.
 * @public
 */
export const ANNOTATION_SOURCE_ERROR = `${MLOPS_ANNOTATION_PREFIX}/source-error`;

function key(kind: string, namespace: string | undefined, name: string) {
  return `${kind}:${namespace ?? ''}/${name}`;
}

/**
 * Adds {@link ANNOTATION_SOURCE_ERROR} to the entities whose own objects
 * (`mlops-portal.io/objects`) come from a kept file. Pure.
 */
export function markKeptEntities(
  entities: Entity[],
  objects: ManifestObject[],
  kept: KeptFile[],
): Entity[] {
  if (kept.length === 0) return entities;
  const reasons = new Map(kept.map(k => [k.path, k.reason]));
  const fromKept = new Map<string, string>();
  for (const obj of objects) {
    const file = obj.source.repository
      ? `${obj.source.repository}:${obj.source.path}`
      : obj.source.path;
    const reason = reasons.get(file);
    if (reason === undefined) continue;
    const namespace = isClusterScoped(obj.kind)
      ? undefined
      : obj.metadata.namespace ?? 'default';
    fromKept.set(
      key(obj.kind, namespace, obj.metadata.name),
      `${file}: ${reason}`,
    );
  }
  return entities.map(entity => {
    const { refs } = parseObjectsAnnotation(
      entity.metadata.annotations?.[ANNOTATION_OBJECTS],
    );
    const errors = [
      ...new Set(
        refs
          .map(r => fromKept.get(key(r.kind, r.namespace, r.name)))
          .filter((e): e is string => !!e),
      ),
    ];
    if (errors.length === 0) return entity;
    return {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          ...entity.metadata.annotations,
          [ANNOTATION_SOURCE_ERROR]: `${errors.join(
            '; ',
          )}. The catalog shows the last good version of this file.`,
        },
      },
    };
  });
}
