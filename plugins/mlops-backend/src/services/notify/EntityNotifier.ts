import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ClusterChange,
  MlopsClustersService,
} from '@mlops-portal/plugin-mlops-node';
import type { EntityIndex, LinkedEntity } from '../EntityIndex';
import {
  entityNotifyState,
  overdueSuspensions,
  rememberedState,
  transitions,
  type Culprit,
  type EntityNotifyState,
} from './entityNotifyState';
import type { NotificationDispatcher, NotifyEntity } from './NotificationDispatcher';

/**
 * Watches entity states for notifications: on every change batch it
 * recomputes the entities whose objects changed and hands their transitions
 * (failed, recovered, drifted) to the dispatcher; `tick()` (scheduled) looks
 * for suspensions past `suspendedAfterMs`. The first state seen of an
 * entity is a baseline, never an event, and nothing is judged while a
 * cluster is still listing (a half-synced cache would read as changes).
 */
export class EntityNotifier {
  private readonly states = new Map<string, EntityNotifyState>();
  private readonly firstSeenSuspended = new Map<string, number>();
  private entityVersion = -1;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly deps: {
      clusters: MlopsClustersService;
      entities: EntityIndex;
      dispatcher: NotificationDispatcher;
      logger: LoggerService;
      suspendedAfterMs: number;
      now?: () => number;
    },
  ) {
    this.unsubscribe = deps.clusters.subscribe(batch => this.onChanges(batch));
  }

  stop(): void {
    this.unsubscribe();
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** Every cluster has listed every kind it watches (or cannot be reached at all). */
  private settled(): boolean {
    if (!this.deps.entities.isLoaded) return false;
    return this.deps.clusters
      .getClusterStates()
      .every(c => c.connection !== 'starting' && !c.kinds.some(k => k.state === 'listing'));
  }

  private onChanges(batch: ClusterChange[]): void {
    try {
      if (!this.settled()) return;
      if (this.entityVersion !== this.deps.entities.version) {
        this.evaluate(this.deps.entities.list());
        return;
      }
      const refs = new Set<string>();
      for (const change of batch) {
        for (const { kind, key } of change.objects) {
          const slash = key.indexOf('/');
          const namespace = slash >= 0 ? key.slice(0, slash) : undefined;
          const name = slash >= 0 ? key.slice(slash + 1) : key;
          const cached = this.deps.clusters.getObject({ cluster: change.cluster, kind, namespace, name });
          for (const ref of this.deps.entities.ownersOf(cached ?? { cluster: change.cluster, kind, namespace, name })) {
            refs.add(ref);
          }
        }
      }
      this.evaluate([...refs].map(r => this.deps.entities.get(r)).filter((e): e is LinkedEntity => !!e));
    } catch (e) {
      this.deps.logger.warn(`notification check failed: ${(e as Error).message}`);
    }
  }

  private toNotifyEntity(e: LinkedEntity): NotifyEntity {
    return {
      ref: e.ref,
      title: e.title,
      // An entity from an untrusted location names its own owner: telling
      // that owner would let anyone who registers an entity send the
      // platform's failures to any team. Its subscribers are still told.
      owner: e.trusted ? e.owner : undefined,
      layerRef: e.kind === 'System' && e.layer ? e.ref : e.systemRef,
    };
  }

  private evaluate(list: LinkedEntity[]): void {
    const clusterNames = this.deps.clusters.listClusterNames();
    this.entityVersion = this.deps.entities.version;
    for (const entity of list) {
      if (entity.objects.length === 0 && !entity.selector) continue;
      const cur = entityNotifyState(this.deps.entities.resolve(entity, clusterNames).objects);
      const prev = this.states.get(entity.ref);
      this.states.set(entity.ref, rememberedState(prev, cur));
      if (!prev) continue; // baseline
      for (const event of transitions(prev, cur)) {
        this.deps.dispatcher.enqueue(this.toNotifyEntity(entity), event);
      }
    }
  }

  /** Scheduled: settle a baseline after start-up or new entities, and tell overdue suspensions. */
  tick(): void {
    if (!this.settled()) return;
    if (this.entityVersion !== this.deps.entities.version || this.states.size === 0) {
      this.evaluate(this.deps.entities.list());
    }
    const now = this.now();
    const stillSuspended = new Set<string>();
    for (const [ref, state] of this.states) {
      if (state.suspended.length === 0) continue;
      const entity = this.deps.entities.get(ref);
      if (!entity) continue;
      const firstSeen = (c: Culprit) => {
        const k = `${c.cluster}|${c.kind}|${c.namespace ?? ''}|${c.name}`;
        stillSuspended.add(k);
        if (!this.firstSeenSuspended.has(k)) this.firstSeenSuspended.set(k, now);
        return this.firstSeenSuspended.get(k)!;
      };
      for (const event of overdueSuspensions(state, this.deps.suspendedAfterMs, now, firstSeen)) {
        this.deps.dispatcher.enqueue(this.toNotifyEntity(entity), event);
      }
    }
    for (const k of this.firstSeenSuspended.keys()) if (!stillSuspended.has(k)) this.firstSeenSuspended.delete(k);
  }
}
