import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';

/**
 * What owners are told about (Backstage notifications): an entity turned
 * Failed, drifted from Git (HelmRelease drift detection), stayed suspended
 * past the configured time, or recovered (Failed → Ready).
 * @public
 */
export const MLOPS_NOTIFICATION_EVENTS = ['failed', 'drifted', 'suspended', 'recovered'] as const;

/** @public */
export type MlopsNotificationEvent = (typeof MLOPS_NOTIFICATION_EVENTS)[number];

/**
 * A user's choice for one entity and event: `subscribe` (told although not
 * an owner), `mute` (not told although an owner), or `default` (owners are
 * told, others are not).
 * @public
 */
export type NotificationMode = 'subscribe' | 'mute' | 'default';

/** One event's setting for the caller, as GET/PUT /notifications/settings answer it. @public */
export interface NotificationEventSetting {
  event: MlopsNotificationEvent;
  mode: NotificationMode;
  /** Whether the caller is told about this event of this entity. */
  notified: boolean;
}

/** The caller's notification settings for one entity. @public */
export interface EntityNotificationSettings {
  entityRef: string;
  /** Whether the caller is among the entity's owners (a member of the owning group). */
  owner: boolean;
  events: NotificationEventSetting[];
}

/** The notification `topic` of each event (for filters and processors). @public */
export const MLOPS_NOTIFICATION_TOPICS: Record<MlopsNotificationEvent, string> = {
  failed: 'mlops-failed',
  drifted: 'mlops-drifted',
  suspended: 'mlops-suspended',
  recovered: 'mlops-recovered',
};

/** An entity ref in its full form (`kind:namespace/name`), or an error naming the rule. @public */
export const entityRefSchema = z
  .string({ required_error: 'Required' })
  .max(255, 'must be at most 255 characters')
  .transform((s, ctx) => {
    try {
      const ref = parseEntityRef(s);
      if (!/^[a-zA-Z][a-zA-Z0-9]*$/.test(ref.kind) || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ref.namespace) || !/^[a-zA-Z0-9]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?$/.test(ref.name)) {
        throw new Error('not a valid entity reference');
      }
      return stringifyEntityRef(ref);
    } catch {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be an entity reference like component:default/airflow' });
      return z.NEVER;
    }
  });

/** Query of GET /notifications/settings. @public */
export const notificationSettingsQuerySchema = z.object({ entityRef: entityRefSchema });

/** Body of PUT /notifications/settings. Unknown keys are refused. @public */
export const notificationSettingRequestSchema = z
  .object({
    entityRef: entityRefSchema,
    event: z.enum(MLOPS_NOTIFICATION_EVENTS),
    mode: z.enum(['subscribe', 'mute', 'default']),
  })
  .strict();

/** @public */
export type NotificationSettingRequest = z.output<typeof notificationSettingRequestSchema>;
