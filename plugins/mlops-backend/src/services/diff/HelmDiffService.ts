import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { stringify } from 'yaml';
import {
  countDriftEvents,
  DRIFT_EVENT_WINDOW_HOURS,
  type ObjectEvent,
  diffObjects,
  diffValues,
  mlopsStatusReadPermission,
  substituteFluxVariables,
  unifiedDiff,
  type HelmReleaseDiff,
  type HelmRevisionSummary,
  type KubeCondition,
  type ObjectRef,
} from '@mlops-portal/plugin-mlops-common';
import {
  readHelmReleaseRevision,
  type HelmReleaseRevision,
  type MlopsClustersService,
} from '@mlops-portal/plugin-mlops-node';
import type { MlopsAuthorizer } from '../../permissions/MlopsAuthorizer';
import type { ClusterClients } from '../ClusterClients';
import type { EntityIndex } from '../EntityIndex';
import type { GitopsCheckout } from './GitopsCheckout';
import { parseManifests } from './GitopsCheckout';

/** helm-controller's drift corrections and failed ones within the window. */
function driftCounts(events: ObjectEvent[]) {
  const t = countDriftEvents(events, Date.now(), DRIFT_EVENT_WINDOW_HOURS * 3600_000);
  return { corrected: t.corrected, correctionFailed: t.correctionFailed, windowHours: DRIFT_EVENT_WINDOW_HOURS };
}

/** YAML with sorted keys, so a diff shows changes, not reordering. */
function canonicalYaml(v: unknown): string {
  return v && typeof v === 'object' && Object.keys(v as object).length ? stringify(v, { sortMapEntries: true }) : '';
}

/** helm-controller's release name: `spec.releaseName`, else `[targetNamespace-]name`. */
export function releaseNameOf(hr: { name: string; spec?: any }): string {
  if (typeof hr.spec?.releaseName === 'string' && hr.spec.releaseName) return hr.spec.releaseName;
  return hr.spec?.targetNamespace ? `${hr.spec.targetNamespace}-${hr.name}` : hr.name;
}

function summary(r: HelmReleaseRevision): HelmRevisionSummary {
  return {
    revision: r.revision,
    status: r.status,
    chart: r.chart.name,
    chartVersion: r.chart.version,
    appVersion: r.chart.appVersion,
    deployedAt: r.deployedAt,
    description: r.description,
  };
}

/**
 * Desired vs live for a HelmRelease: its current Helm revision against the
 * previous one (values and rendered manifest, decoded from Helm's storage
 * Secret of each revision — only those two Secrets, by name, and only their
 * release data leaves the backend), the live values against the values in
 * Git, and drift detection (the `Drifted` condition and drift events).
 * Read permission on the entity that owns the HelmRelease.
 */
export class HelmDiffService {
  constructor(
    private readonly deps: {
      clusters: MlopsClustersService;
      clients: ClusterClients;
      entities: EntityIndex;
      authorizer: MlopsAuthorizer;
      checkout: GitopsCheckout;
      /** Watched drift events (see DriftEventWatcher); undefined for a cluster whose are not known. */
      driftEvents?: { helmReleaseDriftEvents(ref: { cluster: string; namespace: string; name: string }): Promise<ObjectEvent[] | undefined> };
    },
  ) {}

