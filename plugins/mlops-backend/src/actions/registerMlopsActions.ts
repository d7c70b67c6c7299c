import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  NO_NAMESPACE,
  entityRefInputSchema,
  objectPathParamsSchema,
  overviewQuerySchema,
  parseOrThrow,
  reconcileRequestSchema,
} from '@mlops-portal/plugin-mlops-common';
import type { MlopsService } from '../services/MlopsService';

const statusEnum = ['Ready', 'Progressing', 'Failed', 'Suspended', 'Unknown'] as const;

/**
 * Registers the MLOps read and act operations in the backend's actions
 * registry (served at /.backstage/actions/v1/actions, offered to assistants by
 * the MCP actions plugin). They call the same service as the HTTP API, so the
 * same permission checks and audit apply; inputs are validated again with the
 * HTTP API's schemas (the registry's own schema only checks types), so a bad
 * value gets the same message naming the field (`input.cluster: …`). Writes
 * are audited with the caller as actor (see auditRequestFor).
 * @public
 */
export function registerMlopsActions(
  registry: ActionsRegistryService,
  mlops: MlopsService,
): void {
  registry.register({
    name: 'get-platform-overview',
    title: 'Get the MLOps platform overview',
    description:
      'Returns every platform layer (GitOps control plane, operators, data & storage, orchestration, ML lifecycle, processing, observability) with its roll-up status (Ready, Progressing, Failed, Suspended, Unknown), status counts and problem objects, plus each cluster\'s connection state. Optionally for one cluster.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          cluster: z.string().max(63).optional().describe('Only this cluster (a configured cluster name)'),
        }),
      output: z =>
        z.object({
          status: z.enum(statusEnum),
          counts: z.record(z.number()),
          clusters: z.array(
            z.object({
              name: z.string(),
              connection: z
                .string()
                .describe('connected, degraded, silent (not answering: data as of `since`), unreachable, not-watchable, starting'),
              since: z.string().describe('Since when in this state; for silent, when the cluster last delivered data'),
              lastError: z.string().optional(),
            }),
          ),
          layers: z.array(
            z.object({
              id: z.string(),
              title: z.string(),
              status: z.enum(statusEnum),
              counts: z.record(z.number()),
              problems: z.array(
                z.object({
                  entityRef: z.string(),
                  cluster: z.string(),
                  kind: z.string(),
                  namespace: z.string().optional(),
                  name: z.string(),
                  status: z.string(),
                  reason: z.string(),
                  message: z.string(),
                }),
              ),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const { cluster } = parseOrThrow(overviewQuerySchema, input, 'input');
      const o = await mlops.getOverview(cluster, credentials);
      return {
        output: {
          status: o.status,
          counts: o.counts,
          clusters: o.clusters.map(c => ({ name: c.name, connection: c.connection, since: c.since, lastError: c.lastError })),
          layers: o.layers.map(l => ({
            id: l.id,
            title: l.title,
            status: l.status,
            counts: l.counts,
            problems: l.entities.flatMap(e => e.problems.map(p => ({ entityRef: e.entityRef, ...p }))),
          })),
        },
      };
    },
  });

  registry.register({
    name: 'get-entity-status',
    title: "Get a catalog entity's live status",
    description:
      "Returns the Flux and operator objects of one catalog entity (resolved from its mlops-portal.io annotations) with each object's status, reason, message and revision, per cluster, and any cluster errors.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z.string().max(255).describe('Entity reference, e.g. component:default/strimzi-operator'),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          status: z.enum(statusEnum),
          objects: z.array(
            z.object({
              cluster: z.string(),
              kind: z.string(),
              namespace: z.string().optional(),
              name: z.string(),
              status: z.enum(statusEnum),
              reason: z.string(),
              message: z.string(),
              revision: z.string().optional(),
            }),
          ),
          errors: z.array(z.object({ cluster: z.string(), message: z.string() })),
          notes: z.array(z.string()),
        }),
    },
    action: async ({ input, credentials }) => {
      const raw = parseOrThrow(entityRefInputSchema, input.entityRef, 'input.entityRef');
      let ref: string;
      try {
        ref = stringifyEntityRef(parseEntityRef(raw, { defaultKind: 'component', defaultNamespace: 'default' }));
      } catch (e) {
        throw new InputError(`input.entityRef: ${(e as Error).message}`);
      }
      const r = await mlops.getEntityObjects(ref, credentials);
      return {
        output: {
          entityRef: r.entityRef,
          status: r.status,
          objects: r.objects.map(o => ({
            cluster: o.cluster,
            kind: o.kind,
            namespace: o.namespace,
            name: o.name,
            status: o.status.status,
            reason: o.status.reason,
            message: o.status.message,
            revision: o.status.revision,
          })),
          errors: r.errors,
          notes: r.notes,
        },
      };
    },
  });

  registry.register({
    name: 'reconcile',
    title: 'Reconcile a Flux object',
    description:
      'Asks Flux to reconcile one object now (annotation reconcile.fluxcd.io/requestedAt), optionally its source first, and waits (bounded) until Flux has handled the request; returns the new status. Requires the mlops.flux.reconcile permission on the owning catalog entity. Refused (409) for a suspended object.',
    attributes: { readOnly: false, idempotent: false, destructive: false },
    schema: {
      input: z =>
        z.object({
          cluster: z.string().max(63).describe('Configured cluster name'),
          kind: z.string().max(63).describe('Flux kind: Kustomization, HelmRelease, GitRepository, HelmRepository, OCIRepository, HelmChart or Bucket'),
          namespace: z.string().max(63).describe('Namespace of the object'),
          name: z.string().max(253).describe('Name of the object'),
          withSource: z.boolean().optional().describe('Reconcile the source first'),
          force: z.boolean().optional().describe('HelmRelease only: force a one-off upgrade'),
          reset: z.boolean().optional().describe('HelmRelease only: reset the retry counters'),
        }),
      output: z =>
        z.object({
          outcome: z.enum(['handled', 'timeout', 'applied']),
          requestedAt: z.string().optional(),
          status: z.enum(statusEnum),
          reason: z.string(),
          message: z.string(),
          revision: z.string().optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      const ctx = { credentials, via: 'actions-registry:mlops:reconcile' };
      let p;
      let options;
      try {
        p = parseOrThrow(objectPathParamsSchema, input, 'input');
        const { withSource, force, reset } = input;
        options = parseOrThrow(reconcileRequestSchema, { withSource, force, reset }, 'input');
      } catch (e) {
        const { cluster, kind, namespace, name } = input;
        await mlops.refuseInvalid('flux-reconcile', ctx, { cluster, kind, namespace, name }, e as Error);
        throw e;
      }
      const r = await mlops.reconcile(
        { cluster: p.cluster, kind: p.kind, namespace: p.namespace === NO_NAMESPACE ? undefined : p.namespace, name: p.name },
        options,
        ctx,
      );
      return {
        output: {
          outcome: r.outcome,
          requestedAt: r.requestedAt,
          status: r.object.status.status,
          reason: r.object.status.reason,
          message: r.object.status.message,
          revision: r.object.status.revision,
        },
      };
    },
  });
}
