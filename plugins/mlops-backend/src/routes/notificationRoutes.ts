import type { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import {
  notificationSettingRequestSchema,
  notificationSettingsQuerySchema,
  parseOrThrow,
} from '@mlops-portal/plugin-mlops-common';
import { bodyParserErrors, MAX_BODY_BYTES } from '../router';
import type { NotificationSettingsService } from '../services/notify/NotificationSettingsService';

/**
 * HTTP routes of notification settings (the caller's own, always: the user
 * comes from the credentials, never from the request):
 *
 * - GET /notifications/settings?entityRef= → EntityNotificationSettings
 * - PUT /notifications/settings, body { entityRef, event, mode } → EntityNotificationSettings
 */
export function createNotificationRouter(options: {
  httpAuth: HttpAuthService;
  settings: NotificationSettingsService;
}): express.Router {
  const { httpAuth, settings } = options;
  const router = Router();
  // The same body limit and named body errors as every other route of the plugin.
  router.use('/notifications', express.json({ limit: MAX_BODY_BYTES }), bodyParserErrors);

  router.get('/notifications/settings', async (req, res) => {
    const { entityRef } = parseOrThrow(notificationSettingsQuerySchema, req.query, 'query');
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await settings.get(entityRef, credentials));
  });

  router.put('/notifications/settings', async (req, res) => {
    const body = parseOrThrow(notificationSettingRequestSchema, req.body, 'body');
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await settings.set(body, credentials));
  });

  return router;
}
