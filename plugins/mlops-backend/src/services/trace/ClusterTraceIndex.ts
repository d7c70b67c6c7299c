import {
  inventoryEntries,
  type KubeObject,
  type StatusResult,
  type TraceEdgeType,
} from '@mlops-portal/plugin-mlops-common';
import type { CachedObject, CachedPod } from '@mlops-portal/plugin-mlops-node';

/** One object of a cluster as a trace knows it; `watched` false for inventory-only entries. */
export interface IndexedObject {
  key: string;
  kind: string;
  group?: string;
  namespace?: string;
  name: string;
  labels: Record<string, string>;
  object?: KubeObject;
  status?: StatusResult;
  watched: boolean;
}

/** A relation from `from` (upstream) to `to` (downstream). */
export interface IndexedEdge {
  from: string;
  to: string;
  type: TraceEdgeType;
}

/** `kind|namespace|name`. */
export function objectIndexKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}|${namespace ?? ''}|${name}`;
}

const KS_LABEL = 'kustomize.toolkit.fluxcd.io';
const HELM_LABEL = 'helm.toolkit.fluxcd.io';

/**
 * Operators' labels that tie what they create to their custom resource, for
 * objects without ownerReferences (pods of an operator-managed StatefulSet
 * keep pointing at the StatefulSet). Sources: Strimzi `strimzi.io/cluster`;
 * MinIO operator `v1.min.io/tenant`; Spark operator
 * `sparkoperator.k8s.io/app-name`; Flink operator `app` with
 * `type=flink-native-kubernetes`; Prometheus operator
 * `operator.prometheus.io/name` (older: `prometheus`, `alertmanager`).
 */
const OPERATOR_LABELS: Array<{ label: string; kinds: string[]; when?: (l: Record<string, string>) => boolean }> = [
  { label: 'strimzi.io/cluster', kinds: ['Kafka'] },
  { label: 'v1.min.io/tenant', kinds: ['Tenant'] },
  { label: 'sparkoperator.k8s.io/app-name', kinds: ['SparkApplication'] },
  { label: 'app', kinds: ['FlinkDeployment'], when: l => l.type === 'flink-native-kubernetes' },
  { label: 'operator.prometheus.io/name', kinds: ['Prometheus', 'Alertmanager'] },
  { label: 'prometheus', kinds: ['Prometheus'] },
  { label: 'alertmanager', kinds: ['Alertmanager'] },
];

function refOf(o: KubeObject | undefined, path: 'kustomize' | 'chart' | 'chartRef' | 'source'): { kind?: string; name?: string; namespace?: string } | undefined {
  const spec = o?.spec;
  if (!spec) return undefined;
  if (path === 'kustomize' || path === 'source') return spec.sourceRef;
  if (path === 'chart') return spec.chart?.spec?.sourceRef;
  return spec.chartRef;
}

/**
 * Everything one trace needs to know about one cluster, built in one pass
 * over its cached objects and pods: every object by key, and the relations
 * between them (who applied what, which source feeds what, who owns what,
 * who depends on whom), both ways. Rebuilt when the cluster changes; reads
 * are map look-ups.
 */
export class ClusterTraceIndex {
  readonly objects = new Map<string, IndexedObject>();
  private readonly down = new Map<string, IndexedEdge[]>();
  private readonly up = new Map<string, IndexedEdge[]>();
  private readonly deps = new Map<string, string[]>();
  private readonly dependents = new Map<string, string[]>();

  constructor(
    readonly cluster: string,
    watched: CachedObject[],
    pods: CachedPod[],
  ) {
    for (const o of watched) {
      const key = objectIndexKey(o.kind, o.namespace, o.name);
      this.objects.set(key, {
        key,
        kind: o.kind,
        group: o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '',
        namespace: o.namespace,
        name: o.name,
        labels: o.labels,
        object: o.object,
        status: o.summary.status,
        watched: true,
      });
    }
    for (const p of pods) {
      const key = objectIndexKey('Pod', p.namespace, p.name);
      this.objects.set(key, {
        key,
        kind: 'Pod',
        group: '',
        namespace: p.namespace,
        name: p.name,
        labels: p.labels,
        object: p.object,
        status: p.status,
        watched: true,
      });
    }
    const seen = new Set<string>();
    const add = (from: string, to: string, type: TraceEdgeType) => {
      if (from === to) return; // the root Kustomization lists itself
      const id = `${from}>${to}>${type}`;
      if (seen.has(id)) return;
      seen.add(id);
      const e = { from, to, type };
      push(this.down, from, e);
      push(this.up, to, e);
    };
    // Snapshot: inventory stubs are added while iterating.
    for (const o of [...this.objects.values()]) this.link(o, add);
  }

  private link(o: IndexedObject, add: (from: string, to: string, type: TraceEdgeType) => void): void {
    const ns = o.namespace;
    // Appliers: inventories (Kustomization; HelmRelease from helm-controller 1.5).
    if (o.kind === 'Kustomization' || o.kind === 'HelmRelease') {
      for (const e of inventoryEntries(o.object?.status)) {
        const key = objectIndexKey(e.kind, e.namespace, e.name);
        if (!this.objects.has(key)) {
          this.objects.set(key, { key, kind: e.kind, group: e.group, namespace: e.namespace, name: e.name, labels: {}, watched: false });
        }
        add(o.key, key, 'applies');
      }
      // Flux dependsOn: same kind; namespace defaults to the object's.
      const dependsOn = Array.isArray(o.object?.spec?.dependsOn) ? o.object!.spec.dependsOn : [];
      for (const d of dependsOn) {
        if (typeof d?.name !== 'string') continue;
        const key = objectIndexKey(o.kind, d.namespace ?? ns, d.name);
        push(this.deps, o.key, key);
        push(this.dependents, key, o.key);
      }
    }
    // Appliers: the origin labels kustomize-controller and helm-controller set.
    for (const [prefix, kind] of [[KS_LABEL, 'Kustomization'], [HELM_LABEL, 'HelmRelease']] as const) {
      // helm-controller labels the HelmChart it creates for a release as its
      // own, but that chart is the release's source (linked below): as both,
      // the release would be upstream of itself and never a first failure
      // (seen on the real-cluster tier).
      if (kind === 'HelmRelease' && o.kind === 'HelmChart') continue;
      const name = o.labels[`${prefix}/name`];
      const lns = o.labels[`${prefix}/namespace`];
      if (name && lns) {
        const key = objectIndexKey(kind, lns, name);
        if (this.objects.has(key)) add(key, o.key, 'applies');
      }
    }
    // Sources.
    if (o.kind === 'Kustomization' || o.kind === 'HelmChart') {
      const r = refOf(o.object, 'source');
      if (r?.kind && r.name) add(objectIndexKey(r.kind, r.namespace ?? ns, r.name), o.key, 'source');
    }
    if (o.kind === 'HelmRelease') {
      const chart: unknown = o.object?.status?.helmChart;
      const [cns, cname] = typeof chart === 'string' && chart.includes('/') ? chart.split('/') : [];
      if (cns && cname && this.objects.has(objectIndexKey('HelmChart', cns, cname))) {
        add(objectIndexKey('HelmChart', cns, cname), o.key, 'source');
      } else {
        // No HelmChart (yet, or chartRef): the source directly.
        const r = refOf(o.object, 'chart') ?? refOf(o.object, 'chartRef');
        if (r?.kind && r.name) add(objectIndexKey(r.kind, r.namespace ?? ns, r.name), o.key, 'source');
      }
    }
    // Owners: ownerReferences (same namespace); a pod's ReplicaSet stands
    // for its Deployment (`<deployment>-<pod-template-hash>`), as ReplicaSets
    // are not watched.
    const owners: Array<{ kind?: string; name?: string }> = Array.isArray(o.object?.metadata?.ownerReferences)
      ? (o.object!.metadata!.ownerReferences as any[])
      : [];
    let owned = false;
    for (const r of owners) {
      if (!r?.kind || !r.name) continue;
      let key = objectIndexKey(r.kind, ns, r.name);
      if (r.kind === 'ReplicaSet' && !this.objects.has(key)) {
        const cut = r.name.lastIndexOf('-');
        const deployment = cut > 0 ? objectIndexKey('Deployment', ns, r.name.slice(0, cut)) : undefined;
        if (deployment && this.objects.has(deployment)) key = deployment;
      }
      if (this.objects.has(key)) {
        add(key, o.key, 'owns');
        owned = true;
      }
    }
    if (!owned) {
      for (const rule of OPERATOR_LABELS) {
        const value = o.labels[rule.label];
        if (!value || (rule.when && !rule.when(o.labels))) continue;
        for (const kind of rule.kinds) {
          const key = objectIndexKey(kind, ns, value);
          if (key !== o.key && this.objects.has(key)) {
            add(key, o.key, 'owns');
            owned = true;
          }
        }
        if (owned) break;
      }
    }
  }

  get(key: string): IndexedObject | undefined {
    return this.objects.get(key);
  }

  /** Relations to objects downstream of `key`. */
  children(key: string): IndexedEdge[] {
    return this.down.get(key) ?? [];
  }

  /** Relations to objects upstream of `key`. */
  parents(key: string): IndexedEdge[] {
    return this.up.get(key) ?? [];
  }

  /** What `key` depends on (Flux dependsOn), and what depends on it. */
  dependsOn(key: string): string[] {
    return this.deps.get(key) ?? [];
  }

  dependedOnBy(key: string): string[] {
    return this.dependents.get(key) ?? [];
  }

  /** Objects of one kind. */
  ofKind(kind: string): IndexedObject[] {
    return [...this.objects.values()].filter(o => o.kind === kind);
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
