import {
  coreServices,
  createBackendModule,
  type AuditorService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import type { Request } from 'express';
import Router from 'express-promise-router';

/*
 * The stock Kubernetes plugin's proxy (`/api/kubernetes/proxy/<k8s path>`)
 * forwards any method with the portal's own cluster credentials, and audits
 * it only as a `cluster-fetch`. The portal's writes to clusters go through
 * the MLOps backend (reconcile / suspend / resume, permission-checked and
 * audited per entity), so the proxy is made read-only here; the cluster's
 * RBAC for the portal's service account (docs/cluster-rbac.md) is the second
 * line.
 */

/** Methods that read. Everything else is refused. */
const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Subresources that act although reached by GET: exec and attach (run
 * commands in a container, over a WebSocket upgrade), portforward, and proxy
 * (requests to pods, services or nodes inside the cluster).
 */
const ACTING_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy']);

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Why a proxied request is refused, or undefined when it only reads. `path`
 * is the Kubernetes API path (what follows `/proxy`).
 */
export function proxyRefusal(req: {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}): string | undefined {
  if (!READ_METHODS.has(req.method.toUpperCase())) {
    return `only GET and HEAD are allowed, not ${req.method.toUpperCase()}`;
  }
  if (req.headers.upgrade) {
    return 'connection upgrades (exec, attach, port-forward) are not allowed';
  }
  const segments = req.path
    .split('/')
    .filter(Boolean)
    .map(s => decode(s).toLocaleLowerCase('en-US'));
  if (segments.some(s => s.includes('/') || s === '..' || s === '.')) {
    return 'encoded path separators and dot segments are not allowed';
  }
  // /api/v1/… (core) or /apis/<group>/<version>/…
  let rest: string[];
  let core = false;
  if (segments[0] === 'api') {
    rest = segments.slice(2);
    core = true;
  } else if (segments[0] === 'apis') {
    rest = segments.slice(3);
  } else {
    return undefined; // /version, /openapi/v2, … : reads only
  }
  // namespaces/<ns>/<resource>/… is a namespaced resource; namespaces/<ns>
  // and its own subresources (status, finalize) are the namespace itself.
  if (rest[0] === 'namespaces' && rest.length > 2) rest = rest.slice(2);
  const [resource, name, subresource] = rest;
  if (name && subresource && ACTING_SUBRESOURCES.has(subresource)) {
    return `the ${subresource} subresource acts on the cluster`;
  }
  if (core && resource === 'secrets') {
    return 'secrets are not read through the portal';
  }
  return undefined;
}

/** A copy of the request whose URL has no query string, for the audit log. */
function withoutQuery(req: Request): Request {
  const url = (req.originalUrl ?? req.url).split('?')[0];
  return Object.create(req, {
    originalUrl: { value: url, enumerable: true },
    url: { value: url, enumerable: true },
  });
}

/** The guard in front of the proxy: refusals are audited and answered 403. */
export function createReadOnlyProxyGuard(auditor: AuditorService) {
  const router = Router();
  router.use('/proxy', async (req, _res, next) => {
    const refusal = proxyRefusal(req);
    if (!refusal) {
      next();
      return;
    }
    const event = await auditor.createEvent({
      eventId: 'proxy-refused',
      severityLevel: 'high',
      request: withoutQuery(req),
      meta: {
        method: req.method,
        path: req.path,
        cluster: String(req.headers['backstage-kubernetes-cluster'] ?? ''),
      },
    });
    const error = new NotAllowedError(
      `The Kubernetes proxy is read-only in this portal: ${refusal}. Reconcile, suspend and resume Flux objects through the MLOps actions.`,
    );
    await event.fail({ error });
    throw error;
  });
  return router;
}

/**
 * Makes the stock Kubernetes plugin's proxy read-only. A module of the
 * `kubernetes` plugin: modules start before their plugin, so this guard is
 * on the plugin's router in front of the proxy.
 */
export const kubernetesModuleReadOnlyProxy = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'read-only-proxy',
  register(reg) {
    reg.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        auditor: coreServices.auditor,
      },
      async init({ httpRouter, auditor }) {
        httpRouter.use(createReadOnlyProxyGuard(auditor));
      },
    });
  },
});
