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
  type ObjectOwnership,
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
  /** `backstage.io/managed-by-origin-location`, written by the catalog. */
  origin?: string;
  /**
   * Whether the entity comes from a source trusted to decide ownership (see
   * readOwnershipConfig); untrusted entities show status, never decide.
   */
  trusted: boolean;
  /** Problems with the annotations, shown in the entity's empty state. */
  notes: string[];
}

/** The catalog's origin annotation (`@backstage/catalog-model` ANNOTATION_ORIGIN_LOCATION). */
const ANNOTATION_ORIGIN_LOCATION = 'backstage.io/managed-by-origin-location';

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

/**
 * Parses an entity's MLOps annotations; `isTrusted` says whether its origin
 * may decide ownership (default: no origin is trusted).
 */
export function toLinkedEntity(
  entity: Entity,
  isTrusted: (origin: string | undefined) => boolean = () => false,
): LinkedEntity {
  const annotations = entity.metadata.annotations ?? {};
  const origin = annotations[ANNOTATION_ORIGIN_LOCATION];
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
    origin,
    trusted: isTrusted(origin),
    notes,
  };
}

function describeRef(o: AnnotatedObjectRef): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** Whether two entities' cluster lists can name the same object (absent = every cluster). */
function clustersOverlap(a?: string[], b?: string[]): boolean {
  if (!a || !b) return true;
  return a.some(c => b.includes(c));
}

/**
 * The catalog entities that carry the MLOps annotations, read with the
 * plugin's own credentials, refreshed on a schedule and kept in memory, plus
 * which cached objects belong to which entity (both ways).
 *
 * Two questions, two answers: which entities *show* an object (every entity
 * that names it: {@link EntityIndex.ownersOf}, for views and change
 * tracking), and which entity *decides* on it ({@link EntityIndex.ownership},
 * for permissions): only trusted entities, and only when exactly one of them
 * names the object. Anyone may register a catalog location, so a claim from
 * an untrusted source, or a second trusted claim, must never win by order.
 */
export class EntityIndex {
  private entities = new Map<string, LinkedEntity>();
  private explicit = new Map<string, string[]>(); // kind|ns|name → entity refs
  private selectorEntities: LinkedEntity[] = [];
  private loaded = false;
  /** Entity refs (with origin) already reported in the log, so each is logged once. */
  private reported = new Set<string>();
  /** What each entity shows, to tell a refresh that changed something from one that did not. */
  private shown = new Map<string, string>();
  private readonly listeners = new Set<(refs: string[]) => void>();
  version = 0;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      clusters: MlopsClustersService;
      /** Whether an origin may decide ownership; default none. */
      isTrustedOrigin?: (origin: string | undefined) => boolean;
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
      this.setEntities(items.map(e => toLinkedEntity(e, this.deps.isTrustedOrigin)));
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

