import { NotFoundError } from '@backstage/errors';
import {
  DEFAULT_LAYERS,
  FLUX_SOURCE_KINDS,
  addCounts,
  emptyCounts,
  fluxRevisions,
  rollupStatuses,
  worstStatus,
  type ClusterError,
  type ClusterState,
  type EntityObjects,
  type EntityRollup,
  type InventoryNode,
  type KubeCondition,
  type LayerDefinition,
  type ObjectDetails,
  type ObjectEvents,
  type ObjectOwnership,
  type ObjectRef,
  type ObjectStatus,
  type PlatformOverview,
  type StatusCounts,
} from '@mlops-portal/plugin-mlops-common';
import type {
  CachedObject,
  ClusterChange,
  MlopsClustersService,
} from '@mlops-portal/plugin-mlops-node';
import type { EntityIndex, LinkedEntity } from './EntityIndex';

/**
 * What one caller may read: everything (an unconditional ALLOW of
 * `mlops.status.read`), or the entities in `readable`.
 */
export interface Viewer {
  allowAll: boolean;
  canRead(entityRef: string): boolean;
}

interface LayerCache {
  def: LayerDefinition;
  systemRef: string;
  entities: EntityRollup[];
  /** Objects in the layer's namespace that belong to no entity. */
  unattached: { status: ObjectStatus; counts: StatusCounts; failedRuns: number; size: number };
}

const MAX_PROBLEMS = 20;

