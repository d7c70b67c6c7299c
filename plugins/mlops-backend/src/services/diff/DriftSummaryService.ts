import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  countDriftEvents,
  DRIFT_EVENT_WINDOW_HOURS,
  type DriftEventCount,
  type DriftSummary,
  type ObjectEvent,
} from '@mlops-portal/plugin-mlops-common';
import type { MlopsClustersService } from '@mlops-portal/plugin-mlops-node';
import type { MlopsAuthorizer } from '../../permissions/MlopsAuthorizer';
import type { EntityIndex } from '../EntityIndex';
import type { DriftEventSource } from './DriftEventWatcher';

type Layer = DriftSummary['layers'][number] & { corrected: number; correctionFailed: number; events: DriftEventCount[] };

/**
 * Drift counted per layer, for every entity the caller may read, grouped by
 * the entity's layer System:
 *
 * - `drifted`: objects with HelmRelease drift detected now (`Drifted` True,
 *   the `drifted` badge);
 * - `corrected` / `correctionFailed`: helm-controller's `DriftCorrected` /
 *   `DriftCorrectionFailed` events on the entity's HelmReleases last seen
 *   within {@link DRIFT_EVENT_WINDOW_HOURS} (with their repeats).
 *
 * A cluster whose events cannot be read adds a note; its drift condition
 * still counts.
 */
export class DriftSummaryService {
  constructor(
    private readonly deps: {
      clusters: MlopsClustersService;
      entities: EntityIndex;
      authorizer: MlopsAuthorizer;
      driftEvents?: DriftEventSource;
      now?: () => number;
    },
  ) {}

  async getSummary(cluster: string | undefined, credentials: BackstageCredentials): Promise<DriftSummary> {
    const all = this.deps.clusters.listClusterNames();
    if (cluster !== undefined && !all.includes(cluster)) throw new NotFoundError(`no cluster named '${cluster}' is configured`);
    const clusterNames = cluster ? [cluster] : all;
    const entities = this.deps.entities.list();
    const viewer = await this.deps.authorizer.viewer(credentials, () => entities.map(e => e.ref));
    const notes: string[] = [];
    const events = await this.readEvents(clusterNames, notes);
    const now = this.deps.now?.() ?? Date.now();
    const windowMs = DRIFT_EVENT_WINDOW_HOURS * 3600_000;
    const layers = new Map<string, Layer>();
    const layerOf = (ref: string, title?: string): Layer => {
      let l = layers.get(ref);
      if (!l) {
        l = { systemRef: ref, title, drifted: 0, objects: [], corrected: 0, correctionFailed: 0, events: [] };
        layers.set(ref, l);
      }
      return l;
    };
    for (const e of entities) {
      if (e.kind === 'System' && e.layer) layerOf(e.ref, e.title);
    }
    for (const e of entities) {
      if (!viewer.canRead(e.ref)) continue;
      const layerRef = e.kind === 'System' && e.layer ? e.ref : e.systemRef;
      if (!layerRef) continue;
      for (const o of this.deps.entities.resolve(e, clusterNames).objects) {
        if (o.summary.status.badges.includes('drifted')) {
          const layer = layerOf(layerRef);
          layer.drifted += 1;
          layer.objects.push({ cluster: o.cluster, kind: o.kind, namespace: o.namespace, name: o.name, entityRef: e.ref, since: o.summary.status.since });
        }
        if (o.kind !== 'HelmRelease') continue;
        const mine = events.get(`${o.cluster}|${o.namespace ?? ''}|${o.name}`);
        if (!mine) continue;
        const t = countDriftEvents(mine, now, windowMs);
        if (t.corrected + t.correctionFailed === 0) continue;
        const layer = layerOf(layerRef);
        layer.corrected += t.corrected;
        layer.correctionFailed += t.correctionFailed;
        layer.events.push({ cluster: o.cluster, namespace: o.namespace ?? '', name: o.name, entityRef: e.ref, ...t });
      }
    }
    return {
      windowHours: DRIFT_EVENT_WINDOW_HOURS,
      layers: [...layers.values()].sort(
        (a, b) =>
          b.drifted + b.correctionFailed - (a.drifted + a.correctionFailed) ||
          b.corrected - a.corrected ||
          a.systemRef.localeCompare(b.systemRef),
      ),
      notes,
    };
  }

  /** Drift events by `cluster|namespace|name` of their HelmRelease. */
  private async readEvents(clusterNames: string[], notes: string[]): Promise<Map<string, ObjectEvent[]>> {
    const out = new Map<string, ObjectEvent[]>();
    const source = this.deps.driftEvents;
    if (!source) return out;
    await Promise.all(
      clusterNames.map(async c => {
        try {
          for (const e of await source.listHelmReleaseDriftEvents(c)) {
            const k = `${c}|${e.involvedObject.namespace ?? ''}|${e.involvedObject.name}`;
            const list = out.get(k) ?? [];
            list.push(e);
            out.set(k, list);
          }
        } catch (e) {
          notes.push(`drift events of cluster '${c}' could not be read: ${(e as Error).message}`);
        }
      }),
    );
    return out;
  }
}
