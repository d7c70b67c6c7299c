import { ResponseError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import type { MlWorkbenchApi } from './MlWorkbenchApi';
import type {
  DagActionResult,
  EntityAirflow,
  EntityKafka,
  EntityMlflow,
  ModelPromotionPreview,
  OwnedMlProjects,
} from './types';
import {
  dagPathSchema,
  mlEntityPathSchema,
  modelVersionPathSchema,
  parseMlInput,
  promotionQuerySchema,
  triggerDagRequestSchema,
  type TriggerDagRequest,
} from './schemas';

/** The plugin id the backend is mounted under (`/api/ml-workbench`). @public */
export const ML_WORKBENCH_PLUGIN_ID = 'ml-workbench';

/** What {@link MlWorkbenchClient} needs; structurally `DiscoveryApi` and `FetchApi`. @public */
export interface MlWorkbenchClientOptions {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi?: { fetch: typeof fetch };
}

const enc = encodeURIComponent;

/**
 * A typed client for the workbench backend. Inputs are checked with the
 * router's own schemas before anything is sent; non-2xx answers throw
 * `ResponseError`.
 * @public
 */
export class MlWorkbenchClient implements MlWorkbenchApi {
  constructor(private readonly options: MlWorkbenchClientOptions) {}

  private entityPath(entityRef: string): string {
    const ref = parseEntityRef(entityRef);
    const p = parseMlInput(mlEntityPathSchema, ref, 'entityRef');
    return `/entities/${enc(p.kind.toLocaleLowerCase('en-US'))}/${enc(p.namespace)}/${enc(p.name)}`;
  }

  private dagPath(entityRef: string, dagId: string): string {
    const ref = parseEntityRef(entityRef);
    parseMlInput(dagPathSchema, { ...ref, dagId }, 'request');
    return `${this.entityPath(entityRef)}/airflow/dags/${enc(dagId)}`;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl(ML_WORKBENCH_PLUGIN_ID);
    const doFetch = this.options.fetchApi?.fetch ?? fetch;
    const res = await doFetch(`${base}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }

  getMlflow(entityRef: string): Promise<EntityMlflow> {
    return this.request('GET', `${this.entityPath(entityRef)}/mlflow`);
  }

  getAirflow(entityRef: string): Promise<EntityAirflow> {
    return this.request('GET', `${this.entityPath(entityRef)}/airflow`);
  }

  getKafka(entityRef: string): Promise<EntityKafka> {
    return this.request('GET', `${this.entityPath(entityRef)}/kafka`);
  }

  getOwnedProjects(ownerRef: string): Promise<OwnedMlProjects> {
    const path = this.entityPath(ownerRef).replace(/^\/entities\//, '/owners/');
    return this.request('GET', `${path}/projects`);
  }

  getPromotionPreview(
    entityRef: string,
    model: string,
    version: string,
    environment?: string,
  ): Promise<ModelPromotionPreview> {
    const ref = parseEntityRef(entityRef);
    parseMlInput(modelVersionPathSchema, { ...ref, model, version }, 'request');
    const q = parseMlInput(promotionQuerySchema, environment === undefined ? {} : { environment }, 'query');
    return this.request(
      'GET',
      `${this.entityPath(entityRef)}/mlflow/models/${enc(model)}/versions/${enc(version)}/promotion?environment=${enc(q.environment)}`,
    );
  }

  triggerDag(entityRef: string, dagId: string, request: TriggerDagRequest = {}): Promise<DagActionResult> {
    const body = parseMlInput(triggerDagRequestSchema, request, 'body');
    return this.request('POST', `${this.dagPath(entityRef, dagId)}/trigger`, body);
  }

  pauseDag(entityRef: string, dagId: string): Promise<DagActionResult> {
    return this.request('POST', `${this.dagPath(entityRef, dagId)}/pause`, {});
  }

  unpauseDag(entityRef: string, dagId: string): Promise<DagActionResult> {
    return this.request('POST', `${this.dagPath(entityRef, dagId)}/unpause`, {});
  }
}
