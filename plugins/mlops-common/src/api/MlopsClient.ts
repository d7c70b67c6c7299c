import { InputError, ResponseError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import type { MlopsApi, ObjectLocator, RequestOptions } from './MlopsApi';
import type {
  ActionResult,
  ClusterState,
  EntityObjects,
  ObjectDetails,
  ObjectEvents,
  PlatformOverview,
  ReconcileRequest,
} from './types';
import {
  NO_NAMESPACE,
  clusterNameSchema,
  objectPathParamsSchema,
  parseOrThrow,
  reconcileRequestSchema,
  suspendRequestSchema,
} from './schemas';

/** The plugin id the backend is mounted under (`/api/mlops`). @public */
export const MLOPS_PLUGIN_ID = 'mlops';

/** What {@link MlopsClient} needs; structurally `DiscoveryApi` and `FetchApi`. @public */
export interface MlopsClientOptions {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  /** Backstage's `fetchApi` (adds the user's token); global `fetch` when absent. */
  fetchApi?: { fetch: typeof fetch };
}

/**
 * A typed client for the MLOps backend's HTTP API ({@link MlopsApi}), usable
 * from the frontend (with `discoveryApiRef`/`fetchApiRef`) and from backends
 * (with `options.token`). Inputs are checked with the router's own schemas
 * before anything is sent; non-2xx answers throw `ResponseError`.
 * @public
 */
export class MlopsClient implements MlopsApi {
  private readonly discoveryApi: MlopsClientOptions['discoveryApi'];
  private readonly fetchApi?: MlopsClientOptions['fetchApi'];

  constructor(options: MlopsClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getOverview(
    query?: { cluster?: string },
    options?: RequestOptions,
  ): Promise<PlatformOverview> {
    const params = new URLSearchParams();
    if (query?.cluster !== undefined) {
      params.set('cluster', parseOrThrow(clusterNameSchema, query.cluster, 'query.cluster'));
    }
    const qs = params.toString();
    return this.request('GET', `/overview${qs ? `?${qs}` : ''}`, undefined, options);
  }

  async getClusters(options?: RequestOptions): Promise<{ clusters: ClusterState[] }> {
    return this.request('GET', '/clusters', undefined, options);
  }

  async getEntityObjects(entityRef: string, options?: RequestOptions): Promise<EntityObjects> {
    let ref;
    try {
      ref = parseEntityRef(entityRef);
    } catch (e) {
      throw new InputError(`entityRef: ${(e as Error).message}`);
    }
    const path = [ref.kind, ref.namespace, ref.name].map(encodeURIComponent).join('/');
    return this.request('GET', `/entities/${path}/objects`, undefined, options);
  }

  async getObject(object: ObjectLocator, options?: RequestOptions): Promise<ObjectDetails> {
    return this.request('GET', this.objectPath(object), undefined, options);
  }

  async getObjectEvents(object: ObjectLocator, options?: RequestOptions): Promise<ObjectEvents> {
    return this.request('GET', `${this.objectPath(object)}/events`, undefined, options);
  }

  async reconcile(
    object: ObjectLocator,
    request?: ReconcileRequest,
    options?: RequestOptions,
  ): Promise<ActionResult> {
    const body = parseOrThrow(reconcileRequestSchema, request ?? {}, 'body');
    return this.request('POST', `${this.objectPath(object)}/reconcile`, body, options);
  }

  async suspend(object: ObjectLocator, reason: string, options?: RequestOptions): Promise<ActionResult> {
    const body = parseOrThrow(suspendRequestSchema, { reason }, 'body');
    return this.request('POST', `${this.objectPath(object)}/suspend`, body, options);
  }

  async resume(object: ObjectLocator, options?: RequestOptions): Promise<ActionResult> {
    return this.request('POST', `${this.objectPath(object)}/resume`, {}, options);
  }

  /** `/objects/<cluster>/<kind>/<namespace or _>/<name>`, each part validated and encoded. */
  private objectPath(object: ObjectLocator): string {
    const params = parseOrThrow(
      objectPathParamsSchema,
      {
        cluster: object.cluster,
        kind: object.kind,
        namespace: object.namespace || NO_NAMESPACE,
        name: object.name,
      },
      'object',
    );
    const parts = [params.cluster, params.kind, params.namespace, params.name];
    return `/objects/${parts.map(encodeURIComponent).join('/')}`;
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    options?: RequestOptions,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(MLOPS_PLUGIN_ID);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (options?.token) headers.Authorization = `Bearer ${options.token}`;
    const init: RequestInit = {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options?.signal,
    };
    const url = `${baseUrl}${path}`;
    // Called as a method: fetchApi implementations may rely on `this`.
    const res = this.fetchApi ? await this.fetchApi.fetch(url, init) : await fetch(url, init);
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as T;
  }
}
