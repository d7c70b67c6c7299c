import { CoreV1Api } from '@kubernetes/client-node';
import { mapKubeError } from '@mlops-portal/plugin-mlops-node';
import { DRIFT_EVENT_REASONS, type ObjectEvent } from '@mlops-portal/plugin-mlops-common';
import type { ClusterClients } from '../ClusterClients';

/** Where drift events come from (replaced in tests). */
export interface DriftEventSource {
  /** helm-controller's drift events on one cluster, all namespaces. */
  listHelmReleaseDriftEvents(cluster: string): Promise<ObjectEvent[]>;
}

const iso = (d: unknown): string | undefined => {
  if (d instanceof Date) return d.toISOString();
  return typeof d === 'string' ? d : undefined;
};

/**
 * Reads HelmRelease drift events from a cluster: one list of Events with
 * `involvedObject.kind=HelmRelease` across namespaces per cluster (not one
 * request per release), kept for `ttlMs` so the platform page's refreshes do
 * not each hit the API server. Only `DriftCorrected` and
 * `DriftCorrectionFailed` events are kept.
 */
export class DriftEventsService implements DriftEventSource {
  private readonly cache = new Map<string, { at: number; value: Promise<ObjectEvent[]> }>();

  constructor(private readonly deps: { clients: ClusterClients; ttlMs?: number; timeoutMs?: number; now?: () => number }) {}

  listHelmReleaseDriftEvents(cluster: string): Promise<ObjectEvent[]> {
    const now = this.deps.now?.() ?? Date.now();
    const hit = this.cache.get(cluster);
    if (hit && now - hit.at < (this.deps.ttlMs ?? 15_000)) return hit.value;
    const value = this.fetch(cluster);
    this.cache.set(cluster, { at: now, value });
    value.catch(() => this.cache.delete(cluster));
    return value;
  }

  private async fetch(cluster: string): Promise<ObjectEvent[]> {
    const core = this.deps.clients.kubeConfig(cluster).makeApiClient(CoreV1Api);
    const timeoutMs = this.deps.timeoutMs ?? 10_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const list = await Promise.race([
        core.listEventForAllNamespaces({ fieldSelector: 'involvedObject.kind=HelmRelease' }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      const reasons = new Set<string>(Object.values(DRIFT_EVENT_REASONS));
      return list.items
        .filter(e => reasons.has(e.reason ?? ''))
        .map(e => ({
          type: e.type ?? 'Normal',
          reason: e.reason ?? '',
          message: e.message ?? '',
          count: e.count,
          firstTimestamp: iso(e.firstTimestamp) ?? iso(e.eventTime),
          lastTimestamp: iso(e.lastTimestamp) ?? iso(e.eventTime) ?? iso(e.metadata?.creationTimestamp),
          involvedObject: { kind: 'HelmRelease', namespace: e.involvedObject?.namespace, name: e.involvedObject?.name ?? '' },
          source: e.source?.component ?? e.reportingComponent,
        }));
    } catch (e) {
      throw mapKubeError(e, cluster, 'events of HelmReleases');
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}
