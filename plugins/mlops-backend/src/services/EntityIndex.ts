import type {
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  stringifyEntityRef,
  parseEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_CLUSTERS,
  ANNOTATION_LABEL_SELECTOR,
  ANNOTATION_LAYER,
  ANNOTATION_OBJECTS,
  parseObjectsAnnotation,
  type AnnotatedObjectRef,
} from '@mlops-portal/plugin-mlops-common';
import {
  matchesLabelSelector,
  parseLabelSelector,
  type CachedObject,
  type LabelRequirement,
  type MlopsClustersService,
} from '@mlops-portal/plugin-mlops-node';

/** A catalog entity that names cluster objects, as the status service needs it. */
export interface LinkedEntity {
  ref: string;
  kind: string;
  title?: string;
  owner?: string;
  /** `system:default/<name>` for Components/Resources, the layer id for Systems. */
  systemRef?: string;
  layer?: string;
  objects: AnnotatedObjectRef[];
  selector?: LabelRequirement[];
  clusters?: string[];
  /** Problems with the annotations, shown in the entity's empty state. */
  notes: string[];
}

/** Id of one object on one cluster. */
export function objectId(o: {
  cluster: string;
  kind: string;
  namespace?: string;
  name: string;
}): string {
  return `${o.cluster}|${o.kind}|${o.namespace ?? ''}|${o.name}`;
}

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.system',
];

