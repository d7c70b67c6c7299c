import type {
  AuditorService,
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { ConflictError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { Request } from 'express';
import {
  AIRFLOW_ENTITY_TAG_PREFIX,
  ANNOTATION_AIRFLOW_DAGS,
  mlopsAirflowDagPausePermission,
  mlopsAirflowDagTriggerPermission,
  readMlLinks,
  type DagActionResult,
} from '@mlops-portal/plugin-ml-workbench-common';
import { toBackstageError } from '../connectors/ToolError';
import type { WorkbenchAuthorizer } from '../permissions/WorkbenchAuthorizer';
import type { ToolRegistry } from './ToolRegistry';

/** Who is acting, for the audit log and the note Airflow shows. */
export function actorOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as { type: string; userEntityRef?: string; subject?: string };
  if (p.type === 'user') return p.userEntityRef ?? 'user';
  if (p.type === 'service') return `service:${p.subject ?? 'unknown'}`;
  return 'anonymous';
}

/** Context of one action: who, and the HTTP request when there is one. */
export interface DagActionContext {
  credentials: BackstageCredentials;
  request?: Request;
}

/**
 * Trigger, pause and unpause of an entity's Airflow DAGs. The backend holds
 * the only Airflow credential; before it is used, every call checks, for the
 * signed-in user and in this order:
 * 1. the entity exists for them and lists the DAG (annotation);
 * 2. they hold the permission on that entity (owners, by the portal's policy);
 * 3. no other catalog entity lists the same DAG (a second claim could be
 *    anyone's registration, so neither claim is trusted to act);
 * 4. the DAG's own tags name the entity (`portal-entity:<ref>`), unless the
 *    instance is configured not to require it.
 * Every attempt is an audit event with the user as actor and the outcome.
 */
export class DagActions {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      authorizer: WorkbenchAuthorizer;
      registry: ToolRegistry;
      auditor: AuditorService;
      /** Called after a successful action, to refresh cached views of the DAG. */
      onChanged: (instance: string, dagId: string) => void;
    },
  ) {}

  private async claimants(dagId: string): Promise<string[]> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: { [`metadata.annotations.${ANNOTATION_AIRFLOW_DAGS}`]: CATALOG_FILTER_EXISTS },
        fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.annotations'],
      },
      { credentials },
    );
    return items.filter(e => readMlLinks(e).dags.includes(dagId)).map(e => stringifyEntityRef(e));
  }

  private async run(
    action: DagActionResult['action'],
    entityRef: string,
    dagId: string,
    ctx: DagActionContext,
    act: (instanceName: string) => Promise<DagActionResult>,
  ): Promise<DagActionResult> {
    const event = await this.deps.auditor.createEvent({
      eventId: `airflow-dag-${action}`,
      severityLevel: 'medium',
      request: ctx.request,
      meta: { actor: actorOf(ctx.credentials), entityRef, dagId },
    });
    try {
      const entity = await this.deps.catalog.getEntityByRef(entityRef, { credentials: ctx.credentials });
      if (!entity) throw new NotFoundError(`${entityRef} is not in the catalog`);
      const links = readMlLinks(entity);
      if (!links.dags.includes(dagId)) {
        throw new NotFoundError(`DAG '${dagId}' is not one of ${entityRef}'s DAGs (annotation ${ANNOTATION_AIRFLOW_DAGS})`);
      }
      const permission = action === 'trigger' ? mlopsAirflowDagTriggerPermission : mlopsAirflowDagPausePermission;
      await this.deps.authorizer.assert(permission, entityRef, ctx.credentials, `${action} DAG '${dagId}'`);
      const others = (await this.claimants(dagId)).filter(r => r !== entityRef);
      if (others.length) {
        throw new ConflictError(
          `DAG '${dagId}' is also listed by ${others.join(', ')}; the portal does not act on a DAG that more than one entity claims`,
        );
      }
      const instance = this.deps.registry.resolve(links.instance, entityRef);
      const airflow = instance.airflow;
      if (!airflow) throw new NotFoundError(instance.problem ?? `Airflow is not configured for instance '${instance.name}'`);
      const dag = await airflow.getDagInfo(dagId).catch(e => {
        throw toBackstageError(e);
      });
      if (!dag) throw new NotFoundError(`Airflow: DAG '${dagId}' does not exist`);
      const tags = (dag.tags ?? []).map(t => t.name);
      if (!airflow.acceptsEntity(tags, entityRef)) {
        throw new NotAllowedError(
          `DAG '${dagId}' does not name ${entityRef} in its tags (${AIRFLOW_ENTITY_TAG_PREFIX}${entityRef}); the portal acts on a DAG only for the entity the DAG itself names`,
        );
      }
      const result = await act(instance.name).catch(e => {
        throw toBackstageError(e);
      });
      this.deps.onChanged(instance.name, dagId);
      await event.success({ meta: { instance: instance.name, ...(result.runId ? { runId: result.runId } : {}) } });
      return result;
    } catch (e) {
      await event.fail({ error: e as Error });
      throw e;
    }
  }

  trigger(entityRef: string, dagId: string, note: string | undefined, ctx: DagActionContext): Promise<DagActionResult> {
    return this.run('trigger', entityRef, dagId, ctx, async instanceName => {
      const airflow = this.deps.registry.resolve(instanceName, entityRef).airflow!;
      const who = actorOf(ctx.credentials);
      const fullNote = `Triggered by ${who} through the MLOps Portal (${entityRef})${note ? `: ${note}` : ''}`;
      const { runId, state } = await airflow.trigger(dagId, fullNote);
      return { action: 'trigger', dagId, runId, state };
    });
  }

  setPaused(paused: boolean, entityRef: string, dagId: string, ctx: DagActionContext): Promise<DagActionResult> {
    return this.run(paused ? 'pause' : 'unpause', entityRef, dagId, ctx, async instanceName => {
      const airflow = this.deps.registry.resolve(instanceName, entityRef).airflow!;
      const isPaused = await airflow.setPaused(dagId, paused);
      return { action: paused ? 'pause' : 'unpause', dagId, isPaused };
    });
  }
}
