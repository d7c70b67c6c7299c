import { NotAllowedError } from '@backstage/errors';
import { parseEntityRef, RELATION_MEMBER_OF, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { AuthService, BackstageCredentials } from '@backstage/backend-plugin-api';

/** Who runs the action, as the scaffolder and the catalog say (never template input). */
export interface Caller {
  /** `user:default/alex` */
  userRef: string;
  /** The user and every group the catalog lists them as a member of. */
  ownershipRefs: ReadonlySet<string>;
  /** The initiator's credentials, for further catalog reads. */
  credentials: BackstageCredentials;
}

/** The part of an action context this module reads. */
export interface CallerContext {
  user?: { ref?: string };
  getInitiatorCredentials(): Promise<BackstageCredentials>;
}

/**
 * The caller of a scaffolder action: `ctx.user.ref` (set by the scaffolder
 * from the credentials of whoever created the task, never from template
 * input) and their groups, read fresh from the catalog's `memberOf`
 * relations of that user entity (a membership removed since the task was
 * created counts). Without a signed-in user nothing may be written for
 * anyone.
 */
export async function resolveCaller(
  ctx: CallerContext,
  deps: { catalog?: CatalogService; auth?: AuthService },
  action: string,
): Promise<Caller> {
  const { catalog, auth } = deps;
  const ref = ctx.user?.ref;
  if (!ref) {
    throw new NotAllowedError(`${action} writes on behalf of a signed-in user; this task has none`);
  }
  const userRef = normalizeRef(ref, 'user');
  const credentials = await ctx.getInitiatorCredentials();
  const refs = new Set([userRef]);
  if (!catalog) {
    throw new NotAllowedError(`${action} needs the catalog to check ${userRef}'s groups`);
  }
  // Read as the backend when it can: what the user may see must not decide
  // what they may do.
  const readAs = auth ? await auth.getOwnServiceCredentials() : credentials;
  const entity = await catalog.getEntityByRef(userRef, { credentials: readAs });
  for (const r of entity?.relations ?? []) {
    if (r.type === RELATION_MEMBER_OF) refs.add(normalizeRef(r.targetRef, 'group'));
  }
  return { userRef, ownershipRefs: refs, credentials };
}

/** `ml-team` → `group:default/ml-team`; refs compared in this form only. */
export function normalizeRef(ref: string, defaultKind: string): string {
  return stringifyEntityRef(parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' })).toLocaleLowerCase('en-US');
}

/** True when the caller is `owner` or a member of it. */
export function mayActFor(caller: Caller, owner: string): boolean {
  try {
    return caller.ownershipRefs.has(normalizeRef(owner, 'group'));
  } catch {
    // Not an entity ref at all: nobody acts for it.
    return false;
  }
}
