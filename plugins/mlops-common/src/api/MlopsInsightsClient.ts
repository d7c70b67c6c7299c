import { InputError, ResponseError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import type { ObjectLocator, RequestOptions } from './MlopsApi';
import type { EntityTraceOptions, MlopsInsightsApi, NamespacedObjectRef } from './MlopsInsightsApi';
import { helmDiffQuerySchema, namespacedObjectParamsSchema } from './diffSchemas';
import type { DriftSummary, HelmReleaseDiff, KustomizationDrift } from '../diff/types';
import { MLOPS_PLUGIN_ID, type MlopsClientOptions } from './MlopsClient';
import { NO_NAMESPACE, clusterNameSchema, parseOrThrow } from './schemas';
import { traceExpandSchema, traceObjectParamsSchema } from './traceSchemas';
import type { EntityTrace, TraceText } from '../trace/types';
import {
  entityRefSchema,
  notificationSettingRequestSchema,
  type EntityNotificationSettings,
  type NotificationSettingRequest,
} from '../notify/types';

/**
 * A typed client for {@link MlopsInsightsApi}; inputs are checked with the
 * router's own schemas before anything is sent, non-2xx answers throw
 * `ResponseError`.
 * @public
 */
export class MlopsInsightsClient implements MlopsInsightsApi {
  constructor(private readonly options: MlopsClientOptions) {}

  async getEntityTrace(entityRef: string, options?: EntityTraceOptions, request?: RequestOptions): Promise<EntityTrace> {
    const params = new URLSearchParams();
    if (options?.cluster !== undefined) params.set('cluster', parseOrThrow(clusterNameSchema, options.cluster, 'options.cluster'));
    const expand = (options?.expand ?? []).map(e => `${e.groupId}${e.limit !== undefined ? `*${e.limit}` : ''}`);
    expand.forEach((e, i) => parseOrThrow(traceExpandSchema, e, `options.expand.${i}`));
    if (expand.length) params.set('expand', expand.join(','));
    const qs = params.toString();
    return this.get(`${this.entityPath(entityRef)}/trace${qs ? `?${qs}` : ''}`, request);
  }

  async getEntityTraceText(entityRef: string, options?: { cluster?: string }, request?: RequestOptions): Promise<TraceText> {
    const qs = options?.cluster !== undefined
      ? `?cluster=${encodeURIComponent(parseOrThrow(clusterNameSchema, options.cluster, 'options.cluster'))}`
      : '';
    return this.get(`${this.entityPath(entityRef)}/trace/text${qs}`, request);
  }

  async getObjectTrace(object: ObjectLocator, request?: RequestOptions): Promise<TraceText> {
    return this.get(this.objectPath(object), request);
  }

  async getTree(object: ObjectLocator, options?: { compact?: boolean }, request?: RequestOptions): Promise<TraceText> {
    return this.get(`${this.objectPath(object)}/tree${options?.compact ? '?compact=true' : ''}`, request);
  }

  async getHelmReleaseDiff(
    object: NamespacedObjectRef,
    revisions?: { from?: number; to?: number },
    request?: RequestOptions,
  ): Promise<HelmReleaseDiff> {
    const params = new URLSearchParams();
    for (const key of ['from', 'to'] as const) {
      const value = revisions?.[key];
      if (value === undefined) continue;
      parseOrThrow(helmDiffQuerySchema, { [key]: String(value) }, 'revisions');
      params.set(key, String(value));
    }
    const qs = params.toString();
    return this.get(`/diff/helmreleases/${this.namespacedPath(object)}${qs ? `?${qs}` : ''}`, request);
  }

  async getKustomizationDrift(object: NamespacedObjectRef, request?: RequestOptions): Promise<KustomizationDrift> {
    return this.get(`/drift/kustomizations/${this.namespacedPath(object)}`, request);
  }

  async getDriftSummary(options?: { cluster?: string }, request?: RequestOptions): Promise<DriftSummary> {
    const qs = options?.cluster !== undefined
      ? `?cluster=${encodeURIComponent(parseOrThrow(clusterNameSchema, options.cluster, 'options.cluster'))}`
      : '';
    return this.get(`/drift/summary${qs}`, request);
  }

  async getNotificationSettings(entityRef: string, request?: RequestOptions): Promise<EntityNotificationSettings> {
    const ref = parseOrThrow(entityRefSchema, entityRef, 'entityRef');
    return this.get(`/notifications/settings?entityRef=${encodeURIComponent(ref)}`, request);
  }

  async setNotificationSetting(setting: NotificationSettingRequest, request?: RequestOptions): Promise<EntityNotificationSettings> {
    const body = parseOrThrow(notificationSettingRequestSchema, setting, 'setting');
    return this.send('PUT', '/notifications/settings', body, request);
  }

  private entityPath(entityRef: string): string {
    let ref;
    try {
      ref = parseEntityRef(entityRef);
    } catch (e) {
      throw new InputError(`entityRef: ${(e as Error).message}`);
    }
    return `/entities/${[ref.kind, ref.namespace, ref.name].map(encodeURIComponent).join('/')}`;
  }

  private namespacedPath(object: NamespacedObjectRef): string {
    const p = parseOrThrow(
      namespacedObjectParamsSchema,
      { cluster: object.cluster, namespace: object.namespace, name: object.name },
      'object',
    );
    return [p.cluster, p.namespace, p.name].map(encodeURIComponent).join('/');
  }

  private objectPath(object: ObjectLocator): string {
    const p = parseOrThrow(
      traceObjectParamsSchema,
      { cluster: object.cluster, kind: object.kind, namespace: object.namespace || NO_NAMESPACE, name: object.name },
      'object',
    );
    return `/trace/objects/${[p.cluster, p.kind, p.namespace, p.name].map(encodeURIComponent).join('/')}`;
  }

  private get<T>(path: string, request?: RequestOptions): Promise<T> {
    return this.send('GET', path, undefined, request);
  }

  private async send<T>(method: 'GET' | 'PUT', path: string, body: unknown, request?: RequestOptions): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl(MLOPS_PLUGIN_ID);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (request?.token) headers.Authorization = `Bearer ${request.token}`;
    const init: RequestInit = { method, headers, signal: request?.signal, body: body === undefined ? undefined : JSON.stringify(body) };
    const url = `${baseUrl}${path}`;
    const res = this.options.fetchApi ? await this.options.fetchApi.fetch(url, init) : await fetch(url, init);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }
}