  async getDiff(ref: ObjectRef, query: { from?: number; to?: number }, credentials: BackstageCredentials): Promise<HelmReleaseDiff> {
    const hr = this.deps.clusters.getObject({ ...ref, kind: 'HelmRelease' });
    if (!hr) throw new NotFoundError(`HelmRelease ${ref.namespace}/${ref.name} not found on cluster '${ref.cluster}'`);
    const owner = this.deps.entities.ownersOf(hr)[0];
    await this.deps.authorizer.assert(mlopsStatusReadPermission, owner, credentials, `read the releases of HelmRelease ${ref.namespace}/${ref.name}`);

    const spec = hr.object.spec ?? {};
    const status = hr.object.status ?? {};
    const release = releaseNameOf({ name: hr.name, spec });
    const storageNamespace: string = status.storageNamespace || spec.storageNamespace || spec.targetNamespace || hr.namespace!;
    const history: HelmRevisionSummary[] = (Array.isArray(status.history) ? status.history : [])
      .filter((h: any) => Number.isInteger(h?.version))
      .map((h: any) => ({ revision: h.version, status: h.status, chart: h.chartName, chartVersion: h.chartVersion, appVersion: h.appVersion, deployedAt: h.lastDeployed }));
    const notes: string[] = [];
    const conditions: KubeCondition[] = Array.isArray(status.conditions) ? status.conditions : [];
    const drifted = conditions.find(c => c.type === 'Drifted');
    // The watched drift events when the cluster's are known (current to the
    // watch, so a refetch after a pushed drift event sees it), else a read.
    const events =
      (await this.deps.driftEvents?.helmReleaseDriftEvents({ cluster: ref.cluster, namespace: hr.namespace!, name: hr.name })) ??
      (await this.deps.clusters.getEvents({ ...ref, kind: 'HelmRelease' }).catch(e => {
        notes.push(`events could not be read: ${(e as Error).message}`);
        return [];
      }));
    const answer: HelmReleaseDiff = {
      cluster: ref.cluster,
      namespace: hr.namespace!,
      name: hr.name,
      release,
      storageNamespace,
      history,
      drift: {
        mode: spec.driftDetection?.mode,
        drifted: drifted?.status === 'True',
        condition: drifted,
        events: events.filter(e => /drift/i.test(e.reason)),
        ...driftCounts(events),
      },
      notes,
    };

    const toRev = query.to ?? history[0]?.revision;
    if (toRev === undefined) {
      notes.push('the HelmRelease has no release yet (status.history is empty)');
    } else {
      const fromRev = query.from ?? history.find(h => h.revision < toRev)?.revision ?? (toRev > 1 ? toRev - 1 : undefined);
      if (fromRev !== undefined && fromRev >= toRev) throw new InputError(`query.from must be lower than query.to (${fromRev} ≥ ${toRev})`);
      const kc = this.deps.clients.kubeConfig(ref.cluster);
      const read = (rev: number) => readHelmReleaseRevision(kc, ref.cluster, storageNamespace, release, rev);
      const current = await read(toRev).catch(e => {
        notes.push((e as Error).message);
        return undefined;
      });
      const previous = fromRev !== undefined
        ? await read(fromRev).catch(e => {
            notes.push((e as Error).message);
            return undefined;
          })
        : undefined;
      if (fromRev === undefined) notes.push('there is no previous revision: this is the first release');
      if (current) answer.current = summary(current);
      if (previous) answer.previous = summary(previous);
      if (current && previous) {
        answer.values = {
          diff: unifiedDiff(canonicalYaml(previous.values), canonicalYaml(current.values), { from: `values, revision ${previous.revision}`, to: `values, revision ${current.revision}` }),
          changes: diffValues(previous.values, current.values),
        };
        answer.manifest = {
          diff: unifiedDiff(previous.manifest, current.manifest, { from: `manifest, revision ${previous.revision}`, to: `manifest, revision ${current.revision}` }),
          objects: diffObjects(parseManifests(previous.manifest), parseManifests(current.manifest), storageNamespace),
        };
      }
      if (current) this.addGit(answer, current, hr.cluster);
    }
    return answer;
  }

  /** The values in Git (Flux variables filled from the cluster's platform settings) against the live ones. */
  private addGit(answer: HelmReleaseDiff, current: HelmReleaseRevision, cluster: string) {
    if (!this.deps.checkout.configured) {
      answer.notes.push('no GitOps checkout is configured (catalog.providers.mlops.*.path): Git is not compared');
      return;
    }
    const found = this.deps.checkout.findObject('HelmRelease', answer.namespace, answer.name);
    if (!found) {
      answer.notes.push(`HelmRelease ${answer.namespace}/${answer.name} is not in the GitOps checkout`);
      return;
    }
    const spec: any = (found.object as any).spec ?? {};
    let gitValues = spec.values ?? {};
    let substituted = false;
    const text = JSON.stringify(gitValues);
    if (text.includes('${')) {
      const vars: Record<string, string> = {};
      for (const s of this.deps.clusters.getSettings(cluster)) Object.assign(vars, s.values);
      try {
        gitValues = JSON.parse(substituteFluxVariables(text, vars));
        substituted = true;
      } catch (e) {
        answer.notes.push(`the Git values could not be substituted: ${(e as Error).message}`);
      }
    }
    answer.git = {
      file: found.file,
      values: {
        diff: unifiedDiff(canonicalYaml(gitValues), canonicalYaml(current.values), { from: `values in Git (${found.file})`, to: `live values, revision ${current.revision}` }),
        changes: diffValues(gitValues, current.values),
      },
      chartVersion: { git: spec.chart?.spec?.version, live: current.chart.version },
      substituted,
    };
  }
}
