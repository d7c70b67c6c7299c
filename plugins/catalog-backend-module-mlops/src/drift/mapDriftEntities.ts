import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_CLUSTERS,
  ANNOTATION_DRIFT,
  ANNOTATION_OBJECTS,
  formatObjectsAnnotation,
  ObjectRef,
} from '@mlops-portal/plugin-mlops-common';
import { toEntityName } from '../mapping/entityName';
import { normalizeOwner } from '../mapping/mapEntities';
import { ManifestObject } from '../reader/types';

/**
 * Lists the Flux objects on the connected clusters. The provider only needs
 * this one call, so the cluster access is injected (see `module.ts`).
 * @public
 */
export interface FluxObjectLister {
  /** Every Flux object on every connected cluster, as far as known now. */
  listFluxObjects(): Promise<ObjectRef[]>;
}

const TYPES: Record<string, string> = {
  Kustomization: 'flux-kustomization',
  HelmRelease: 'flux-helmrelease',
  GitRepository: 'flux-source',
  HelmRepository: 'flux-source',
  OCIRepository: 'flux-source',
  Bucket: 'flux-source',
};

/**
 * Flux objects found on a cluster but not in Git become Resources flagged
 * `mlops-portal.io/drift: unmanaged`, so "someone kubectl-applied this" shows
 * up in the catalog. Objects Flux generates itself (HelmChart) are ignored.
 * @public
 */
export function mapDriftEntities(
  live: ObjectRef[],
  gitObjects: ManifestObject[],
  options: {
    providerId: string;
    defaultOwner: string;
    /** System of the drift entities; none when absent. */
    controlPlaneLayer?: string;
    /** Backstage namespace of the entities, as the provider's others. Default: `default`. */
    entityNamespace?: string;
    /** Put in front of every name, as the provider's others. Default: none. */
    namePrefix?: string;
  },
): Entity[] {
  const entityNamespace = options.entityNamespace ?? 'default';
  const prefix = options.namePrefix ?? '';
  const inGit = new Set(
    gitObjects.map(
      o => `${o.kind}/${o.metadata.namespace ?? 'default'}/${o.metadata.name}`,
    ),
  );
  const seen = new Set<string>();
  const entities: Entity[] = [];
  const managedBy = `mlops-provider:${options.providerId}`;
  for (const obj of [...live].sort((a, b) =>
    `${a.cluster}/${a.kind}/${a.namespace}/${a.name}`.localeCompare(
      `${b.cluster}/${b.kind}/${b.namespace}/${b.name}`,
    ),
  )) {
    const type = TYPES[obj.kind];
    const namespace = obj.namespace ?? 'default';
    if (!type || inGit.has(`${obj.kind}/${namespace}/${obj.name}`)) continue;
    const name = toEntityName(
      `${prefix}unmanaged-${obj.cluster}-${obj.kind.toLocaleLowerCase(
        'en-US',
      )}-${namespace}-${obj.name}`,
    );
    if (seen.has(name)) continue;
    seen.add(name);
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name,
        ...(entityNamespace === 'default' ? {} : { namespace: entityNamespace }),
        title: `${obj.kind} ${namespace}/${obj.name} on ${obj.cluster} (unmanaged: not in Git)`,
        description: `Found on cluster ${obj.cluster} but not in the GitOps repository; probably applied by hand.`,
        tags: [obj.kind.toLocaleLowerCase('en-US'), 'unmanaged'],
        annotations: {
          'backstage.io/managed-by-location': managedBy,
          'backstage.io/managed-by-origin-location': managedBy,
          [ANNOTATION_DRIFT]: 'unmanaged',
          [ANNOTATION_CLUSTERS]: obj.cluster,
          [ANNOTATION_OBJECTS]: formatObjectsAnnotation([
            { kind: obj.kind, namespace, name: obj.name },
          ]),
          'backstage.io/kubernetes-id': name,
          'backstage.io/kubernetes-namespace': namespace,
        },
      },
      spec: {
        type,
        owner: normalizeOwner(options.defaultOwner),
        ...(options.controlPlaneLayer
          ? { system: `system:${entityNamespace}/${toEntityName(`${prefix}${options.controlPlaneLayer}`)}` }
          : {}),
      },
    });
  }
  return entities;
}
