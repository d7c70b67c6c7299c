import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  DefaultAuditorService,
  type AuditorEvent,
} from '@backstage/backend-defaults/auditor';

/**
 * The real auditor (actor from the request's credentials, initiated /
 * succeeded / failed events) writing into an array instead of the log, so a
 * test reads exactly what an operator's log would hold.
 */
export function capturingAuditor() {
  const events: AuditorEvent[] = [];
  const factory = createServiceFactory({
    service: coreServices.auditor,
    deps: {
      auth: coreServices.auth,
      httpAuth: coreServices.httpAuth,
      plugin: coreServices.pluginMetadata,
    },
    factory: ({ auth, httpAuth, plugin }) =>
      DefaultAuditorService.create(event => void events.push(event), {
        auth,
        httpAuth,
        plugin,
      }),
  });
  return { events, factory };
}
