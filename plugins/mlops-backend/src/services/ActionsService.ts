import type {
  AuditorService,
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import type { Request } from 'express';
import {
  ANNOTATION_SUSPEND_REASON,
  ANNOTATION_SUSPENDED_AT,
  ANNOTATION_SUSPENDED_BY,
  FLUX_FORCE_AT,
  FLUX_RECONCILE_REQUESTED_AT,
  FLUX_RESET_AT,
  findWatchedKind,
  mlopsFluxReconcilePermission,
  mlopsFluxSuspendPermission,
  type ActionResult,
  type ObjectRef,
  type ReconcileRequest,
} from '@mlops-portal/plugin-mlops-common';
import type {
  CachedObject,
  MlopsClustersService,
} from '@mlops-portal/plugin-mlops-node';
import type { MlopsAuthorizer } from '../permissions/MlopsAuthorizer';
import { auditRequestFor } from './auditRequest';
import type { StatusService } from './StatusService';

/** Who is acting, for the audit log and the suspended-by annotation. */
export function actorOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as { type: string; userEntityRef?: string; subject?: string };
  if (p.type === 'user') return p.userEntityRef ?? 'user';
  if (p.type === 'service') return `service:${p.subject ?? 'unknown'}`;
  return 'anonymous';
}

function describe(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} on cluster '${ref.cluster}'`;
}

/**
 * Context of one action call: who, the HTTP request if there is one, and
 * otherwise the entry point it came through (for the audit log), e.g.
 * `actions-registry:mlops:reconcile`.
 */
export interface ActionContext {
  credentials: BackstageCredentials;
  request?: Request;
  via?: string;
}

/**
 * Reconcile, suspend and resume, following Flux's own protocol
 * (fluxcd/flux2 cmd/flux/reconcile.go, suspend.go, resume.go; see
 * status-semantics.md): permission-checked on the owning entity, audited,
 * merge-patches only.
 */
export class ActionsService {
  private lastToken = 0;

  constructor(
    private readonly deps: {
      clusters: MlopsClustersService;
      status: StatusService;
      authorizer: MlopsAuthorizer;
      auditor: AuditorService;
      auth: AuthService;
      pluginId: string;
      /** How long to wait for Flux to handle a reconcile request. */
      waitTimeoutMs: number;
      now?: () => Date;
    },
  ) {}

  /**
   * A new RFC 3339 token, strictly increasing even within one millisecond, so
   * that two requests never share a token (Flux compares it for equality).
   */
  private token(): string {
    let t = (this.deps.now?.() ?? new Date()).getTime();
    if (t <= this.lastToken) t = this.lastToken + 1;
    this.lastToken = t;
    return new Date(t).toISOString();
  }

  private requireFlux(ref: ObjectRef): CachedObject {
    const kind = findWatchedKind(ref.kind);
    if (!kind?.flux) {
      throw new InputError(`kind: '${ref.kind}' is not a Flux kind; only Flux objects can be reconciled, suspended or resumed`);
    }
    return this.deps.status.requireObject(ref);
  }

  /** What the auditor should read the actor from (see auditRequestFor). */
  private async auditRequest(ctx: ActionContext): Promise<Request | undefined> {
    if (ctx.request) return ctx.request;
    return auditRequestFor(
      this.deps.auth,
      ctx.credentials,
      this.deps.pluginId,
      ctx.via ?? `${this.deps.pluginId}:internal`,
    );
  }

  private async startEvent(
    eventId: string,
    ctx: ActionContext,
    meta: Record<string, string | boolean | null>,
  ) {
    return this.deps.auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: await this.auditRequest(ctx),
      meta: { actor: actorOf(ctx.credentials), ...meta },
    });
  }

  /**
   * Audits a write that was refused before its target was known (invalid
   * input): the raw target as sent, shortened, and the error.
   */
  async refuseInvalid(
    eventId: string,
    ctx: ActionContext,
    rawTarget: Record<string, unknown>,
    error: Error,
  ): Promise<void> {
    const target = Object.fromEntries(
      Object.entries(rawTarget).map(([k, v]) => [k, String(v ?? '').slice(0, 300)]),
    );
    const event = await this.startEvent(eventId, ctx, { ...target, outcome: 'invalid' });
    await event.fail({ error, meta: { outcome: 'invalid' } });
  }

  private async audited<T>(
    eventId: string,
    ref: ObjectRef,
    ctx: ActionContext,
    meta: Record<string, string | boolean | undefined>,
    fn: (entityRef: string | undefined, unowned: string | undefined) => Promise<T>,
  ): Promise<T> {
    const cleanMeta = Object.fromEntries(
      Object.entries(meta).filter(([, v]) => v !== undefined),
    ) as Record<string, string | boolean>;
    const event = await this.startEvent(eventId, ctx, {
      cluster: ref.cluster,
      kind: ref.kind,
      namespace: ref.namespace ?? null,
      name: ref.name,
      ...cleanMeta,
    });
    let entityRef: string | undefined;
    let ownership: string | null = null;
    try {
      const o = this.deps.clusters.getObject(ref);
      const decided = o ? this.deps.status.ownershipOf(o) : undefined;
      ownership = decided?.state ?? null;
      entityRef = decided?.state === 'owned' ? decided.claimedBy[0] : undefined;
      const result = await fn(entityRef, decided?.message);
      await event.success({
        meta: { entityRef: entityRef ?? null, ownership, outcome: 'allowed' },
      });
      return result;
    } catch (e) {
      const error = e as Error;
      await event.fail({
        error,
        meta: {
          entityRef: entityRef ?? null,
          ownership,
          outcome: error.name === 'NotAllowedError' ? 'refused' : 'failed',
        },
      });
      throw e;
    }
  }

  private async requestReconcile(
    ref: ObjectRef,
    opts: { force?: boolean; reset?: boolean },
  ): Promise<{ token: string; object: CachedObject; handled: boolean }> {
    const current = this.requireFlux(ref);
    if (current.summary.suspended) {
      throw new ConflictError(
        `${describe(ref)} is suspended; resume it before reconciling (Flux ignores reconcile requests while suspended)`,
      );
    }
    const token = this.token();
    const annotations: Record<string, string> = { [FLUX_RECONCILE_REQUESTED_AT]: token };
    // forceAt / resetAt are HelmRelease-only and must carry the same token
    // (https://fluxcd.io/flux/components/helm/helmreleases/#forcing-a-release).
    if (ref.kind === 'HelmRelease' && opts.force) annotations[FLUX_FORCE_AT] = token;
    if (ref.kind === 'HelmRelease' && opts.reset) annotations[FLUX_RESET_AT] = token;
    await this.deps.clusters.mergePatch(ref, { metadata: { annotations } });
    const { matched, object } = await this.deps.clusters.waitFor(
      ref,
      o => o.summary.lastHandledReconcileAt === token,
      this.deps.waitTimeoutMs,
    );
    return { token, object: object ?? current, handled: matched };
  }

  async reconcile(ref: ObjectRef, request: ReconcileRequest, ctx: ActionContext): Promise<ActionResult> {
    if ((request.force || request.reset) && ref.kind !== 'HelmRelease') {
      throw new InputError(`force/reset: only a HelmRelease can be forced or reset, not a ${ref.kind}`);
    }
    return this.audited(
      'flux-reconcile',
      ref,
      ctx,
      { withSource: !!request.withSource, force: !!request.force, reset: !!request.reset },
      async (entityRef, unowned) => {
        this.requireFlux(ref);
        await this.deps.authorizer.assert(mlopsFluxReconcilePermission, entityRef, ctx.credentials, `reconcile ${describe(ref)}`, unowned);
        if (this.requireFlux(ref).summary.suspended) {
          throw new ConflictError(
            `${describe(ref)} is suspended; resume it before reconciling (Flux ignores reconcile requests while suspended)`,
          );
        }
        if (request.withSource) {
          const sourceRef = this.deps.status.sourceRefOf(this.deps.status.requireObject(ref));
          if (!sourceRef) {
            throw new InputError(`withSource: ${describe(ref)} has no source reference`);
          }
          // The source first, so the object reconciles against its newest artifact.
          const source = await this.requestReconcile(sourceRef, {});
          if (!source.handled) {
            return {
              action: 'reconcile' as const,
              outcome: 'timeout' as const,
              requestedAt: source.token,
              object: this.deps.status.requireObject(ref).summary,
            };
          }
        }
        const r = await this.requestReconcile(ref, request);
        return {
          action: 'reconcile' as const,
          outcome: r.handled ? ('handled' as const) : ('timeout' as const),
          requestedAt: r.token,
          object: r.object.summary,
        };
      },
    );
  }

  async suspend(ref: ObjectRef, reason: string, ctx: ActionContext): Promise<ActionResult> {
    return this.audited('flux-suspend', ref, ctx, { reason }, async (entityRef, unowned) => {
      this.requireFlux(ref);
      await this.deps.authorizer.assert(mlopsFluxSuspendPermission, entityRef, ctx.credentials, `suspend ${describe(ref)}`, unowned);
      const patched = await this.deps.clusters.mergePatch(ref, {
        metadata: {
          annotations: {
            [ANNOTATION_SUSPENDED_BY]: actorOf(ctx.credentials),
            [ANNOTATION_SUSPEND_REASON]: reason,
            [ANNOTATION_SUSPENDED_AT]: (this.deps.now?.() ?? new Date()).toISOString(),
          },
        },
        spec: { suspend: true },
      });
      return { action: 'suspend' as const, outcome: 'applied' as const, object: patched.summary };
    });
  }

  async resume(ref: ObjectRef, ctx: ActionContext): Promise<ActionResult> {
    return this.audited('flux-resume', ref, ctx, {}, async (entityRef, unowned) => {
      this.requireFlux(ref);
      await this.deps.authorizer.assert(mlopsFluxSuspendPermission, entityRef, ctx.credentials, `resume ${describe(ref)}`, unowned);
      // null removes a key in a JSON merge patch (RFC 7386).
      const patched = await this.deps.clusters.mergePatch(ref, {
        metadata: {
          annotations: {
            [ANNOTATION_SUSPENDED_BY]: null,
            [ANNOTATION_SUSPEND_REASON]: null,
            [ANNOTATION_SUSPENDED_AT]: null,
          },
        },
        spec: { suspend: false },
      });
      return { action: 'resume' as const, outcome: 'applied' as const, object: patched.summary };
    });
  }
}