function describe(o: { kind: string; namespace?: string; name: string }) {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/**
 * Answers status questions from the watch caches and the entity index: the
 * platform overview per layer and cluster, one entity's objects, one object's
 * details and events. Overviews are computed once per change and reused by
 * every viewer until the next change (requests never reach the API server).
 */
export class StatusService {
  private readonly layers: LayerDefinition[];
  private changeVersion = 0;
  private readonly overviewCache = new Map<
    string,
    { version: string; layers: LayerCache[] }
  >();
  /**
   * Entity roll-ups per cluster filter ('*' = all clusters), kept across
   * changes: a change batch only drops the roll-ups of the entities whose
   * objects changed, so recomputing the overview costs what changed, not
   * the size of the fleet.
   */
  private readonly rollupCache = new Map<string, Map<string, EntityRollup>>();
  private rollupEntityVersion = -1;
  /** Per cluster filter: roll-ups of objects in a layer namespace that belong to no entity. */
  private readonly unattachedCache = new Map<string, Map<string, LayerCache['unattached']>>();

  constructor(
    private readonly deps: {
      clusters: MlopsClustersService;
      entities: EntityIndex;
      layers?: LayerDefinition[];
      now?: () => Date;
    },
  ) {
    this.layers = deps.layers ?? DEFAULT_LAYERS;
    deps.clusters.subscribe(batch => this.onChanges(batch));
  }

  private onChanges(batch: ClusterChange[]): void {
    this.changeVersion++;
    const dirty = new Set<string>();
    let selectorsDirty = false;
    for (const change of batch) {
      for (const { kind, key } of change.objects) {
        const slash = key.indexOf('/');
        const namespace = slash >= 0 ? key.slice(0, slash) : undefined;
        const name = slash >= 0 ? key.slice(slash + 1) : key;
        if (namespace) {
          for (const u of this.unattachedCache.values()) u.delete(namespace);
        }
        const cached = this.deps.clusters.getObject({ cluster: change.cluster, kind, namespace, name });
        // A deleted object has no labels left to match selectors against.
        if (!cached) selectorsDirty = true;
        for (const ref of this.deps.entities.ownersOf(
          cached ?? { cluster: change.cluster, kind, namespace, name },
        )) {
          dirty.add(ref);
        }
      }
    }
    if (selectorsDirty) {
      for (const e of this.deps.entities.list()) if (e.selector) dirty.add(e.ref);
    }
    for (const rollups of this.rollupCache.values()) {
      for (const ref of dirty) rollups.delete(ref);
    }
  }

  private clusterNames(cluster?: string): string[] {
    const all = this.deps.clusters.listClusterNames();
    if (cluster === undefined) return all;
    if (!all.includes(cluster)) {
      throw new NotFoundError(`no cluster named '${cluster}' is configured`);
    }
    return [cluster];
  }

  private rollupEntity(entity: LinkedEntity, objects: CachedObject[]): EntityRollup {
    const r = rollupStatuses(objects.map(o => ({ kind: o.kind, status: o.summary.status })));
    const problems = objects
      .filter(o => o.summary.status.status !== 'Ready')
      .slice(0, MAX_PROBLEMS)
      .map(o => ({
        cluster: o.cluster,
        kind: o.kind,
        namespace: o.namespace,
        name: o.name,
        status: o.summary.status.status,
        reason: o.summary.status.reason,
        message: o.summary.status.message,
      }));
    return {
      entityRef: entity.ref,
      title: entity.title,
      owner: entity.owner,
      // An entity none of whose objects can be seen is not known to be fine.
      status: objects.length === 0 ? 'Unknown' : r.status,
      counts: r.counts,
      failedRuns: r.failedRuns,
      problems,
    };
  }

  private computeLayers(cacheKey: string, clusterNames: string[]): LayerCache[] {
    const entities = this.deps.entities.list();
    if (this.rollupEntityVersion !== this.deps.entities.version) {
      this.rollupCache.clear();
      this.unattachedCache.clear();
      this.rollupEntityVersion = this.deps.entities.version;
    }
    let rollups = this.rollupCache.get(cacheKey);
    if (!rollups) {
      rollups = new Map();
      this.rollupCache.set(cacheKey, rollups);
    }
    let unattached = this.unattachedCache.get(cacheKey);
    if (!unattached) {
      unattached = new Map();
      this.unattachedCache.set(cacheKey, unattached);
    }
    // One pass over the caches, bucketing objects by the layer namespaces
    // that changed since the last computation.
    const byNamespace = new Map<string, CachedObject[]>(
      this.layers.filter(l => !unattached!.has(l.namespace)).map(l => [l.namespace, []]),
    );
    if (byNamespace.size > 0) {
      for (const cluster of clusterNames) {
        for (const o of this.deps.clusters.listObjects({ cluster })) {
          if (o.namespace) byNamespace.get(o.namespace)?.push(o);
        }
      }
    }
    return this.layers.map(def => {
      // Only a trusted System may stand for a layer: anyone may register a
      // System with the layer annotation.
      const system = entities.find(
        e => e.kind === 'System' && e.layer === def.id && e.trusted,
      );
      const systemRef = system?.ref ?? `system:default/${def.id}`;
      // A layer System that names no objects of its own (only the layer
      // annotation) speaks through its members: not a row of its own.
      const members = entities.filter(
        e =>
          (e.ref === systemRef || e.systemRef === systemRef) &&
          (e.objects.length > 0 || e.selector !== undefined),
      );
      const entityRollups = members
        .map(e => {
          let r = rollups.get(e.ref);
          if (!r) {
            r = this.rollupEntity(e, this.deps.entities.resolve(e, clusterNames).objects);
            rollups.set(e.ref, r);
          }
          return r;
        })
        // The layer's own System, when its selector finds nothing, is the
        // band itself, not a row in it.
        .filter(r => r.entityRef !== systemRef || r.status !== 'Unknown' || hasObjects(r));
      let u = unattached!.get(def.namespace);
      if (!u) {
        const unattachedObjects = (byNamespace.get(def.namespace) ?? []).filter(
          o => this.deps.entities.ownersOf(o).length === 0,
        );
        const r = rollupStatuses(
          unattachedObjects.map(o => ({ kind: o.kind, status: o.summary.status })),
        );
        u = { status: r.status, counts: r.counts, failedRuns: r.failedRuns, size: unattachedObjects.length };
        unattached!.set(def.namespace, u);
      }
      return { def, systemRef, entities: entityRollups, unattached: u };
    });
  }

  private cachedLayers(cluster: string | undefined, clusterNames: string[]): LayerCache[] {
    const key = cluster ?? '*';
    const version = `${this.changeVersion}|${this.deps.entities.version}`;
    const hit = this.overviewCache.get(key);
    if (hit && hit.version === version) return hit.layers;
    const layers = this.computeLayers(key, clusterNames);
    this.overviewCache.set(key, { version, layers });
    return layers;
  }

  /** GET /overview: layers with roll-ups and counts, clusters, settings. */
  getOverview(cluster: string | undefined, viewer: Viewer): PlatformOverview {
    const clusterNames = this.clusterNames(cluster);
    const cached = this.cachedLayers(cluster, clusterNames);
    // Callers who may read everything get the same answer until the next
    // change: build it once (cluster states change with a change batch too).
    const fullKey = `${cluster ?? '*'}|${this.changeVersion}|${this.deps.entities.version}`;
    if (viewer.allowAll && this.fullOverview?.key === fullKey) {
      return this.fullOverview.value;
    }
    const value = this.buildOverview(cluster, clusterNames, cached, viewer);
    if (viewer.allowAll) this.fullOverview = { key: fullKey, value };
    return value;
  }

  private fullOverview?: { key: string; value: PlatformOverview };

  private buildOverview(
    cluster: string | undefined,
    clusterNames: string[],
    cached: LayerCache[],
    viewer: Viewer,
  ): PlatformOverview {
    const layers = cached.map(l => {
      const entities = l.entities.filter(e => viewer.canRead(e.entityRef));
      let counts = emptyCounts();
      const statuses: ObjectStatus[] = [];
      for (const e of entities) {
        counts = addCounts(counts, e.counts);
        // An entity with no objects on these clusters (say, one cluster of
        // several selected) is shown as such but says nothing about the layer.
        if (hasObjects(e)) statuses.push(e.status);
      }
      // Objects that belong to no entity are shown only to callers who may
      // read everything (no entity to check the permission against).
      if (viewer.allowAll && l.unattached.size > 0) {
        counts = addCounts(counts, l.unattached.counts);
        statuses.push(l.unattached.status);
      }
      return {
        id: l.def.id,
        title: l.def.title,
        namespace: l.def.namespace,
        systemRef: l.systemRef,
        dependsOn: l.def.dependsOn,
        status: worstStatus(statuses),
        counts,
        entities,
      };
    });
    let counts = emptyCounts();
    for (const l of layers) counts = addCounts(counts, l.counts);
    const clusters = this.deps.clusters
      .getClusterStates()
      .filter(c => clusterNames.includes(c.name));
    return {
      generatedAt: (this.deps.now?.() ?? new Date()).toISOString(),
      cluster,
      status: worstStatus(layers.map(l => l.status)),
      counts,
      clusters,
      layers,
      settings: viewer.allowAll || layers.some(l => l.entities.length)
        ? this.deps.clusters.getSettings(cluster)
        : [],
    };
  }

  getClusters(): { clusters: ClusterState[] } {
    return { clusters: this.deps.clusters.getClusterStates() };
  }

  /** GET /entities/:kind/:namespace/:name/objects (caller already authorized). */
  getEntityObjects(entity: LinkedEntity | undefined, entityRef: string): EntityObjects {
    const allClusters = this.deps.clusters.listClusterNames();
    if (!entity) {
      return {
        entityRef,
        status: 'Unknown',
        counts: emptyCounts(),
        objects: [],
        clusters: [],
        errors: [],
        notes: ['the entity has no MLOps annotations (mlops-portal.io/objects or mlops-portal.io/label-selector)'],
      };
    }
    const clusterNames = entity.clusters
      ? allClusters.filter(c => entity.clusters!.includes(c))
      : allClusters;
    const notes = [...entity.notes];
    for (const c of entity.clusters ?? []) {
      if (!allClusters.includes(c)) notes.push(`cluster '${c}' named in mlops-portal.io/clusters is not configured`);
    }
    const { objects, missing } = this.deps.entities.resolve(entity, clusterNames);
    notes.push(...missing);
    const rollup = this.rollupEntity(entity, objects);
    const clusters = this.deps.clusters
      .getClusterStates()
      .filter(c => clusterNames.includes(c.name));
    const kinds = new Set([
      ...entity.objects.map(o => o.kind),
      ...(entity.selector ? objects.map(o => o.kind) : []),
    ]);
    const errors: ClusterError[] = [];
    for (const c of clusters) {
      if (c.connection === 'unreachable' || c.connection === 'not-watchable') {
        errors.push({ cluster: c.name, message: c.lastError ?? c.connection });
      } else if (c.connection === 'silent') {
        // Still served from the cache, but say how old it is.
        errors.push({
          cluster: c.name,
          message: `cluster is silent since ${c.since}: statuses are as of then${c.lastError ? ` (${c.lastError})` : ''}`,
        });
      } else {
        for (const k of c.kinds) {
          if ((k.state === 'error' || k.state === 'forbidden') && (kinds.has(k.kind) || entity.selector)) {
            errors.push({ cluster: c.name, message: `${k.kind}: ${k.message ?? k.state}` });
          }
        }
      }
    }
    return {
      entityRef: entity.ref,
      status: rollup.status,
      counts: rollup.counts,
      objects: objects.map(o => o.summary),
      clusters,
      errors,
      notes,
      claimsTrusted: entity.trusted,
    };
  }

  /** The cached object or a NotFoundError naming it and the cluster. */
  requireObject(ref: ObjectRef): CachedObject {
    const o = this.deps.clusters.getObject(ref);
    if (!o) {
      const state = this.deps.clusters.getClusterState(ref.cluster);
      if (!state) throw new NotFoundError(`no cluster named '${ref.cluster}' is configured`);
      throw new NotFoundError(
        `${describe(ref)} not found on cluster '${ref.cluster}' (cluster is ${state.connection})`,
      );
    }
    return o;
  }

  /**
   * The entity that decides on an object (whose owners may act on it): the
   * one trusted entity naming it; undefined when none or several do.
   */
  ownerOf(o: CachedObject): string | undefined {
    const ownership = this.deps.entities.ownership(o);
    return ownership.state === 'owned' ? ownership.claimedBy[0] : undefined;
  }

  /** How ownership of an object was decided, for views and refusals. */
  ownershipOf(o: CachedObject): ObjectOwnership {
    return this.deps.entities.ownership(o);
  }

  /** The source object a Kustomization or HelmRelease reads from. */
  sourceRefOf(o: CachedObject): ObjectRef | undefined {
    const spec = o.object.spec ?? {};
    let sourceRef: { kind?: string; name?: string; namespace?: string } | undefined;
    if (o.kind === 'Kustomization') sourceRef = spec.sourceRef;
    // The chart's source is spec.chart.spec.sourceRef or, newer, spec.chartRef.
    if (o.kind === 'HelmRelease') sourceRef = spec.chart?.spec?.sourceRef ?? spec.chartRef;
    if (!sourceRef?.kind || !sourceRef?.name) return undefined;
    return {
      cluster: o.cluster,
      kind: sourceRef.kind,
      namespace: sourceRef.namespace ?? o.namespace,
      name: sourceRef.name,
    };
  }

  private inventory(o: CachedObject, seen: Set<string>): InventoryNode[] | undefined {
    const entries: Array<{ id?: unknown }> | undefined = o.object.status?.inventory?.entries;
    if (!Array.isArray(entries)) return undefined;
    seen.add(`${o.kind}|${o.namespace}|${o.name}`);
    return entries
      .map(e => (typeof e?.id === 'string' ? e.id : undefined))
      .filter((id): id is string => !!id)
      .map(id => {
        // `<namespace>_<name>_<group>_<kind>`; names may contain `_`, so split
        // kind, group and namespace off the ends and keep the middle as name.
        const parts = id.split('_');
        const kind = parts.pop() ?? '';
        const group = parts.pop() ?? '';
        const namespace = parts.shift() || undefined;
        const name = parts.join('_');
        const child = this.deps.clusters.getObject({ cluster: o.cluster, kind, namespace, name });
        const key = `${kind}|${namespace}|${name}`;
        const node: InventoryNode = {
          id,
          group,
          kind,
          namespace,
          name,
          status: child?.summary.status,
          children: [],
        };
        if (child && (kind === 'Kustomization' || kind === 'HelmRelease') && !seen.has(key)) {
          node.children = this.inventory(child, seen) ?? [];
        }
        return node;
      });
  }

  /** GET /objects/:cluster/:kind/:namespace/:name. */
  getObjectDetails(ref: ObjectRef): ObjectDetails {
    const o = this.requireObject(ref);
    const spec = o.object.spec ?? {};
    const status = o.object.status ?? {};
    const deps: Array<{ name?: string; namespace?: string }> = Array.isArray(spec.dependsOn)
      ? spec.dependsOn
      : [];
    const dependsOn = deps
      .filter(d => typeof d?.name === 'string')
      .map(d => {
        const namespace = d.namespace ?? o.namespace;
        const dep = this.deps.clusters.getObject({ cluster: o.cluster, kind: o.kind, namespace, name: d.name! });
        return { kind: o.kind, namespace, name: d.name!, status: dep?.summary.status.status };
      });
    const dependedOnBy = this.deps.clusters
      .listObjects({ cluster: o.cluster, kind: o.kind })
      .filter(other =>
        (Array.isArray(other.object.spec?.dependsOn) ? other.object.spec.dependsOn : []).some(
          (d: any) => d?.name === o.name && (d.namespace ?? other.namespace) === o.namespace,
        ),
      )
      .map(other => ({
        kind: other.kind,
        namespace: other.namespace,
        name: other.name,
        status: other.summary.status.status,
      }));
    const sourceRef = this.sourceRefOf(o);
    const source = sourceRef ? this.deps.clusters.getObject(sourceRef) : undefined;
    return {
      ...o.summary,
      conditions: (Array.isArray(status.conditions) ? status.conditions : []) as KubeCondition[],
      observedGeneration: typeof status.observedGeneration === 'number' ? status.observedGeneration : undefined,
      generation: o.object.metadata?.generation,
      revisions: FLUX_SOURCE_KINDS.includes(o.kind) || o.summary.flux ? fluxRevisions(o.kind, o.object) : {},
      history: Array.isArray(status.history) ? status.history : [],
      inventory: this.inventory(o, new Set()),
      dependsOn,
      dependedOnBy,
      source: sourceRef
        ? {
            kind: sourceRef.kind,
            namespace: sourceRef.namespace,
            name: sourceRef.name,
            status: source?.summary.status,
            revision: source?.summary.status.revision,
          }
        : undefined,
      entityRef: this.ownerOf(o),
      ownership: this.ownershipOf(o),
    };
  }

  /** GET …/events: the object's events and, for Kustomization/HelmRelease, its source's. */
  async getObjectEvents(ref: ObjectRef): Promise<ObjectEvents> {
    const o = this.requireObject(ref);
    const sourceRef = this.sourceRefOf(o);
    const [events, sourceEvents] = await Promise.all([
      this.deps.clusters.getEvents(ref),
      sourceRef ? this.deps.clusters.getEvents(sourceRef) : Promise.resolve([]),
    ]);
    return { events, sourceEvents };
  }
}

/** Whether an entity's roll-up counted any object at all. */
function hasObjects(r: EntityRollup): boolean {
  return (
    r.failedRuns > 0 ||
    Object.values(r.counts).some(n => n > 0) ||
    r.problems.length > 0
  );
}
