import type {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import type { Request } from 'express';

/**
 * A stand-in HTTP request that tells the auditor who acts, for calls that
 * arrive without one (the actions registry, and so MCP). The auditor service
 * (`AuditorService.createEvent`) takes no credentials: it derives the actor
 * from `request` with `httpAuth.credentials(request)`, and without a request
 * records the plugin itself. The actions registry hands an action only the
 * caller's credentials, so we give the auditor what it reads: a bearer token
 * issued on behalf of the caller, for this plugin, which `httpAuth` resolves
 * back to the same user. Only a user's identity is carried this way: a token
 * issued for a service caller would name this plugin, so service callers are
 * audited without a request (the plugin as actor, the service in `meta`).
 *
 * `via` is recorded as the request URL, so the audit log says which entry
 * point was used (e.g. `actions-registry:mlops:reconcile`).
 */
export async function auditRequestFor(
  auth: AuthService,
  credentials: BackstageCredentials,
  pluginId: string,
  via: string,
): Promise<Request | undefined> {
  if (!auth.isPrincipal(credentials, 'user')) return undefined;
  const { token } = await auth.getPluginRequestToken({
    onBehalfOf: credentials,
    targetPluginId: pluginId,
  });
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  const request = {
    headers,
    method: 'POST',
    originalUrl: via,
    url: via,
    get: (name: string) => headers[name.toLocaleLowerCase('en-US')],
    header: (name: string) => headers[name.toLocaleLowerCase('en-US')],
  };
  return request as unknown as Request;
}
