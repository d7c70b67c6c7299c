import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  diffValues,
  findWatchedKind,
  inventoryEntries,
  mlopsStatusReadPermission,
  objectIdentity,
  substituteFluxVariables,
  type KustomizationDrift,
  type ManifestObject,
  type ObjectChange,
  type ObjectIdentity,
  type ObjectRef,
} from '@mlops-portal/plugin-mlops-common';
import type { MlopsClustersService } from '@mlops-portal/plugin-mlops-node';
import type { MlopsAuthorizer } from '../../permissions/MlopsAuthorizer';
import type { EntityIndex } from '../EntityIndex';
import type { GitopsCheckout } from './GitopsCheckout';

const identity = (id: string): ObjectIdentity => {
  const [group, kind, namespace, ...rest] = id.split('/');
  return { group, kind, namespace: namespace || undefined, name: rest.join('/') };
};

/**
 * What in the cluster differs from Git for a Kustomization: the objects its
 * inventory lists against those the kustomize build of its `spec.path` in
 * the GitOps checkout makes (after Flux's `postBuild` substitution with the
 * cluster's platform settings and its `targetNamespace`), plus, for objects
 * the portal watches, the spec fields that differ.
 */
export class KustomizationDriftService {
  constructor(
    private readonly deps: {
      clusters: MlopsClustersService;
      entities: EntityIndex;
      authorizer: MlopsAuthorizer;
      checkout: GitopsCheckout;
    },
  ) {}

  async getDrift(ref: ObjectRef, credentials: BackstageCredentials): Promise<KustomizationDrift> {
    const ks = this.deps.clusters.getObject({ ...ref, kind: 'Kustomization' });
    if (!ks) throw new NotFoundError(`Kustomization ${ref.namespace}/${ref.name} not found on cluster '${ref.cluster}'`);
    await this.deps.authorizer.assert(mlopsStatusReadPermission, this.deps.entities.ownersOf(ks)[0], credentials, `compare Kustomization ${ref.namespace}/${ref.name} with Git`);
    const spec = ks.object.spec ?? {};
    const live = inventoryEntries(ks.object.status);
    const answer: KustomizationDrift = {
      cluster: ref.cluster,
      namespace: ks.namespace!,
      name: ks.name,
      path: spec.path,
      revision: ks.object.status?.lastAppliedRevision,
      desired: 0,
      live: live.length,
      missing: [],
      extra: [],
      changed: [],
      notes: [],
    };
    if (!this.deps.checkout.configured) {
      answer.notes.push('no GitOps checkout is configured (catalog.providers.mlops.*.path)');
      return answer;
    }
    if (typeof spec.path !== 'string') {
      answer.notes.push('the Kustomization has no spec.path');
      return answer;
    }
    const dir = this.deps.checkout.resolveFluxPath(spec.path);
    if (!dir) {
      answer.notes.push(`spec.path ${spec.path} is not a folder of the GitOps checkout`);
      return answer;
    }
    let built: ManifestObject[];
    try {
      built = await this.deps.checkout.build(dir);
    } catch (e) {
      answer.notes.push((e as Error).message);
      return answer;
    }
    // postBuild substitution, as kustomize-controller does it, with the cluster's settings.
    const vars: Record<string, string> = {};
    for (const s of this.deps.clusters.getSettings(ref.cluster)) Object.assign(vars, s.values);
    Object.assign(vars, spec.postBuild?.substitute ?? {});
    built = built.map(o => {
      const text = JSON.stringify(o);
      return text.includes('${') ? JSON.parse(substituteFluxVariables(text, vars)) : o;
    });
    const target: string | undefined = spec.targetNamespace;
    const desired = new Map<string, ManifestObject>();
    for (const o of built) {
      if (target && o.metadata && !o.metadata.namespace && o.kind !== 'Namespace' && findWatchedKind(String(o.kind))?.namespaced !== false) {
        o.metadata.namespace = target;
      }
      desired.set(objectIdentity(o), o);
    }
    const liveIds = new Set(live.map(e => `${e.group}/${e.kind}/${e.namespace ?? ''}/${e.name}`));
    answer.desired = desired.size;
    answer.missing = [...desired.keys()].filter(id => !liveIds.has(id)).map(identity);
    answer.extra = [...liveIds].filter(id => !desired.has(id)).map(identity);
    const changed: ObjectChange[] = [];
    for (const [id, want] of desired) {
      if (!liveIds.has(id)) continue;
      const idn = identity(id);
      const cached = this.deps.clusters.getObject({ cluster: ref.cluster, kind: idn.kind, namespace: idn.namespace, name: idn.name });
      if (!cached) continue;
      // Only the spec fields the cache keeps can be compared.
      const liveSpec = cached.object.spec ?? {};
      const wantSpec: Record<string, unknown> = {};
      for (const k of Object.keys(liveSpec)) if ((want as any).spec && k in (want as any).spec) wantSpec[k] = (want as any).spec[k];
      const paths = diffValues(wantSpec, Object.fromEntries(Object.keys(wantSpec).map(k => [k, liveSpec[k]])))
        .map(c => `spec.${c.path}`);
      if (paths.length) changed.push({ change: 'changed', ...idn, paths });
    }
    answer.changed = changed;
    if (answer.missing.length === 0 && answer.extra.length === 0 && changed.length === 0) {
      answer.notes.push('the cluster matches Git for this Kustomization');
    }
    return answer;
  }
}
