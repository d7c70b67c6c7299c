import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type { MlopsNotificationEvent } from '@mlops-portal/plugin-mlops-common';

const migrationsDir = resolvePackagePath('@mlops-portal/plugin-mlops-backend', 'migrations');

/** One stored choice of one user. */
export interface StoredSetting {
  userRef: string;
  entityRef: string;
  event: MlopsNotificationEvent;
  mode: 'subscribe' | 'mute';
}

/**
 * The plugin's notification tables (SQLite or PostgreSQL through the
 * database service; knex migrations in `migrations/`): users' subscribe /
 * mute choices, and which events were told (so a second replica, or the
 * same one after a restart, never tells one twice).
 */
export class NotificationStore {
  private constructor(private readonly db: Knex) {}

  static async create(database: DatabaseService): Promise<NotificationStore> {
    const db = await database.getClient();
    if (!database.migrations?.skip) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new NotificationStore(db);
  }

  async settingsOf(userRef: string, entityRef?: string): Promise<StoredSetting[]> {
    const q = this.db('notification_settings').where({ user_ref: userRef });
    if (entityRef) q.andWhere({ entity_ref: entityRef });
    const rows = await q.select('user_ref', 'entity_ref', 'event', 'mode');
    return rows.map(r => ({ userRef: r.user_ref, entityRef: r.entity_ref, event: r.event, mode: r.mode }));
  }

  /** Every choice about some entities (to compute recipients). */
  async settingsFor(entityRefs: string[]): Promise<StoredSetting[]> {
    if (entityRefs.length === 0) return [];
    const out: StoredSetting[] = [];
    // SQLite allows 999 bound parameters per statement.
    for (let i = 0; i < entityRefs.length; i += 500) {
      const rows = await this.db('notification_settings')
        .whereIn('entity_ref', entityRefs.slice(i, i + 500))
        .select('user_ref', 'entity_ref', 'event', 'mode');
      out.push(...rows.map(r => ({ userRef: r.user_ref, entityRef: r.entity_ref, event: r.event, mode: r.mode })));
    }
    return out;
  }

  async setSetting(userRef: string, entityRef: string, event: MlopsNotificationEvent, mode: 'subscribe' | 'mute' | 'default'): Promise<void> {
    const where = { user_ref: userRef, entity_ref: entityRef, event };
    if (mode === 'default') {
      await this.db('notification_settings').where(where).delete();
      return;
    }
    await this.db('notification_settings')
      .insert({ ...where, mode, updated_at: this.db.fn.now() })
      .onConflict(['user_ref', 'entity_ref', 'event'])
      .merge(['mode', 'updated_at']);
  }

  /**
   * Claims an event: true for the first caller with this key, false for
   * every later one (on any replica).
   */
  async claim(dedupeKey: string, entityRef: string, event: MlopsNotificationEvent): Promise<boolean> {
    try {
      await this.db('notifications_sent').insert({
        dedupe_key: dedupeKey.slice(0, 700),
        entity_ref: entityRef,
        event,
        sent_at: this.db.fn.now(),
      });
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  /** Forgets told events older than `days` (the table stays small). */
  async prune(days: number): Promise<void> {
    await this.db('notifications_sent')
      .where('sent_at', '<', new Date(Date.now() - days * 86400_000))
      .delete();
  }
}

/** A primary-key clash: SQLite `SQLITE_CONSTRAINT_PRIMARYKEY`, PostgreSQL 23505. */
function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === '23505' || (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT'));
}
