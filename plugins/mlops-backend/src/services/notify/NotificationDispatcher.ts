import type { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { NotificationSeverity } from '@backstage/plugin-notifications-common';
import {
  MLOPS_NOTIFICATION_TOPICS,
  type MlopsNotificationEvent,
} from '@mlops-portal/plugin-mlops-common';
import type { Culprit, NotifyEvent } from './entityNotifyState';
import type { NotificationStore, StoredSetting } from './NotificationStore';
import type { OwnerResolver } from './OwnerResolver';

/** An entity as notifications need it. */
export interface NotifyEntity {
  ref: string;
  title?: string;
  owner?: string;
  /** The layer it belongs to (its System), for grouping. */
  layerRef?: string;
}

interface Pending {
  entity: NotifyEntity;
  event: NotifyEvent;
}

const VERB: Record<MlopsNotificationEvent, string> = {
  failed: 'failed',
  drifted: 'drifted from Git',
  suspended: 'stayed suspended',
  recovered: 'recovered',
};

const SEVERITY: Record<MlopsNotificationEvent, NotificationSeverity> = {
  failed: 'high',
  drifted: 'normal',
  suspended: 'normal',
  recovered: 'low',
};

function nameOf(e: NotifyEntity): string {
  try {
    return e.title ?? parseEntityRef(e.ref).name;
  } catch {
    return e.ref;
  }
}

function entityLink(ref: string, tab = 'gitops'): string {
  const r = parseEntityRef(ref);
  return `/catalog/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.kind.toLocaleLowerCase('en-US'))}/${encodeURIComponent(r.name)}/${tab}`;
}

function describeCulprit(c: Culprit | undefined): string {
  if (!c) return '';
  const what = `${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name} on ${c.cluster}`;
  return `${what}${c.reason ? `: ${c.reason}` : ''}${c.message ? ` — ${c.message}` : ''}`;
}

/**
 * Turns entity events into Backstage notifications. Events are held for a
 * short window per layer and event kind: when at least `threshold` entities
 * of one layer have the same event in that window (a whole layer failing),
 * each user gets one notification for the layer, not one per entity.
 * Recipients are the entity's owners (users of the owning group) plus users
 * who subscribed, minus users who muted it; each event is claimed in the
 * database first, so replicas and restarts never tell it twice.
 */
export class NotificationDispatcher {
  private readonly pending = new Map<string, Pending[]>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly deps: {
      store: NotificationStore;
      owners: OwnerResolver;
      notifications: NotificationService;
      logger: LoggerService;
      windowMs: number;
      threshold: number;
      /** Title of a layer's System, for grouped notifications. */
      layerTitle: (layerRef: string) => string | undefined;
    },
  ) {}

  enqueue(entity: NotifyEntity, event: NotifyEvent): void {
    const key = `${entity.layerRef ?? entity.ref}|${event.event}`;
    const list = this.pending.get(key) ?? [];
    list.push({ entity, event });
    this.pending.set(key, list);
    if (!this.timers.has(key)) {
      const t = setTimeout(() => this.track(this.flushKey(key)), this.deps.windowMs);
      t.unref?.();
      this.timers.set(key, t);
    }
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    p.finally(() => this.inFlight.delete(p));
  }

  /** Sends everything held now (tests; shutdown). */
  async flush(): Promise<void> {
    for (const [key, t] of this.timers) {
      clearTimeout(t);
      this.track(this.flushKey(key));
    }
    await Promise.all([...this.inFlight]);
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.pending.clear();
  }

  private async flushKey(key: string): Promise<void> {
    this.timers.delete(key);
    const items = this.pending.get(key) ?? [];
    this.pending.delete(key);
    try {
      await this.send(items);
    } catch (e) {
      this.deps.logger.warn(`could not send MLOps notifications: ${(e as Error).message}`);
    }
  }

  /** Users told about each item: owners + subscribers − muted. */
  private async recipients(items: Pending[]): Promise<Map<Pending, string[]>> {
    const settings = await this.deps.store.settingsFor([...new Set(items.map(i => i.entity.ref))]);
    const byEntity = new Map<string, StoredSetting[]>();
    for (const s of settings) {
      const list = byEntity.get(s.entityRef) ?? [];
      list.push(s);
      byEntity.set(s.entityRef, list);
    }
    const out = new Map<Pending, string[]>();
    for (const item of items) {
      const users = new Set(await this.deps.owners.usersOf(item.entity.owner));
      for (const s of byEntity.get(item.entity.ref) ?? []) {
        if (s.event !== item.event.event) continue;
        if (s.mode === 'subscribe') users.add(s.userRef);
        if (s.mode === 'mute') users.delete(s.userRef);
      }
      out.set(item, [...users].sort());
    }
    return out;
  }

  private async send(items: Pending[]): Promise<void> {
    // Claim first: only events no replica told before go out.
    const claimed: Pending[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      const dedupe = `${item.event.event}|${item.entity.ref}|${item.event.stamp}`;
      if (seen.has(dedupe)) continue;
      seen.add(dedupe);
      if (await this.deps.store.claim(dedupe, item.entity.ref, item.event.event)) claimed.push(item);
    }
    if (claimed.length === 0) return;
    const event = claimed[0].event.event;
    const recipients = await this.recipients(claimed);
    if (claimed.length < this.deps.threshold) {
      for (const item of claimed) {
        const users = recipients.get(item)!;
        if (users.length === 0) continue;
        await this.deps.notifications.send({
          recipients: { type: 'entity', entityRef: users },
          payload: {
            title: `${nameOf(item.entity)} ${VERB[event]}`,
            description: describeCulprit(item.event.culprit) || `${item.entity.ref} ${VERB[event]}`,
            link: entityLink(item.entity.ref),
            severity: SEVERITY[event],
            topic: MLOPS_NOTIFICATION_TOPICS[event],
            scope: `mlops:${event}:${item.entity.ref}`,
          },
        });
      }
      return;
    }
    // A storm: one notification per user for the layer, listing what concerns them.
    const layerRef = claimed[0].entity.layerRef;
    const perUser = new Map<string, Pending[]>();
    for (const item of claimed) {
      for (const u of recipients.get(item)!) {
        const list = perUser.get(u) ?? [];
        list.push(item);
        perUser.set(u, list);
      }
    }
    const bySet = new Map<string, { users: string[]; items: Pending[] }>();
    for (const [user, list] of perUser) {
      const k = list.map(i => i.entity.ref).sort().join(',');
      const entry = bySet.get(k) ?? { users: [], items: list };
      entry.users.push(user);
      bySet.set(k, entry);
    }
    const layerName = layerRef ? this.deps.layerTitle(layerRef) ?? parseEntityRef(layerRef).name : 'Platform';
    for (const { users, items: list } of bySet.values()) {
      const shown = list.slice(0, 10).map(i => `${nameOf(i.entity)} (${describeCulprit(i.event.culprit)})`);
      await this.deps.notifications.send({
        recipients: { type: 'entity', entityRef: users },
        payload: {
          title: `${layerName}: ${list.length} component${list.length === 1 ? '' : 's'} ${VERB[event]}`,
          description: `${shown.join('; ')}${list.length > 10 ? `; and ${list.length - 10} more` : ''}`,
          link: layerRef ? entityLink(layerRef, 'trace') : '/mlops',
          severity: SEVERITY[event],
          topic: MLOPS_NOTIFICATION_TOPICS[event],
          scope: `mlops:${event}:layer:${layerRef ?? 'none'}`,
        },
      });
    }
  }
}
