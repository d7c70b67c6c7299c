import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  NO_NAMESPACE,
  parseOrThrow,
  traceObjectParamsSchema,
} from '@mlops-portal/plugin-mlops-common';
import type { TraceService } from '../services/trace/TraceService';

/**
 * Registers the trace and tree operations in the actions registry (offered
 * to assistants by the MCP actions plugin), answering text as `flux trace`
 * and `flux tree` print it, with the portal's statuses and the first
 * failure marked. Same service and permission checks as the HTTP routes.
 */
export function registerTraceActions(registry: ActionsRegistryService, trace: TraceService): void {
  const objectInput = (z: any) =>
    z.object({
      cluster: z.string().describe('Configured cluster name'),
      kind: z.string().describe('Kind of the object, e.g. HelmRelease, Kustomization, Kafka, Deployment, Pod'),
      namespace: z.string().describe('Namespace of the object ("_" for cluster-scoped objects)'),
      name: z.string().describe('Name of the object'),
    });
  const textOutput = (z: any) =>
    z.object({
      text: z.string().describe('The report, as the Flux CLI prints it'),
      failed: z.boolean().describe('Whether any object in it is Failed'),
    });
  const refOf = (input: unknown) => {
    const p = parseOrThrow(traceObjectParamsSchema, input, '');
    return { cluster: p.cluster, kind: p.kind, namespace: p.namespace === NO_NAMESPACE ? undefined : p.namespace, name: p.name };
  };

  registry.register({
    name: 'trace-object',
    title: 'Trace a cluster object through the GitOps pipeline',
    description:
      'Like `flux trace`: shows how one object (a Deployment, Pod, Kafka, HelmRelease, …) is managed, from its owners up to the HelmRelease and Kustomizations that applied it and the sources and revisions they read, with each one\'s status and message; the most upstream failing object is marked "First failure".',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: { input: objectInput, output: textOutput },
    action: async ({ input, credentials }) => ({ output: await trace.getObjectTrace(refOf(input), credentials) }),
  });

  registry.register({
    name: 'tree',
    title: 'Print what a Flux object reconciles',
    description:
      'Like `flux tree kustomization`: the objects a Kustomization or HelmRelease applied (inventory and origin labels), recursively, on to operators\' workloads and pods, each with its status. `compact` lists Flux objects only.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z => objectInput(z).extend({ compact: z.boolean().optional().describe('Flux objects only') }),
      output: textOutput,
    },
    action: async ({ input, credentials }) => ({
      output: await trace.getTree(refOf(input), input.compact ?? false, credentials),
    }),
  });

  registry.register({
    name: 'get-entity-trace',
    title: "Trace a catalog entity's objects across layers and clusters",
    description:
      'For a catalog entity: the chain source → Kustomization → HelmRelease → operator resource → workloads → pods on every cluster, summarised: overall status, the first failing objects (failing while nothing upstream of them fails) with their messages, then a `flux trace` of each of the entity\'s objects.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z.string().describe('Entity reference, e.g. component:default/airflow'),
          cluster: z.string().optional().describe('Only this cluster'),
        }),
      output: textOutput,
    },
    action: async ({ input, credentials }) => {
      let ref: string;
      try {
        ref = stringifyEntityRef(parseEntityRef(input.entityRef, { defaultKind: 'component', defaultNamespace: 'default' }));
      } catch (e) {
        throw new InputError(`entityRef: ${(e as Error).message}`);
      }
      const { text, failed } = await trace.getEntityTraceText(ref, credentials, input.cluster);
      return { output: { text, failed } };
    },
  });
}