/** Parses an entity's MLOps annotations. */
export function toLinkedEntity(entity: Entity): LinkedEntity {
  const annotations = entity.metadata.annotations ?? {};
  const notes: string[] = [];
  const { refs, errors } = parseObjectsAnnotation(annotations[ANNOTATION_OBJECTS]);
  notes.push(...errors.map(e => `${ANNOTATION_OBJECTS}: ${e}`));
  let selector: LabelRequirement[] | undefined;
  const rawSelector = annotations[ANNOTATION_LABEL_SELECTOR];
  if (rawSelector) {
    try {
      selector = parseLabelSelector(rawSelector);
    } catch (e) {
      notes.push(`${ANNOTATION_LABEL_SELECTOR}: ${(e as Error).message}`);
    }
  }
  const clusters = annotations[ANNOTATION_CLUSTERS]
    ?.split(',')
    .map(s => s.trim())
    .filter(Boolean);
  const spec = (entity.spec ?? {}) as { owner?: unknown; system?: unknown };
  let systemRef: string | undefined;
  if (typeof spec.system === 'string' && spec.system) {
    try {
      systemRef = stringifyEntityRef(
        parseEntityRef(spec.system, {
          defaultKind: 'system',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      );
    } catch {
      notes.push(`spec.system '${spec.system}' is not an entity reference`);
    }
  }
  if (refs.length === 0 && !selector && !annotations[ANNOTATION_LAYER]) {
    notes.push(
      `the entity has neither ${ANNOTATION_OBJECTS} nor ${ANNOTATION_LABEL_SELECTOR}`,
    );
  }
  return {
    ref: stringifyEntityRef(entity),
    kind: entity.kind,
    title: entity.metadata.title,
    owner: typeof spec.owner === 'string' ? spec.owner : undefined,
    systemRef,
    layer: annotations[ANNOTATION_LAYER],
    objects: refs,
    selector,
    clusters: clusters?.length ? clusters : undefined,
    notes,
  };
}

/**
 * The catalog entities that carry the MLOps annotations, read with the
 * plugin's own credentials, refreshed on a schedule and kept in memory, plus
 * which cached objects belong to which entity (both ways).
 */
export class EntityIndex {
  private entities = new Map<string, LinkedEntity>();
  private explicit = new Map<string, string[]>(); // kind|ns|name → entity refs
  private selectorEntities: LinkedEntity[] = [];
  private loaded = false;
  version = 0;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      clusters: MlopsClustersService;
    },
  ) {}

  /** Reads the annotated entities from the catalog; logs and keeps the old set on failure. */
  async refresh(): Promise<void> {
    try {
      const credentials = await this.deps.auth.getOwnServiceCredentials();
      const { items } = await this.deps.catalog.getEntities(
        {
          // Each filter object is OR-ed with the others.
          filter: [
            { [`metadata.annotations.${ANNOTATION_OBJECTS}`]: CATALOG_FILTER_EXISTS },
            { [`metadata.annotations.${ANNOTATION_LABEL_SELECTOR}`]: CATALOG_FILTER_EXISTS },
            { kind: 'System', [`metadata.annotations.${ANNOTATION_LAYER}`]: CATALOG_FILTER_EXISTS },
          ],
          fields: FIELDS,
        },
        { credentials },
      );
      this.setEntities(items.map(toLinkedEntity));
      this.loaded = true;
    } catch (e) {
      this.deps.logger.warn(
        `could not read MLOps entities from the catalog: ${(e as Error).message}`,
      );
    }
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  setEntities(list: LinkedEntity[]): void {
    const entities = new Map<string, LinkedEntity>();
    const explicit = new Map<string, string[]>();
    for (const e of list) {
      entities.set(e.ref, e);
      for (const o of e.objects) {
        const k = `${o.kind}|${o.namespace ?? ''}|${o.name}`;
        const owners = explicit.get(k) ?? [];
        owners.push(e.ref);
        explicit.set(k, owners);
      }
    }
    this.entities = entities;
    this.explicit = explicit;
    this.selectorEntities = list.filter(e => e.selector);
    this.version++;
  }

  get(ref: string): LinkedEntity | undefined {
    return this.entities.get(ref);
  }

  list(): LinkedEntity[] {
    return [...this.entities.values()];
  }

  /** The entities an object belongs to (explicit refs first, then selectors). */
  ownersOf(o: {
    cluster: string;
    kind: string;
    namespace?: string;
    name: string;
    labels?: Record<string, string>;
  }): string[] {
    const out: string[] = [];
    for (const ref of this.explicit.get(`${o.kind}|${o.namespace ?? ''}|${o.name}`) ?? []) {
      const e = this.entities.get(ref);
      if (e && (!e.clusters || e.clusters.includes(o.cluster))) out.push(ref);
    }
    if (o.labels) {
      for (const e of this.selectorEntities) {
        if (out.includes(e.ref)) continue;
        if (e.clusters && !e.clusters.includes(o.cluster)) continue;
        if (matchesLabelSelector(e.selector!, o.labels)) out.push(e.ref);
      }
    }
    return out;
  }

  /** Whether `kind` is being watched on `cluster` (cluster state looked up once per call). */
  private kindWatched(
    cluster: string,
    kind: string,
    memo: Map<string, ReturnType<MlopsClustersService['getClusterState']>>,
  ): boolean {
    if (!memo.has(cluster)) memo.set(cluster, this.deps.clusters.getClusterState(cluster));
    return memo.get(cluster)?.kinds.find(k => k.kind === kind)?.state === 'watching';
  }

  /**
   * The cached objects of an entity on the given clusters, and the named
   * objects that are missing from a watching cluster.
   */
  resolve(
    entity: LinkedEntity,
    clusterNames: string[],
  ): { objects: CachedObject[]; missing: string[] } {
    const clusters = entity.clusters
      ? clusterNames.filter(c => entity.clusters!.includes(c))
      : clusterNames;
    const seen = new Set<string>();
    const objects: CachedObject[] = [];
    const missing: string[] = [];
    for (const cluster of clusters) {
      const stateOf = new Map<string, ReturnType<MlopsClustersService['getClusterState']>>();
      for (const ref of entity.objects) {
        const o = this.deps.clusters.getObject({ cluster, ...ref });
        if (o) {
          const id = objectId(o);
          if (!seen.has(id)) {
            seen.add(id);
            objects.push(o);
          }
        } else if (
          this.kindWatched(cluster, ref.kind, stateOf) &&
          // Without a clusters annotation an object may well live on only one
          // of several clusters; only then is absence not worth a note.
          (entity.clusters !== undefined || clusters.length === 1)
        ) {
          missing.push(
            `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} not found on cluster '${cluster}'`,
          );
        }
      }
      if (entity.selector) {
        for (const o of this.deps.clusters.listObjects({
          cluster,
          labelSelector: entity.selector,
        })) {
          const id = objectId(o);
          if (!seen.has(id)) {
            seen.add(id);
            objects.push(o);
          }
        }
      }
    }
    return { objects, missing };
  }
}