  /**
   * Calls `listener` with the refs of the entities added, removed or changed
   * (title, owner, layer, the objects they name) whenever a refresh changes
   * them: a merged GitOps change that adds a component reaches open pages
   * without waiting for a cluster change. Returns the unsubscribe function.
   */
  onChange(listener: (refs: string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setEntities(input: LinkedEntity[]): void {
    // Notes are added below; keep the caller's objects as they were.
    const list = input.map(e => ({ ...e, notes: [...e.notes] }));
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
    this.reportClaims(list);
    this.version++;
    this.notifyChanged(list);
  }

  private notifyChanged(list: LinkedEntity[]): void {
    const shown = new Map(
      list.map(e => {
        const { notes: _notes, origin: _origin, ...visible } = e;
        return [e.ref, JSON.stringify(visible)] as const;
      }),
    );
    const changed = [...shown].filter(([ref, text]) => this.shown.get(ref) !== text).map(([ref]) => ref);
    const removed = [...this.shown.keys()].filter(ref => !shown.has(ref));
    this.shown = shown;
    const refs = [...changed, ...removed];
    if (refs.length === 0) return;
    for (const listener of this.listeners) listener(refs);
  }

  /**
   * Notes on the entities whose claims do not count (untrusted source, or a
   * trusted claim that another trusted entity makes too), and one warning
   * log line per entity the first time it is seen.
   */
  private reportClaims(list: LinkedEntity[]): void {
    const warnings: string[] = [];
    // What was reported last time and still holds is not logged again; what
    // no longer holds is forgotten (and logged again should it come back).
    const seen = new Set<string>();
    const reportOnce = (key: string, line: string) => {
      seen.add(key);
      if (!this.reported.has(key)) warnings.push(line);
    };
    for (const e of list) {
      if (e.trusted || (e.objects.length === 0 && !e.selector)) continue;
      e.notes.push(
        `the objects this entity names are shown read-only: it comes from ${
          e.origin ?? 'an unknown location'
        }, which is not a source trusted to decide ownership (the GitOps provider, an admin-configured catalog location, an ML project location, or mlops.ownership.trustedLocations)`,
      );
      reportOnce(
        `untrusted|${e.ref}|${e.origin}`,
        `${e.ref} from untrusted location ${e.origin ?? '(none)'} names cluster objects (${[
          ...e.objects.map(describeRef),
          ...(e.selector ? ['a label selector'] : []),
        ].join(', ')}); its claim does not decide ownership`,
      );
    }
    for (const refs of this.explicit.values()) {
      const trusted = refs
        .map(r => this.entities.get(r)!)
        .filter(e => e.trusted);
      for (const e of trusted) {
        const others = trusted.filter(
          o => o.ref !== e.ref && clustersOverlap(e.clusters, o.clusters),
        );
        if (others.length === 0) continue;
        const object = e.objects.find(o =>
          refs === this.explicit.get(`${o.kind}|${o.namespace ?? ''}|${o.name}`),
        )!;
        e.notes.push(
          `${describeRef(object)} is also claimed by ${others
            .map(o => o.ref)
            .join(', ')}: an object claimed twice has no owner, so only platform admins may act on it until one claim is removed`,
        );
        reportOnce(
          `conflict|${e.ref}|${describeRef(object)}`,
          `${describeRef(object)} is claimed by both ${e.ref} and ${others
            .map(o => o.ref)
            .join(', ')}; neither decides ownership`,
        );
      }
    }
    this.reported = seen;
    for (const w of warnings) this.deps.logger.warn(w);
  }

  get(ref: string): LinkedEntity | undefined {
    return this.entities.get(ref);
  }

  list(): LinkedEntity[] {
    return [...this.entities.values()];
  }

  /**
   * Every entity that names an object (explicit refs first, then
   * selectors), trusted or not: who shows it, not who decides on it.
   */
  ownersOf(o: {
    cluster: string;
    kind: string;
    namespace?: string;
    name: string;
    labels?: Record<string, string>;
  }): string[] {
    return this.claims(o).map(c => c.entity.ref);
  }

  private claims(o: {
    cluster: string;
    kind: string;
    namespace?: string;
    name: string;
    labels?: Record<string, string>;
  }): Array<{ entity: LinkedEntity; explicit: boolean }> {
    const out: Array<{ entity: LinkedEntity; explicit: boolean }> = [];
    for (const ref of this.explicit.get(`${o.kind}|${o.namespace ?? ''}|${o.name}`) ?? []) {
      const e = this.entities.get(ref);
      if (e && (!e.clusters || e.clusters.includes(o.cluster))) {
        out.push({ entity: e, explicit: true });
      }
    }
    if (o.labels) {
      for (const e of this.selectorEntities) {
        if (out.some(c => c.entity.ref === e.ref)) continue;
        if (e.clusters && !e.clusters.includes(o.cluster)) continue;
        if (matchesLabelSelector(e.selector!, o.labels)) out.push({ entity: e, explicit: false });
      }
    }
    return out;
  }

  /**
   * Who decides on an object: the one trusted entity naming it by
   * `mlops-portal.io/objects`, else the one trusted entity selecting it by
   * label; two or more at the same level is a conflict and nobody owns it.
   * Untrusted claims are listed and never decide.
   */
  ownership(o: {
    cluster: string;
    kind: string;
    namespace?: string;
    name: string;
    labels?: Record<string, string>;
  }): ObjectOwnership {
    const claims = this.claims(o);
    const untrustedClaims = claims.filter(c => !c.entity.trusted).map(c => c.entity.ref);
    const trusted = claims.filter(c => c.entity.trusted);
    const explicit = trusted.filter(c => c.explicit);
    const deciding = (explicit.length > 0 ? explicit : trusted).map(c => c.entity.ref);
    const what = describeRef(o);
    if (deciding.length === 1) {
      return { state: 'owned', claimedBy: deciding, untrustedClaims };
    }
    if (deciding.length > 1) {
      return {
        state: 'conflict',
        claimedBy: deciding,
        untrustedClaims,
        message: `${what} is claimed twice (by ${deciding.join(' and ')}), so it has no owner: only platform admins may act on it until one claim is removed`,
      };
    }
    return {
      state: 'unclaimed',
      claimedBy: [],
      untrustedClaims,
      message: untrustedClaims.length
        ? `${what} is named only by entities from untrusted locations (${untrustedClaims.join(', ')}), so it has no owner: only platform admins may act on it`
        : undefined,
    };
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
