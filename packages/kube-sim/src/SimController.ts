import { ObjectStore, StoreEvent, kubeTime } from './ObjectStore';
import type { HelmDriftInput } from './KubeApiServer';
import { ResourceType, findTypeByKind, apiVersionOf } from './resources';
import { AppliedObject, GitopsProblem, inventoryId } from './gitops';
import { helmReleaseSecret, helmReleaseSecretName, renderChartManifest, withHelmReleaseStatus } from './helmStorage';
import { Behaviour, Scenario, ScenarioObject } from './scenarios';
import {
  Condition,
  artifact,
  chartOf,
  gitRevision,
  helmSnapshot,
  hexOf,
  mergeConditions,
  previousVersion,
} from './statusWriters';
import { WorkloadSpec, helmReleaseName, podSuffix, templateHash, workloadsForChart } from './workloads';

const REQUESTED_AT = 'reconcile.fluxcd.io/requestedAt';
const FORCE_AT = 'reconcile.fluxcd.io/forceAt';
const RESET_AT = 'reconcile.fluxcd.io/resetAt';
const FLUX_API = /^(source|kustomize|helm|notification)\.toolkit\.fluxcd\.io\//;
const NODE = 'kube-sim-node-1';

/** The commit of a followed GitOps repository the simulated Flux applies. @public */
export interface GitSourceRevision {
  /** Full commit id. */
  commit: string;
  /** The commit's subject line, as source-controller's NewArtifact event quotes it. */
  subject?: string;
}

/** What one applied revision changed, as `Kind/namespace/name` keys. @public */
export interface RevisionResult {
  created: string[];
  updated: string[];
  pruned: string[];
}

/** The parts of a manifest kustomize-controller applies and compares. */
const MANIFEST_FIELDS = ['spec', 'data', 'stringData'] as const;

function sameManifest(a: any, b: any): boolean {
  return (
    MANIFEST_FIELDS.every(f => JSON.stringify(a?.[f]) === JSON.stringify(b?.[f])) &&
    JSON.stringify(a?.metadata?.labels ?? {}) === JSON.stringify(b?.metadata?.labels ?? {}) &&
    JSON.stringify(a?.metadata?.annotations ?? {}) === JSON.stringify(b?.metadata?.annotations ?? {})
  );
}

/**
 * Applies the fields Git sets to a live object, like server-side apply by
 * kustomize-controller: top-level fields of the spec (and data, labels,
 * annotations) that Git sets are written; ones Git set before and no
 * longer does are removed; ones only set through the API are kept.
 */
function applyManifest(live: any, before: any | undefined, desired: any): any {
  const merge = (cur: any, prev: any, want: any) => {
    if (want === undefined && prev === undefined) return cur;
    const out: any = { ...(cur ?? {}) };
    for (const key of Object.keys(prev ?? {})) if (!(key in (want ?? {}))) delete out[key];
    return { ...out, ...(want ?? {}) };
  };
  const d = withSecretData(structuredClone(desired));
  if (d.spec !== undefined || before?.spec !== undefined) live.spec = merge(live.spec, before?.spec, d.spec);
  if (d.data !== undefined || before?.data !== undefined) live.data = merge(live.data, before?.data, d.data);
  live.metadata.labels = merge(live.metadata.labels, before?.metadata?.labels, d.metadata?.labels);
  live.metadata.annotations = merge(live.metadata.annotations, before?.metadata?.annotations, d.metadata?.annotations);
  return live;
}

/** A Secret's `stringData` as the API server stores it: base64 `data`. */
function withSecretData(obj: any): any {
  if (obj.kind === 'Secret' && obj.stringData) {
    obj.data = {
      ...(obj.data ?? {}),
      ...Object.fromEntries(Object.entries<string>(obj.stringData).map(([k, v]) => [k, Buffer.from(String(v)).toString('base64')])),
    };
    delete obj.stringData;
  }
  return obj;
}

/** Options of the simulated controllers of one cluster. @public */
export interface SimControllerOptions {
  clusterName: string;
  /** Delay before a reconcile request or spec change is handled (ms). Default 300. */
  reconcileDelayMs?: number;
  /** Interval of time-driven changes (Spark runs, release retries), ms; 0 = only on `advance()`. Default 5000. */
  stepMs?: number;
  /** Generated objects (fleet scenario), added after the GitOps objects. */
  fleetObjects?: number;
  /** Every n-th generated HelmRelease fails. */
  fleetFailEvery?: number;
  /** Kinds the generated objects cycle through. Default: {@link DEFAULT_FLEET_KINDS}. */
  fleetKinds?: FleetKind[];
}

/** Kinds the fleet scenario can generate. @public */
export const FLEET_KINDS = ['HelmRelease', 'Kustomization', 'HelmRepository', 'GitRepository', 'KafkaTopic', 'ConfigMap'] as const;
/** One of {@link FLEET_KINDS}. @public */
export type FleetKind = (typeof FLEET_KINDS)[number];
/** The default mix of generated objects. @public */
export const DEFAULT_FLEET_KINDS: FleetKind[] = ['HelmRelease', 'Kustomization', 'KafkaTopic', 'ConfigMap'];

/** What the scenario says one object should classify as. @public */
export interface Expectation {
  cluster: string;
  kind: string;
  namespace: string;
  name: string;
  behaviour: Behaviour;
  /** Right after start. */
  initial: string;
  /** After `settle()`. */
  settled: string;
}

interface ObjState {
  behaviour: Behaviour;
  /** Time-driven progress (retry count, Spark state index). */
  step: number;
  /** Don't catch up with spec changes until a reconcile request (stale-generation). */
  frozen: boolean;
  reason?: string;
  message?: string;
  expect?: ScenarioObject;
  /** Created through the API: make its workloads/charts/pods on first reconcile. */
  needsDerived?: boolean;
  /** A HelmRelease forceAt request: make a new release even if nothing changed. */
  force?: boolean;
  /** A Kustomization whose build failed on a followed commit (`applyRevision`): ready again once one builds. */
  failedByRevision?: boolean;
}

function keyOf(kind: string, ns: string | undefined, name: string) {
  return `${kind}/${ns ?? ''}/${name}`;
}

/**
 * Objects the controllers leave alone: `spec.suspend` (Flux), and clusters
 * run by the Flux Operator can switch reconciliation off with an annotation
 * (https://fluxcd.control-plane.io/operator/).
 */
function isSuspended(o: any): boolean {
  return o?.spec?.suspend === true || o?.metadata?.annotations?.['fluxcd.controlplane.io/reconcile'] === 'disabled';
}

/** Whether the portal's rules see the object as suspended/paused whatever its status says. */
function isPaused(o: any): boolean {
  return (
    isSuspended(o) ||
    o?.spec?.paused === true ||
    o?.metadata?.annotations?.['strimzi.io/pause-reconciliation'] === 'true'
  );
}

/** Kinds whose status the simulated controllers write. */
const RECONCILED_KINDS = new Set([
  'GitRepository', 'HelmRepository', 'HelmChart', 'OCIRepository', 'Bucket', 'Kustomization', 'HelmRelease',
  'Kafka', 'KafkaNodePool', 'KafkaTopic', 'KafkaUser', 'KafkaConnect', 'Tenant', 'SparkApplication',
  'ScheduledSparkApplication', 'FlinkDeployment', 'FlinkSessionJob', 'Prometheus', 'Alertmanager',
  'Deployment', 'StatefulSet', 'ReplicaSet',
]);

const SPARK_OK = ['SUBMITTED', 'RUNNING', 'COMPLETED'];
const SPARK_FAIL = ['SUBMITTED', 'RUNNING', 'FAILING', 'FAILED'];

/**
 * The simulated controllers of one cluster: applies what Flux would apply,
 * writes statuses the way Flux, Strimzi, MinIO, Spark, Flink and the
 * Prometheus operator do, creates the workloads, pods and events, handles
 * reconcile requests and spec changes, and moves time-driven objects on.
 * @public
 */
export class SimController {
  private readonly state = new Map<string, ObjState>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly applied = new Map<string, AppliedObject>();
  /** uid/type/reason/message → Event name, for aggregation. */
  private readonly eventKeys = new Map<string, string>();
  private unsubscribe = () => {};
  private stepTimer?: NodeJS.Timeout;
  private readonly reconcileDelayMs: number;
  private readonly stepMs: number;
  private startedAt = kubeTime();
  private starting = false;
  /** The followed repository's commit, when the GitOps objects come from one (`applyRevision`). */
  private source?: GitSourceRevision;

  constructor(
    private readonly store: ObjectStore,
    private readonly scenario: Scenario,
    private readonly options: SimControllerOptions,
  ) {
    this.reconcileDelayMs = options.reconcileDelayMs ?? 300;
    this.stepMs = options.stepMs ?? 5000;
  }

  /**
   * Applies the GitOps objects and the scenario, then starts reacting to
   * changes. `source`: the commit they were read from, when the simulator
   * follows a Git repository (GitRepository artifacts and Kustomizations then
   * report that commit as their revision).
   */
  start(objects: AppliedObject[], source?: GitSourceRevision): void {
    this.source = source;
    // The simulated platform has been running for an hour: objects, pods and
    // conditions date from then, so ages and "since" look like a real cluster's.
    this.startedAt = kubeTime(new Date(Date.now() - 3600_000));
    this.starting = true;
    const overrides = new Map<string, ScenarioObject>();
    for (const s of this.scenario.objects) overrides.set(keyOf(s.kind, s.namespace, s.name), s);
    const all = [...objects];
    // Scenario objects missing from the GitOps dir are added, so a scenario
    // keeps its meaning whatever repository it runs against.
    for (const s of this.scenario.objects) {
      if (!all.some(a => keyOf(a.obj.kind, a.obj.metadata?.namespace, a.obj.metadata?.name) === keyOf(s.kind, s.namespace, s.name))) {
        all.push({ obj: minimalObject(s), file: `scenario:${this.scenario.name}` });
      }
    }
    if (this.options.fleetObjects) {
      all.push(...generateFleet(this.options.fleetObjects, this.options.clusterName, this.options.fleetKinds ?? DEFAULT_FLEET_KINDS));
    }
    for (const a of all) {
      this.applied.set(keyOf(a.obj.kind, a.obj.metadata?.namespace, a.obj.metadata?.name), a);
    }
    this.ensureNamespaces(all);
    // Flux's own controllers, when the repo has Flux objects.
    if (all.some(a => FLUX_API.test(String(a.obj.apiVersion)))) this.createFluxControllers();
    const fleetFail = this.options.fleetFailEvery ?? 0;
    let fleetHr = 0;
    // Every object's behaviour first: a Kustomization's health check reads
    // the behaviours of the objects in its inventory.
    for (const a of all) {
      const o = a.obj;
      if (!findTypeByKind(o.apiVersion, o.kind) || o.kind === 'Namespace') continue;
      const k = keyOf(o.kind, o.metadata.namespace, o.metadata.name);
      const ov = overrides.get(k);
      let behaviour: Behaviour = ov?.behaviour ?? (o.kind === 'SparkApplication' ? 'completes' : 'ready');
      if (!ov && o.metadata?.labels?.['kube-sim/fleet'] === 'true' && o.kind === 'HelmRelease') {
        fleetHr++;
        if (fleetFail && fleetHr % fleetFail === 0) behaviour = 'install-failed';
      }
      this.state.set(k, {
        behaviour,
        step: 0,
        frozen: behaviour === 'stale-generation',
        reason: ov?.reason,
        message: ov?.message,
        expect: ov,
      });
    }
    for (const a of all) {
      const o = a.obj;
      const t = findTypeByKind(o.apiVersion, o.kind);
      if (!t || o.kind === 'Namespace') continue;
      const k = keyOf(o.kind, o.metadata.namespace, o.metadata.name);
      const st = this.state.get(k)!;
      const behaviour = st.behaviour;
      const input = structuredClone(o);
      if (behaviour === 'suspended') input.spec = { ...input.spec, suspend: true };
      if (behaviour === 'stale-generation') input.metadata.generation = 2;
      if (o.kind === 'Secret' && input.data === undefined && input.stringData) {
        input.data = Object.fromEntries(Object.entries<string>(input.stringData).map(([kk, v]) => [kk, Buffer.from(String(v)).toString('base64')]));
        delete input.stringData;
      }
      const status = this.computeStatus(t, input, st, undefined);
      if (status !== undefined) input.status = status;
      if (behaviour === 'stale-generation' && input.status) input.status.observedGeneration = 1;
      try {
        this.create(input);
      } catch {
        // duplicates (same object in two places of the repo) keep the first
        continue;
      }
      // Generated fleet objects stand alone: no workloads, charts or events.
      if (o.metadata?.labels?.['kube-sim/fleet'] !== 'true') {
        this.createDerived(t, k);
        if (o.kind === 'HelmRelease') this.syncHelmStorage(input);
      }
    }
    this.starting = false;
    this.unsubscribe = this.store.subscribeAll(e => this.onChange(e));
    if (this.stepMs > 0) {
      const tick = () => {
        this.advance();
        this.stepTimer = setTimeout(tick, this.stepMs);
        this.stepTimer.unref?.();
      };
      this.stepTimer = setTimeout(tick, this.stepMs);
      this.stepTimer.unref?.();
    }
  }

  /** Creates an object; during start-up it is dated like the rest of the simulated past. */
  private create(obj: any) {
    if (this.starting && obj.kind !== 'Event') {
      obj.metadata = { creationTimestamp: this.startedAt, ...obj.metadata };
    }
    return this.store.create(obj);
  }

  /** Stops timers and listeners. */
  stop(): void {
    this.unsubscribe();
    if (this.stepTimer) clearTimeout(this.stepTimer);
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }

  /** The expected classification of every watched object, per the scenario. */
  expectations(kinds: string[]): Expectation[] {
    const out: Expectation[] = [];
    for (const kind of kinds) {
      const t = findTypeByKind(undefined, kind) ?? this.findType(kind);
      if (!t) continue;
      for (const o of this.store.list(t)) {
        const k = keyOf(kind, o.obj.metadata.namespace, o.obj.metadata.name);
        const st = this.state.get(k);
        const behaviour = st?.behaviour ?? 'ready';
        let settled: string = st?.expect?.expect ?? defaultExpectation(kind, isPaused(o.obj) ? 'suspended' : behaviour);
        let initial: string = st?.expect?.expectInitial ?? st?.expect?.expect ?? settled;
        if (!st?.expect && settled !== 'Suspended') {
          if (behaviour === 'completes') initial = 'Progressing';
          if (behaviour === 'install-failed') initial = settled = 'Failed';
        }
        out.push({ cluster: this.options.clusterName, kind, namespace: o.obj.metadata.namespace ?? '', name: o.obj.metadata.name, behaviour, initial, settled });
      }
    }
    return out;
  }

  private findType(kind: string): ResourceType | undefined {
    for (const g of ['apps', 'kafka.strimzi.io', 'minio.min.io', 'sparkoperator.k8s.io', 'flink.apache.org', 'monitoring.coreos.com', 'source.toolkit.fluxcd.io', 'kustomize.toolkit.fluxcd.io', 'helm.toolkit.fluxcd.io']) {
      const t = findTypeByKind(`${g}/v1`, kind);
      if (t) return t;
    }
    return undefined;
  }

  /** Moves every time-driven object one step on. */
  advance(): boolean {
    let changed = false;
    for (const [k, st] of this.state) {
      const [kind, ns, name] = k.split('/');
      const t = this.findType(kind);
      if (!t) continue;
      const cur = this.store.get(t, ns, name);
      if (!cur || isSuspended(cur.obj)) continue;
      let moved = false;
      if (kind === 'SparkApplication') {
        const seq = st.behaviour === 'fails' ? SPARK_FAIL : SPARK_OK;
        if (st.behaviour !== 'fails' && st.step < seq.length - 1) {
          st.step++;
          moved = true;
        }
      } else if (kind === 'HelmRelease' && st.behaviour === 'upgrade-failing') {
        if (st.step < retriesOf(cur.obj)) {
          st.step++;
          moved = true;
        }
      }
      if (moved) {
        changed = true;
        this.rewrite(t, cur.obj, st);
        if (kind === 'SparkApplication') this.syncSparkPods(cur.obj, st);
      }
    }
    return changed;
  }

  /** Moves every time-driven object to its final state. */
  settle(): void {
    for (let i = 0; i < 20 && this.advance(); i++) {
      // keep going until nothing moves
    }
  }

  /**
   * A new commit of the followed repository (a merged change): what
   * source-controller and kustomize-controller do with it. Objects new in
   * the build are created, and the simulated controllers pick them up as any
   * object created through the API (status after the delay, then workloads
   * and pods); objects whose manifest changed in Git get the fields Git now
   * sets (fields set through the API, such as a suspend, are kept unless Git
   * changed them, as with server-side apply), and a spec change is
   * reconciled; objects a Kustomization applied that are gone from the build
   * are pruned with what they own, unless annotated
   * `kustomize.toolkit.fluxcd.io/prune: disabled`. Then the GitRepository and
   * the Kustomizations report the new revision and inventories.
   */
  applyRevision(objects: AppliedObject[], source: GitSourceRevision, problems: GitopsProblem[] = []): RevisionResult {
    this.source = source;
    const result: RevisionResult = { created: [], updated: [], pruned: [] };
    // A Kustomization whose build broke applies nothing and prunes nothing, as kustomize-controller.
    const failed = new Map<string, GitopsProblem>();
    for (const p of problems) if (p.kustomization) failed.set(`${p.kustomization.namespace}/${p.kustomization.name}`, p);
    const held = (a: AppliedObject) => a.appliedBy !== undefined && failed.has(`${a.appliedBy.namespace}/${a.appliedBy.name}`);
    const next = new Map<string, AppliedObject>();
    for (const a of objects) next.set(keyOf(a.obj.kind, a.obj.metadata?.namespace, a.obj.metadata?.name), a);
    this.ensureNamespaces(objects.filter(a => !held(a)));
    for (const [k, a] of next) {
      if (held(a)) continue;
      const o = a.obj;
      const t = findTypeByKind(o.apiVersion, o.kind);
      if (!t || o.kind === 'Namespace') continue;
      const before = this.applied.get(k);
      this.applied.set(k, a);
      const live = this.store.get(t, o.metadata.namespace ?? '', o.metadata.name);
      if (!live) {
        this.store.create(withSecretData(structuredClone(o)));
        result.created.push(k);
        continue;
      }
      if (before && sameManifest(before.obj, o)) continue;
      this.store.update(t, o.metadata.namespace ?? '', o.metadata.name, copy => applyManifest(copy, before?.obj, o));
      result.updated.push(k);
    }
    for (const [k, a] of [...this.applied]) {
      if (next.has(k) || !a.appliedBy || held(a)) continue; // bootstrap, scenario and fleet objects are not pruned
      this.applied.delete(k);
      if (a.obj.metadata?.annotations?.['kustomize.toolkit.fluxcd.io/prune'] === 'disabled') continue;
      const t = findTypeByKind(a.obj.apiVersion, a.obj.kind);
      if (t && this.store.get(t, a.obj.metadata.namespace ?? '', a.obj.metadata.name)) {
        this.prune(t, a.obj);
        result.pruned.push(k);
      }
    }
    // The sources store the new artifact, then every Kustomization applies it.
    for (const kind of ['GitRepository', 'Kustomization']) {
      for (const [k, st] of this.state) {
        if (!k.startsWith(`${kind}/`)) continue;
        const [, ns, name] = k.split('/');
        const problem = kind === 'Kustomization' ? failed.get(`${ns}/${name}`) : undefined;
        if (problem) {
          Object.assign(st, { behaviour: 'build-failed', reason: 'BuildFailed', message: `kustomize build failed: ${problem.file}: ${problem.message}`, failedByRevision: true });
        } else if (st.failedByRevision) {
          Object.assign(st, { behaviour: 'ready', reason: undefined, message: undefined, failedByRevision: false });
        }
        const t = this.findType(kind);
        const cur = t && this.store.get(t, ns, name);
        if (!t || !cur || isSuspended(cur.obj)) continue;
        this.rewrite(t, cur.obj, st);
        this.emitFluxEvent(t, this.store.get(t, ns, name)!.obj, st);
      }
    }
    return result;
  }

  /**
   * Deletes a pruned object and, as the garbage collector and Helm's
   * uninstall would, what it owns: a HelmRelease's chart, workloads, their
   * ReplicaSets and pods, Services and release storage.
   */
  private prune(t: ResourceType, obj: any) {
    const ns = obj.metadata.namespace ?? '';
    const gone = new Set<string>([this.store.get(t, ns, obj.metadata.name)!.obj.metadata.uid]);
    this.store.delete(t, ns, obj.metadata.name);
    this.state.delete(keyOf(obj.kind, obj.metadata.namespace, obj.metadata.name));
    const drop = (kind: string, apiVersion: string, match: (o: any) => boolean) => {
      const dt = findTypeByKind(apiVersion, kind)!;
      for (const s of this.store.list(dt)) {
        const o = s.obj;
        if (!match(o)) continue;
        gone.add(o.metadata.uid);
        this.store.delete(dt, o.metadata.namespace ?? '', o.metadata.name);
        this.state.delete(keyOf(kind, o.metadata.namespace, o.metadata.name));
      }
    };
    if (obj.kind === 'HelmRelease') {
      const src = obj.spec?.chart?.spec?.sourceRef;
      const chartNs = src?.namespace ?? ns;
      const release = helmReleaseName(obj);
      const byRelease = (o: any) => o.metadata?.labels?.['helm.toolkit.fluxcd.io/name'] === obj.metadata.name && o.metadata?.labels?.['helm.toolkit.fluxcd.io/namespace'] === ns;
      drop('HelmChart', 'source.toolkit.fluxcd.io/v1', o => o.metadata.namespace === chartNs && o.metadata.name === `${ns}-${obj.metadata.name}`);
      for (const kind of ['Deployment', 'StatefulSet']) drop(kind, 'apps/v1', byRelease);
      drop('Service', 'v1', byRelease);
      drop('Secret', 'v1', o => o.metadata?.labels?.owner === 'helm' && o.metadata?.labels?.name === release);
    }
    // Owned objects (ReplicaSets of pruned Deployments, then their pods).
    const owned = (o: any) => (o.metadata?.ownerReferences ?? []).some((r: any) => gone.has(r.uid));
    drop('ReplicaSet', 'apps/v1', owned);
    drop('Pod', 'v1', owned);
  }

  private rewrite(t: ResourceType, o: any, st: ObjState, handled?: Record<string, string>) {
    const stored = this.store.update(t, o.metadata.namespace ?? '', o.metadata.name, copy => {
      const status = this.computeStatus(t, copy, st, copy.status);
      if (status !== undefined) copy.status = { ...status, ...carryHandled(copy.status), ...(handled ?? {}) };
      return copy;
    });
    if (t.kind === 'HelmRelease' && stored.obj.metadata?.labels?.['kube-sim/fleet'] !== 'true') this.syncHelmStorage(stored.obj);
  }

  /**
   * Helm's storage Secrets for every revision in a HelmRelease's history
   * (src/helmStorage.ts): a revision seen for the first time is stored with
   * the values and chart version it was made with; older ones are marked
   * superseded, as Helm does.
   */
  private syncHelmStorage(hr: any) {
    const secretType = findTypeByKind('v1', 'Secret')!;
    for (const snap of hr.status?.history ?? []) {
      if (!snap?.name || !snap.version) continue;
      const ns = hr.status?.storageNamespace ?? snap.namespace;
      const name = helmReleaseSecretName(snap.name, snap.version);
      const existing = this.store.get(secretType, ns, name);
      if (existing) {
        if (existing.obj.metadata?.labels?.status !== snap.status) {
          this.store.update(secretType, ns, name, copy => withHelmReleaseStatus(copy, snap.status));
        }
        continue;
      }
      const values = hr.spec?.values ?? {};
      this.create(helmReleaseSecret({
        release: snap.name,
        namespace: snap.namespace,
        revision: snap.version,
        status: snap.status,
        chart: snap.chartName,
        chartVersion: snap.chartVersion,
        appVersion: snap.appVersion,
        config: values,
        manifest: renderChartManifest(snap.chartName, snap.chartVersion, snap.name, snap.namespace, values),
        deployedAt: snap.lastDeployed ?? this.startedAt,
      }));
    }
  }

  private onChange(e: StoreEvent) {
    const o = e.object.obj;
    const t = e.rtype;
    if (!t.status || t.group === '' || e.type === 'DELETED') return;
    const k = keyOf(o.kind, o.metadata.namespace, o.metadata.name);
    let st = this.state.get(k);
    if (e.type === 'ADDED') {
      // An object created through the API after start-up (a test, kubectl):
      // the controllers pick it up and write its status after the delay.
      if (st || o.status !== undefined || isSuspended(o) || !RECONCILED_KINDS.has(o.kind)) return;
      st = { behaviour: o.kind === 'SparkApplication' ? 'completes' : 'ready', step: 0, frozen: false, needsDerived: true };
      this.state.set(k, st);
      this.schedule(t, k, o);
      return;
    }
    if (!st) return;
    const requested = o.metadata.annotations?.[REQUESTED_AT];
    const needsRequest = FLUX_API.test(o.apiVersion) && requested !== undefined && requested !== o.status?.lastHandledReconcileAt;
    const stale = o.status?.observedGeneration !== undefined && o.status.observedGeneration !== o.metadata.generation && !st.frozen;
    const resumed = e.previous && isSuspended(e.previous.obj) && !isSuspended(o);
    if (!needsRequest && !stale && !resumed) return;
    if (isSuspended(o)) return;
    this.schedule(t, k, o);
  }

  private schedule(t: ResourceType, k: string, o: any) {
    if (this.pending.has(k)) return;
    const timer = setTimeout(() => {
      this.pending.delete(k);
      this.reconcile(t, o.metadata.namespace ?? '', o.metadata.name);
    }, this.reconcileDelayMs);
    timer.unref?.();
    this.pending.set(k, timer);
  }

  /** Handles a reconcile request / spec change like the real controller would. */
  private reconcile(t: ResourceType, ns: string, name: string) {
    const cur = this.store.get(t, ns, name);
    if (!cur) return;
    const o = cur.obj;
    if (isSuspended(o)) return;
    if (o.kind === 'HelmRepository' && o.spec?.type === 'oci') return; // no reconciler since Flux 2.2
    const k = keyOf(o.kind, ns || undefined, name);
    const st = this.state.get(k);
    if (!st) return;
    const handled: Record<string, string> = {};
    const ann = o.metadata.annotations ?? {};
    const token = ann[REQUESTED_AT];
    if (token !== undefined && FLUX_API.test(o.apiVersion)) {
      handled.lastHandledReconcileAt = token;
      st.frozen = false;
      if (st.behaviour === 'stale-generation') st.behaviour = 'ready';
      if (o.kind === 'HelmRelease') {
        if (ann[FORCE_AT] && ann[FORCE_AT] !== o.status?.lastHandledForceAt) {
          handled.lastHandledForceAt = ann[FORCE_AT];
          st.force = true;
        }
        if (ann[RESET_AT] && ann[RESET_AT] !== o.status?.lastHandledResetAt) {
          handled.lastHandledResetAt = ann[RESET_AT];
          // Reset clears the failure counters: a stalled release retries.
          if (st.behaviour === 'upgrade-failing') st.step = 0;
        }
      }
      if (o.kind === 'Kustomization') st.step++;
    }
    if (st.frozen) return;
    if (st.behaviour === 'stale-generation') st.behaviour = 'ready';
    this.rewrite(t, o, st, handled);
    if (st.needsDerived) {
      // First reconcile of an object created through the API: its workloads,
      // chart, pods and first event, as at start-up.
      st.needsDerived = false;
      this.createDerived(t, k);
      return;
    }
    this.emitFluxEvent(t, this.store.get(t, ns, name)!.obj, st);
  }

  private ensureNamespaces(all: AppliedObject[]) {
    const nsType = findTypeByKind('v1', 'Namespace')!;
    const wanted = new Set<string>(['default', 'kube-system']);
    for (const a of all) if (a.obj.metadata?.namespace) wanted.add(a.obj.metadata.namespace);
    for (const a of all) {
      if (a.obj.kind === 'Namespace' && a.obj.metadata?.name) {
        wanted.delete(a.obj.metadata.name);
        if (!this.store.get(nsType, '', a.obj.metadata.name)) {
          this.create({ ...structuredClone(a.obj), apiVersion: 'v1', status: { phase: 'Active' }, spec: { finalizers: ['kubernetes'] } });
        }
      }
    }
    for (const n of wanted) {
      if (!this.store.get(nsType, '', n)) {
        this.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n, labels: { 'kubernetes.io/metadata.name': n } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
      }
    }
  }

  // ---------------------------------------------------------------- statuses

  private computeStatus(_t: ResourceType, o: any, st: ObjState, prev: any): any {
    const now = this.starting && !prev ? this.startedAt : kubeTime();
    const gen = o.metadata.generation ?? 1;
    switch (o.kind) {
      case 'GitRepository':
      case 'OCIRepository':
      case 'Bucket': {
        const revision = o.kind === 'GitRepository' ? gitRevision(o, 0, this.source?.commit) : `latest@sha256:${hexOf(o.metadata.name, 64)}`;
        const msg = `stored artifact for revision '${revision}'`;
        return {
          observedGeneration: gen,
          conditions: mergeConditions(prev?.conditions, [
            { type: 'Ready', status: 'True', reason: 'Succeeded', message: msg, observedGeneration: gen },
            { type: 'ArtifactInStorage', status: 'True', reason: 'Succeeded', message: msg, observedGeneration: gen },
          ], now),
          artifact: artifact(o.kind, o, revision, prev?.artifact?.lastUpdateTime ?? now),
        };
      }
      case 'HelmRepository': {
        if (o.spec?.type === 'oci') return {};
        const revision = `sha256:${hexOf(`index/${o.spec?.url}`, 64)}`;
        const msg = `stored artifact: revision '${revision}'`;
        return {
          observedGeneration: gen,
          conditions: mergeConditions(prev?.conditions, [
            { type: 'Ready', status: 'True', reason: 'Succeeded', message: msg, observedGeneration: gen },
            { type: 'ArtifactInStorage', status: 'True', reason: 'Succeeded', message: msg, observedGeneration: gen },
          ], now),
          artifact: artifact(o.kind, o, revision, prev?.artifact?.lastUpdateTime ?? now),
          url: `http://source-controller.flux-system.svc.cluster.local./helmrepository/${o.metadata.namespace}/${o.metadata.name}/index.yaml`,
        };
      }
      case 'HelmChart': {
        const version = String(o.spec?.version ?? '0.0.0');
        const msg = `pulled '${o.spec?.chart}' chart with version '${version}'`;
        return {
          observedGeneration: gen,
          observedSourceArtifactRevision: `sha256:${hexOf(o.spec?.sourceRef?.name ?? '', 64)}`,
          observedChartName: o.spec?.chart,
          conditions: mergeConditions(prev?.conditions, [
            { type: 'Ready', status: 'True', reason: 'ChartPullSucceeded', message: msg, observedGeneration: gen },
            { type: 'ArtifactInStorage', status: 'True', reason: 'ChartPullSucceeded', message: msg, observedGeneration: gen },
          ], now),
          artifact: artifact('HelmChart', o, version, prev?.artifact?.lastUpdateTime ?? now),
        };
      }
      case 'Kustomization':
        return this.kustomizationStatus(o, st, prev, now, gen);
      case 'HelmRelease':
        return this.helmReleaseStatus(o, st, prev, now, gen);
      case 'Kafka':
        return kafkaStatus(o, st, prev, now, gen, this.nodePoolsOf(o), this.brokerPodsOf(o));
      case 'KafkaNodePool':
        return nodePoolStatus(o, gen, this.nodeIdsOf(o));
      case 'KafkaTopic':
      case 'KafkaUser':
      case 'KafkaConnect':
        return {
          observedGeneration: gen,
          conditions: [
            strimziPaused(o)
              ? { type: 'ReconciliationPaused', status: 'True', reason: 'ReconciliationPaused', message: 'Reconciliation paused', lastTransitionTime: prev?.conditions?.[0]?.lastTransitionTime ?? now }
              : { type: 'Ready', status: 'True', lastTransitionTime: prev?.conditions?.[0]?.lastTransitionTime ?? now },
          ],
          ...(o.kind === 'KafkaTopic' ? { topicName: o.spec?.topicName ?? o.metadata.name, topicId: hexOf(o.metadata.name, 22) } : {}),
          ...(o.kind === 'KafkaUser' ? { username: o.metadata.name, secret: o.metadata.name } : {}),
        };
      case 'Tenant':
        return tenantStatus(o, st, now);
      case 'SparkApplication':
        return sparkStatus(o, st, prev, now);
      case 'ScheduledSparkApplication':
        return {
          scheduleState: 'Scheduled',
          lastRun: prev?.lastRun ?? kubeTime(new Date(Date.now() - 6 * 3600_000)),
          nextRun: prev?.nextRun ?? kubeTime(new Date(Date.now() + 18 * 3600_000)),
          lastRunName: prev?.lastRunName ?? scheduledRunName(o),
          pastSuccessfulRunNames: prev?.pastSuccessfulRunNames ?? [scheduledRunName(o)],
          pastFailedRunNames: [],
        };
      case 'FlinkDeployment':
      case 'FlinkSessionJob':
        return flinkStatus(o, now, gen);
      case 'Prometheus':
      case 'Alertmanager': {
        const replicas = o.spec?.replicas ?? 1;
        return {
          observedGeneration: gen,
          paused: o.spec?.paused === true,
          replicas,
          availableReplicas: replicas,
          updatedReplicas: replicas,
          unavailableReplicas: 0,
          conditions: mergeConditions(prev?.conditions, [
            { type: 'Available', status: 'True', reason: '', message: '', observedGeneration: gen },
            { type: 'Reconciled', status: 'True', reason: '', message: '', observedGeneration: gen },
          ], now),
          ...(o.kind === 'Prometheus' ? { shards: 1, shardStatuses: [{ shardID: '0', replicas, availableReplicas: replicas, updatedReplicas: replicas, unavailableReplicas: 0 }] } : {}),
        };
      }
      case 'Deployment': {
        const r = o.spec?.replicas ?? 1;
        return {
          observedGeneration: gen,
          replicas: r,
          updatedReplicas: r,
          readyReplicas: r,
          availableReplicas: r,
          conditions: [
            { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: this.startedAt, lastTransitionTime: this.startedAt },
            { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${o.metadata.name}-${templateHash(o.metadata.name)}" has successfully progressed.`, lastUpdateTime: this.startedAt, lastTransitionTime: this.startedAt },
          ],
        };
      }
      case 'StatefulSet': {
        const r = o.spec?.replicas ?? 1;
        const rev = `${o.metadata.name}-${templateHash(o.metadata.name)}`;
        return { observedGeneration: gen, replicas: r, readyReplicas: r, currentReplicas: r, updatedReplicas: r, availableReplicas: r, currentRevision: rev, updateRevision: rev, collisionCount: 0 };
      }
      case 'ReplicaSet': {
        const r = o.spec?.replicas ?? 1;
        return { observedGeneration: gen, replicas: r, fullyLabeledReplicas: r, readyReplicas: r, availableReplicas: r };
      }
      default:
        return prev ?? o.status;
    }
  }

  private kustomizationStatus(o: any, st: ObjState, prev: any, now: string, gen: number) {
    const srcName = o.spec?.sourceRef?.name;
    const srcNs = o.spec?.sourceRef?.namespace ?? o.metadata.namespace;
    const src = this.applied.get(keyOf(o.spec?.sourceRef?.kind ?? 'GitRepository', srcNs, srcName));
    const revision = gitRevision(src?.obj ?? { metadata: { namespace: srcNs, name: srcName } }, 0, this.source?.commit);
    const entries = [...this.applied.values()]
      .filter(a => a.appliedBy?.name === o.metadata.name && a.appliedBy?.namespace === o.metadata.namespace)
      .map(a => ({ id: inventoryId(a.obj), v: String(a.obj.apiVersion).split('/').pop() }))
      .sort((a, b) => a.id.localeCompare(b.id));
    const healthChecked = o.spec?.wait === true || (o.spec?.healthChecks?.length ?? 0) > 0;
    const dep = (o.spec?.dependsOn ?? [])[0];
    const failing = st.behaviour === 'health-check-failed' || st.behaviour === 'build-failed' || st.behaviour === 'dependency-not-ready';
    let conditions: Omit<Condition, 'lastTransitionTime'>[];
    let lastApplied: string | undefined = revision;
    if (st.behaviour === 'dependency-not-ready') {
      conditions = [{ type: 'Ready', status: 'False', reason: st.reason ?? 'DependencyNotReady', message: st.message ?? `dependency '${dep?.namespace ?? o.metadata.namespace}/${dep?.name ?? 'unknown'}' is not ready`, observedGeneration: gen }];
    } else if (st.behaviour === 'build-failed') {
      lastApplied = prev?.lastAppliedRevision ?? gitRevision(src?.obj, -1);
      conditions = [{ type: 'Ready', status: 'False', reason: st.reason ?? 'BuildFailed', message: st.message ?? `kustomize build failed: accumulating resources: accumulation err='accumulating resources from 'missing.yaml': open missing.yaml: no such file or directory'`, observedGeneration: gen }];
    } else if (st.behaviour === 'health-check-failed') {
      const msg = st.message ?? `health check failed after 10m0.5s: timeout waiting for: [${this.unhealthyInInventory(entries.map(e => e.id))}]`;
      conditions = [
        { type: 'Ready', status: 'False', reason: st.reason ?? 'HealthCheckFailed', message: msg, observedGeneration: gen },
        { type: 'Healthy', status: 'False', reason: 'HealthCheckFailed', message: msg, observedGeneration: gen },
      ];
    } else {
      conditions = [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${revision}`, observedGeneration: gen }];
      if (healthChecked) conditions.push({ type: 'Healthy', status: 'True', reason: 'Succeeded', message: 'Health check passed in 2.05s', observedGeneration: gen });
    }
    const total = (prev?.history?.[0]?.totalReconciliations ?? 0) + 1;
    const lastStatus = conditions[0].reason;
    return {
      observedGeneration: gen,
      conditions: mergeConditions(prev?.conditions, conditions, now),
      ...(lastApplied && st.behaviour !== 'dependency-not-ready' ? { lastAppliedRevision: lastApplied } : {}),
      ...(st.behaviour !== 'dependency-not-ready' ? { lastAttemptedRevision: revision } : {}),
      ...(st.behaviour === 'dependency-not-ready' || st.behaviour === 'build-failed' ? {} : { inventory: { entries } }),
      history: [{
        digest: `sha256:${hexOf(`${revision}/${entries.length}`, 64)}`,
        firstReconciled: prev?.history?.[0]?.firstReconciled ?? this.startedAt,
        lastReconciled: now,
        lastReconciledDuration: failing ? '10m0.5s' : '1.62s',
        lastReconciledStatus: lastStatus,
        totalReconciliations: total,
        metadata: { revision },
      }],
    };
  }

  private unhealthyInInventory(ids: string[]): string {
    const bad: string[] = [];
    for (const id of ids) {
      const parts = id.split('_');
      const kind = parts[parts.length - 1];
      const ns = parts[0];
      const name = parts.slice(1, -2).join('_');
      const st = this.state.get(keyOf(kind, ns, name));
      if (st && !['ready', 'completes', 'stale-generation', 'suspended'].includes(st.behaviour)) bad.push(`${kind}/${ns}/${name} status: 'Failed'`);
    }
    return bad.length ? bad.join(', ') : 'unknown';
  }

  private helmReleaseStatus(o: any, st: ObjState, prev: any, now: string, gen: number) {
    const { chart, version } = chartOf(o);
    const ns = o.spec?.targetNamespace ?? o.metadata.namespace;
    const rel = o.spec?.releaseName ?? o.metadata.name;
    const srcNs = o.spec?.chart?.spec?.sourceRef?.namespace ?? o.metadata.namespace;
    const base = {
      observedGeneration: gen,
      lastAttemptedGeneration: gen,
      lastAttemptedRevision: version,
      lastAttemptedConfigDigest: `sha256:${hexOf(JSON.stringify(o.spec?.values ?? {}), 64)}`,
      helmChart: `${srcNs}/${o.metadata.namespace}-${o.metadata.name}`,
      storageNamespace: o.spec?.storageNamespace ?? ns,
    };
    const deployed = this.startedAt;
    // helm-controller 1.5+ records what the release created (status.inventory).
    const inventory = {
      entries: workloadsForChart(chart, rel, o.spec?.values ?? {})
        .flatMap(w => [
          { id: `${ns}_${w.name}_apps_${w.kind}`, v: 'v1' },
          ...(w.port ? [{ id: `${ns}_${w.name}__Service`, v: 'v1' }] : []),
        ])
        .sort((a, b) => a.id.localeCompare(b.id)),
    };
    if (st.behaviour === 'upgrade-failing') {
      const retries = retriesOf(o);
      const stalled = st.step >= retries;
      const attempts = st.step + 1;
      const err = st.message ?? `Helm upgrade failed for release ${ns}/${rel} with chart ${chart}@${version}: context deadline exceeded`;
      const conds: Omit<Condition, 'lastTransitionTime'>[] = stalled
        ? [
            { type: 'Stalled', status: 'True', reason: st.reason ?? 'RetriesExceeded', message: `Failed to upgrade after ${attempts} attempt(s)` },
            { type: 'Ready', status: 'False', reason: 'UpgradeFailed', message: err },
            { type: 'Released', status: 'False', reason: 'UpgradeFailed', message: err },
          ]
        : [
            { type: 'Reconciling', status: 'True', reason: 'ProgressingWithRetry', message: `Running 'upgrade' action with timeout of ${o.spec?.timeout ?? '5m0s'}` },
            { type: 'Ready', status: 'False', reason: 'UpgradeFailed', message: err },
            { type: 'Released', status: 'False', reason: 'UpgradeFailed', message: err },
          ];
      return {
        ...base,
        lastAttemptedReleaseAction: 'upgrade',
        inventory,
        failures: attempts,
        upgradeFailures: attempts,
        conditions: mergeConditions(prev?.conditions, conds, now),
        history: [
          helmSnapshot(o, chart, version, 4 + st.step, 'failed', now),
          helmSnapshot(o, chart, previousVersion(version), 3, 'deployed', deployed),
        ],
      };
    }
    if (st.behaviour === 'install-failed') {
      const err = st.message ?? `Helm install failed for release ${ns}/${rel} with chart ${chart}@${version}: execution error at (${chart}/templates/deployment.yaml:12:4): a required value is missing`;
      return {
        ...base,
        lastAttemptedReleaseAction: 'install',
        failures: 4,
        installFailures: 4,
        conditions: mergeConditions(prev?.conditions, [
          { type: 'Stalled', status: 'True', reason: 'RetriesExceeded', message: 'Failed to install after 4 attempt(s)' },
          { type: 'Ready', status: 'False', reason: 'InstallFailed', message: err },
          { type: 'Released', status: 'False', reason: 'InstallFailed', message: err },
        ], now),
        history: [helmSnapshot(o, chart, version, 1, 'failed', now)],
      };
    }
    const prevReady = (prev?.conditions ?? []).find((c: any) => c.type === 'Ready');
    const force = st.force;
    st.force = false;
    if (!force && prev?.history?.length && prev.observedGeneration === gen && prevReady?.status === 'True') {
      // Nothing changed since the last release: helm-controller makes no new
      // release for a plain reconcile request.
      return structuredClone(prev);
    }
    const upgraded = gen > 1 || (prev?.history?.length ?? 0) > 0;
    const relVersion = (prev?.history?.[0]?.version ?? 0) + (prev ? 1 : 1);
    const action = upgraded ? 'upgrade' : 'install';
    const reason = upgraded ? 'UpgradeSucceeded' : 'InstallSucceeded';
    const msg = `Helm ${action} succeeded for release ${ns}/${rel}.v${relVersion} with chart ${chart}@${version}`;
    const history = [helmSnapshot(o, chart, version, relVersion, 'deployed', prev ? now : deployed)];
    if (prev?.history?.[0]) history.push({ ...prev.history[0], status: 'superseded' });
    return {
      ...base,
      lastAttemptedReleaseAction: action,
      inventory,
      conditions: mergeConditions(prev?.conditions, [
        { type: 'Ready', status: 'True', reason, message: msg },
        { type: 'Released', status: 'True', reason, message: msg },
      ], now),
      history: history.slice(0, 5),
    };
  }

  private nodePoolsOf(kafka: any): any[] {
    return [...this.applied.values()]
      .map(a => a.obj)
      .filter(p => p.kind === 'KafkaNodePool' && p.metadata?.namespace === kafka.metadata.namespace && p.metadata?.labels?.['strimzi.io/cluster'] === kafka.metadata.name);
  }

  private brokerPodsOf(kafka: any): string[] {
    return this.nodePoolsOf(kafka)
      .filter(p => (p.spec?.roles ?? []).includes('broker'))
      .flatMap(p => this.nodeIdsOf(p).map(id => `${kafka.metadata.name}-${p.metadata.name}-${id}`));
  }

  private nodeIdsOf(pool: any): number[] {
    const cluster = pool.metadata?.labels?.['strimzi.io/cluster'];
    const pools = [...this.applied.values()]
      .map(a => a.obj)
      .filter(p => p.kind === 'KafkaNodePool' && p.metadata?.namespace === pool.metadata.namespace && p.metadata?.labels?.['strimzi.io/cluster'] === cluster)
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    let first = 0;
    for (const p of pools) {
      const n = Number(p.spec?.replicas ?? 1) || 1;
      if (p.metadata.name === pool.metadata.name) {
        const start = first;
        return Array.from({ length: n }, (_, i) => start + i);
      }
      first += n;
    }
    return [];
  }

  // ---------------------------------------------------------- derived objects

  private createDerived(t: ResourceType, k: string) {
    const [kind, ns, name] = k.split('/');
    const o = this.store.get(t, ns, name)?.obj;
    if (!o) return;
    const st = this.state.get(k)!;
    this.emitFluxEvent(t, o, st);
    // helm-controller's post-renderer adds these origin labels to each rendered
    // object's own metadata.labels only, never to pod templates
    // (fluxcd/helm-controller internal/postrender): pods and ReplicaSets carry
    // just what the chart's pod template sets.
    const labelsFor = (extra: Record<string, string>) => ({
      ...extra,
      'helm.toolkit.fluxcd.io/name': o.metadata.name,
      'helm.toolkit.fluxcd.io/namespace': o.metadata.namespace,
      'app.kubernetes.io/managed-by': 'Helm',
    });
    if (kind === 'HelmRelease') {
      const { chart, version } = chartOf(o);
      const src = o.spec?.chart?.spec?.sourceRef;
      if (src) {
        const hc = {
          apiVersion: 'source.toolkit.fluxcd.io/v1',
          kind: 'HelmChart',
          metadata: { name: `${o.metadata.namespace}-${o.metadata.name}`, namespace: src.namespace ?? o.metadata.namespace },
          spec: { chart, version, sourceRef: { kind: src.kind ?? 'HelmRepository', name: src.name }, interval: o.spec?.interval ?? '5m', reconcileStrategy: 'ChartVersion' },
        };
        const hcType = findTypeByKind(hc.apiVersion, 'HelmChart')!;
        const hk = keyOf('HelmChart', hc.metadata.namespace, hc.metadata.name);
        if (!this.store.get(hcType, hc.metadata.namespace, hc.metadata.name)) {
          const hst: ObjState = { behaviour: 'ready', step: 0, frozen: false };
          this.state.set(hk, hst);
          this.create({ ...hc, status: this.computeStatus(hcType, { ...hc, metadata: { ...hc.metadata, generation: 1 } }, hst, undefined) });
        }
      }
      if (st.behaviour === 'install-failed') return;
      const values = o.spec?.values ?? {};
      const ns2 = o.spec?.targetNamespace ?? o.metadata.namespace;
      for (const w of workloadsForChart(chart, helmReleaseName(o), values)) {
        this.createWorkload(ns2, { ...w, labels: labelsFor({ ...w.labels, 'helm.sh/chart': `${chart}-${version}` }), podLabels: w.podLabels ?? w.labels });
      }
      if (chart === 'kube-prometheus-stack' && values?.prometheus?.enabled !== false) {
        const rel = helmReleaseName(o);
        for (const crKind of ['Prometheus', 'Alertmanager'] as const) {
          const crName = `${rel}-${crKind.toLowerCase()}`;
          const cr = { apiVersion: 'monitoring.coreos.com/v1', kind: crKind, metadata: { name: crName, namespace: ns2, labels: labelsFor({ app: `kube-prometheus-stack-${crKind.toLowerCase()}`, release: rel }) }, spec: { replicas: 1, ...(crKind === 'Prometheus' ? { retention: values?.prometheus?.prometheusSpec?.retention ?? '10d' } : {}) } };
          const ct = findTypeByKind(cr.apiVersion, crKind)!;
          const ck = keyOf(crKind, ns2, crName);
          const cst: ObjState = { behaviour: 'ready', step: 0, frozen: false };
          this.state.set(ck, cst);
          this.create({ ...cr, status: this.computeStatus(ct, { ...cr, metadata: { ...cr.metadata, generation: 1 } }, cst, undefined) });
          const stsName = `${crKind.toLowerCase()}-${crName}`;
          this.createWorkload(ns2, { kind: 'StatefulSet', name: stsName, replicas: 1, image: crKind === 'Prometheus' ? 'quay.io/prometheus/prometheus:v3.4.2' : 'quay.io/prometheus/alertmanager:v0.28.1', labels: { 'app.kubernetes.io/name': crKind.toLowerCase(), 'app.kubernetes.io/instance': crName, 'app.kubernetes.io/managed-by': 'prometheus-operator', [`operator.prometheus.io/name`]: crName } });
        }
      }
    } else if (kind === 'Kafka') {
      const cluster = o.metadata.name;
      const base = { 'strimzi.io/cluster': cluster, 'strimzi.io/kind': 'Kafka', 'app.kubernetes.io/managed-by': 'strimzi-cluster-operator', 'backstage.io/kubernetes-id': cluster };
      for (const pool of this.nodePoolsOf(o)) {
        for (const id of this.nodeIdsOf(pool)) {
          const broken = st.behaviour === 'not-ready' && `${cluster}-${pool.metadata.name}-${id}` === this.brokerPodsOf(o)[0];
          this.createPod(ns, `${cluster}-${pool.metadata.name}-${id}`, { ...base, 'strimzi.io/name': `${cluster}-kafka`, 'strimzi.io/pool-name': pool.metadata.name, 'strimzi.io/broker-role': String((pool.spec?.roles ?? []).includes('broker')), 'strimzi.io/controller-role': String((pool.spec?.roles ?? []).includes('controller')) }, `quay.io/strimzi/kafka:0.48.0-kafka-${o.spec?.kafka?.version ?? '4.0.0'}`, undefined, broken ? 'crashloop' : 'running');
        }
      }
      const ports = (o.spec?.kafka?.listeners ?? []).map((l: any) => Number(l.port)).filter((p: number) => p > 0);
      this.createService(ns, `${cluster}-kafka-bootstrap`, { 'strimzi.io/cluster': cluster, 'strimzi.io/kind': 'Kafka', 'strimzi.io/broker-role': 'true' }, ports.length ? ports : [9092], base);
      if (o.spec?.entityOperator) {
        this.createWorkload(ns, { kind: 'Deployment', name: `${cluster}-entity-operator`, replicas: 1, labels: { ...base, 'strimzi.io/name': `${cluster}-entity-operator` }, image: 'quay.io/strimzi/operator:0.48.0' });
      }
    } else if (kind === 'Tenant') {
      // The operator's services: S3 as `minio`, the console as `<tenant>-console`.
      const tl = { 'v1.min.io/tenant': name, 'backstage.io/kubernetes-id': name };
      this.createService(ns, 'minio', { 'v1.min.io/tenant': name }, [80], tl);
      this.createService(ns, `${name}-console`, { 'v1.min.io/tenant': name }, [9090], tl);
      for (const pool of o.spec?.pools ?? []) {
        const servers = Number(pool.servers ?? 4) || 4;
        this.createWorkload(ns, { kind: 'StatefulSet', name: `${name}-${pool.name}`, replicas: servers, labels: { 'v1.min.io/tenant': name, 'v1.min.io/pool': pool.name, 'v1.min.io/console': `${name}-console`, 'backstage.io/kubernetes-id': name }, image: o.spec?.image ?? 'quay.io/minio/minio:latest', port: 9000 });
      }
    } else if (kind === 'SparkApplication') {
      this.syncSparkPods(o, st);
    } else if (kind === 'ScheduledSparkApplication') {
      // The operator's last run: a SparkApplication from the template, owned by the schedule.
      const run = {
        apiVersion: 'sparkoperator.k8s.io/v1beta2',
        kind: 'SparkApplication',
        metadata: {
          name: scheduledRunName(o),
          namespace: ns,
          labels: { 'sparkoperator.k8s.io/scheduled-app-name': name },
          ownerReferences: [{ apiVersion: o.apiVersion, kind: 'ScheduledSparkApplication', name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: true }],
        },
        spec: structuredClone(o.spec?.template ?? {}),
      };
      const rt = findTypeByKind(run.apiVersion, 'SparkApplication')!;
      const rk = keyOf('SparkApplication', ns, run.metadata.name);
      if (!this.store.get(rt, ns, run.metadata.name)) {
        const rst: ObjState = { behaviour: 'completed', step: 0, frozen: false };
        this.state.set(rk, rst);
        const created = this.create({ ...run, status: this.computeStatus(rt, { ...run, metadata: { ...run.metadata, generation: 1 } }, rst, undefined) }).obj;
        this.syncSparkPods(created, rst);
      }
    } else if (kind === 'FlinkDeployment') {
      const labels = { app: name, type: 'flink-native-kubernetes', 'backstage.io/kubernetes-id': name };
      this.createWorkload(ns, { kind: 'Deployment', name, replicas: o.spec?.jobManager?.replicas ?? 1, labels: { ...labels, component: 'jobmanager' }, image: o.spec?.image ?? 'flink:1.20', port: 8081 });
      this.createPod(ns, `${name}-taskmanager-1-1`, { ...labels, component: 'taskmanager' }, o.spec?.image ?? 'flink:1.20', undefined, 'running');
    }
  }

  private syncSparkPods(o: any, st: ObjState) {
    const state = sparkState(st);
    const podType = findTypeByKind('v1', 'Pod')!;
    const ns = o.metadata.namespace;
    const driver = `${o.metadata.name}-driver`;
    const phases: Record<string, PodMode> = { COMPLETED: 'succeeded', FAILED: 'failed', FAILING: 'failed', SUBMITTED: 'pending' };
    const phase = phases[state] ?? 'running';
    const labels = { 'sparkoperator.k8s.io/app-name': o.metadata.name, 'sparkoperator.k8s.io/launched-by-spark-operator': 'true', 'spark-role': 'driver', 'spark-app-name': o.metadata.name, 'backstage.io/kubernetes-id': o.metadata.name };
    const existing = this.store.get(podType, ns, driver);
    const pod = podObject(ns, driver, labels, o.spec?.image ?? 'spark:3.5.5', undefined, phase as PodMode, this.startedAt);
    if (existing) this.store.update(podType, ns, driver, () => ({ ...existing.obj, status: pod.status }));
    else this.create(pod);
  }

  private createFluxControllers() {
    for (const c of ['source-controller', 'kustomize-controller', 'helm-controller', 'notification-controller']) {
      this.createWorkload('flux-system', { kind: 'Deployment', name: c, replicas: 1, labels: { app: c, 'app.kubernetes.io/part-of': 'flux', 'app.kubernetes.io/component': c, 'app.kubernetes.io/instance': 'flux-system', 'control-plane': 'controller', 'backstage.io/kubernetes-id': 'flux' }, image: `ghcr.io/fluxcd/${c}:v1.7.0`, port: 8080 });
    }
  }

  private createWorkload(ns: string, w: WorkloadSpec) {
    const t = findTypeByKind('apps/v1', w.kind)!;
    if (this.store.get(t, ns, w.name)) return;
    // The pod template carries the chart's pod labels only; the selector is
    // the chart's matchLabels (default: the pod labels without Helm's
    // bookkeeping labels, which charts leave out of selectors).
    const podLabels = w.podLabels ?? w.labels;
    const selector = w.selector ?? Object.fromEntries(Object.entries(podLabels).filter(([k]) => !k.startsWith('helm.sh/') && k !== 'app.kubernetes.io/managed-by' && k !== 'app.kubernetes.io/version'));
    const template = {
      metadata: { labels: podLabels },
      spec: { containers: [{ name: w.name.split('-').pop() ?? 'main', image: w.image, ...(w.port ? { ports: [{ containerPort: w.port, protocol: 'TCP' }] } : {}), resources: {} }] },
    };
    const obj: any = {
      apiVersion: 'apps/v1',
      kind: w.kind,
      metadata: { name: w.name, namespace: ns, labels: w.labels, annotations: w.kind === 'Deployment' ? { 'deployment.kubernetes.io/revision': '1' } : {} },
      spec: { replicas: w.replicas, selector: { matchLabels: selector }, template, ...(w.kind === 'StatefulSet' ? { serviceName: w.name, podManagementPolicy: 'OrderedReady' } : { strategy: { type: 'RollingUpdate' } }) },
    };
    obj.metadata.generation = 1;
    const st: ObjState = { behaviour: 'ready', step: 0, frozen: false };
    this.state.set(keyOf(w.kind, ns, w.name), st);
    obj.status = this.computeStatus(t, obj, st, undefined);
    const created = this.create(obj).obj;
    if (w.port) this.createService(ns, w.name, selector, [w.port], w.labels);
    if (w.kind === 'Deployment') {
      const hash = templateHash(w.name);
      const rsName = `${w.name}-${hash}`;
      // The Deployment controller labels a ReplicaSet with the pod template's labels.
      const rsLabels = { ...podLabels, 'pod-template-hash': hash };
      const rs: any = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: rsName, namespace: ns, labels: rsLabels, generation: 1, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: w.name, uid: created.metadata.uid, controller: true, blockOwnerDeletion: true }] },
        spec: { replicas: w.replicas, selector: { matchLabels: { ...selector, 'pod-template-hash': hash } }, template: { ...template, metadata: { labels: rsLabels } } },
      };
      rs.status = this.computeStatus(findTypeByKind('apps/v1', 'ReplicaSet')!, rs, st, undefined);
      const rsCreated = this.create(rs).obj;
      for (let i = 0; i < w.replicas; i++) {
        this.createPod(ns, `${rsName}-${podSuffix(`${ns}/${rsName}/${i}`)}`, rsLabels, w.image, { kind: 'ReplicaSet', name: rsName, uid: rsCreated.metadata.uid }, 'running', w.port);
      }
    } else {
      const rev = `${w.name}-${templateHash(w.name)}`;
      for (let i = 0; i < w.replicas; i++) {
        this.createPod(ns, `${w.name}-${i}`, { ...podLabels, 'controller-revision-hash': rev, 'apps.kubernetes.io/pod-index': String(i), 'statefulset.kubernetes.io/pod-name': `${w.name}-${i}` }, w.image, { kind: 'StatefulSet', name: w.name, uid: created.metadata.uid }, 'running', w.port);
      }
    }
  }

  private createService(ns: string, name: string, selector: Record<string, string>, ports: number[], labels: Record<string, string>) {
    const t = findTypeByKind('v1', 'Service')!;
    if (this.store.get(t, ns, name)) return;
    const ip = `10.96.${parseInt(hexOf(`${ns}/${name}`, 2), 16) % 250}.${(parseInt(hexOf(`${name}/${ns}`, 2), 16) % 250) + 2}`;
    this.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns, labels },
      spec: {
        type: 'ClusterIP',
        clusterIP: ip,
        clusterIPs: [ip],
        selector,
        ports: ports.map(p => ({ name: `tcp-${p}`, port: p, targetPort: p, protocol: 'TCP' })),
        sessionAffinity: 'None',
      },
      status: { loadBalancer: {} },
    });
  }

  private createPod(ns: string, name: string, labels: Record<string, string>, image: string, owner: { kind: string; name: string; uid: string } | undefined, mode: PodMode, port?: number) {
    const pod = podObject(ns, name, labels, image, owner, mode, this.startedAt, port);
    const created = this.create(pod).obj;
    this.event(created, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${name} to ${NODE}`, 'default-scheduler');
    if (mode === 'crashloop') {
      this.event(created, 'Warning', 'BackOff', `Back-off restarting failed container kafka in pod ${name}_${ns}(${created.metadata.uid})`, 'kubelet', 14);
    } else {
      this.event(created, 'Normal', 'Started', `Started container ${pod.spec.containers[0].name}`, 'kubelet');
    }
  }

  /**
   * helm-controller's drift correction of a HelmRelease (drift detection
   * mode `enabled`): the Event it records, with its reason and message shape
   * — `DriftCorrected` "Cluster state of release <ns>/<release>.v<N> has been
   * corrected:" and one line per object, or `DriftCorrectionFailed` "Failed
   * to correct cluster state of release …:" and the error. Repeats bump the
   * Event's count, as client-go's correlator does. Undefined when there is no
   * such HelmRelease.
   */
  helmDrift(input: HelmDriftInput): any {
    const t = findTypeByKind('helm.toolkit.fluxcd.io/v2', 'HelmRelease');
    const cur = t && this.store.get(t, input.namespace, input.name);
    if (!cur) return undefined;
    const o = cur.obj;
    const latest = o.status?.history?.[0];
    const releaseNs = latest?.namespace ?? o.spec?.targetNamespace ?? o.metadata.namespace;
    const release = `${releaseNs}/${latest?.name ?? o.spec?.releaseName ?? o.metadata.name}.v${latest?.version ?? 1}`;
    const objects = input.objects ?? [`Deployment/${releaseNs}/${o.spec?.releaseName ?? o.metadata.name}`];
    const reason = input.outcome === 'corrected' ? 'DriftCorrected' : 'DriftCorrectionFailed';
    const message =
      input.outcome === 'corrected'
        ? `Cluster state of release ${release} has been corrected:\n${objects.map(x => `${x} configured`).join('\n')}`
        : `Failed to correct cluster state of release ${release}:\n${input.error ?? `${objects[0]} dry-run failed: the server rejected the change (simulated)`}`;
    this.event(o, input.outcome === 'corrected' ? 'Normal' : 'Warning', reason, message, 'helm-controller', 1, {
      'helm.toolkit.fluxcd.io/revision': latest?.chartVersion ?? '',
    });
    const evType = findTypeByKind('v1', 'Event')!;
    const name = this.eventKeys.get(`${o.metadata.uid}/${input.outcome === 'corrected' ? 'Normal' : 'Warning'}/${reason}/${message}`);
    return name ? this.store.get(evType, o.metadata.namespace, name)?.obj : undefined;
  }

  private emitFluxEvent(_t: ResourceType, o: any, st: ObjState) {
    const s = o.status ?? {};
    const ready = (s.conditions ?? []).find((c: any) => c.type === 'Ready');
    const component: Record<string, string> = {
      GitRepository: 'source-controller', HelmRepository: 'source-controller', HelmChart: 'source-controller', OCIRepository: 'source-controller', Bucket: 'source-controller',
      Kustomization: 'kustomize-controller', HelmRelease: 'helm-controller',
    };
    if (!component[o.kind] || !ready) return;
    const ok = ready.status === 'True';
    let reason = ready.reason;
    let message = ready.message;
    if (o.kind === 'GitRepository' && ok) {
      reason = 'NewArtifact';
      message = `stored artifact for commit '${this.source?.subject ?? 'Merge pull request #42 from mlops-platform/update'}'`;
    } else if (o.kind === 'Kustomization' && ok) {
      message = `Reconciliation finished in 1.62s, next run in ${o.spec?.interval ?? '10m0s'}`;
    }
    this.event(o, ok ? 'Normal' : 'Warning', reason, message, component[o.kind], ok ? 1 : Math.max(1, st.step + 1), { 'event.toolkit.fluxcd.io/revision': s.lastAttemptedRevision ?? s.artifact?.revision ?? '' });
  }

  private event(obj: any, type: 'Normal' | 'Warning', reason: string, message: string, component: string, count = 1, annotations?: Record<string, string>) {
    const now = this.starting ? this.startedAt : kubeTime();
    const ns = obj.metadata.namespace ?? 'default';
    // Like client-go's event correlator: a repeat of the same event on the
    // same object bumps count and lastTimestamp instead of adding an Event.
    const evType = findTypeByKind('v1', 'Event')!;
    const same = this.eventKeys.get(`${obj.metadata.uid}/${type}/${reason}/${message}`);
    if (same && this.store.get(evType, ns, same)) {
      this.store.update(evType, ns, same, e => ({ ...e, count: (e.count ?? 1) + 1, lastTimestamp: now }));
      return;
    }
    const evName = `${obj.metadata.name}.${hexOf(`${obj.metadata.uid}/${reason}/${this.store.currentRv()}`, 16)}`;
    const apiVersion = obj.apiVersion ?? apiVersionOf(findTypeByKind(obj.apiVersion, obj.kind)!);
    this.eventKeys.set(`${obj.metadata.uid}/${type}/${reason}/${message}`, evName);
    this.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: evName, namespace: ns, ...(annotations ? { annotations } : {}) },
      involvedObject: { kind: obj.kind, namespace: ns, name: obj.metadata.name, uid: obj.metadata.uid, apiVersion, resourceVersion: obj.metadata.resourceVersion },
      reason,
      message,
      source: { component, ...(component === 'kubelet' ? { host: NODE } : {}) },
      firstTimestamp: count > 1 ? this.startedAt : now,
      lastTimestamp: now,
      count,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: component === 'kubelet' ? NODE : `${component}-7d9c8b6f5d-x2k4p`,
    });
  }
}

type PodMode = 'running' | 'pending' | 'succeeded' | 'failed' | 'crashloop';

function podObject(ns: string, name: string, labels: Record<string, string>, image: string, owner: { kind: string; name: string; uid: string } | undefined, mode: PodMode, startedAt: string, port?: number): any {
  let container = labels.component ?? labels['app.kubernetes.io/component'] ?? labels['app.kubernetes.io/name'] ?? 'main';
  if (labels['strimzi.io/pool-name']) container = 'kafka';
  if (name.endsWith('-driver')) container = 'spark-kubernetes-driver';
  const ip = `10.244.${parseInt(hexOf(name, 2), 16) % 250}.${parseInt(hexOf(`${name}x`, 2), 16) % 250 + 2}`;
  const running = mode === 'running';
  const ready = running;
  const states: Record<PodMode, object> = {
    running: { running: { startedAt } },
    pending: { waiting: { reason: 'ContainerCreating' } },
    succeeded: { terminated: { exitCode: 0, reason: 'Completed', startedAt, finishedAt: kubeTime() } },
    failed: { terminated: { exitCode: 1, reason: 'Error', startedAt, finishedAt: kubeTime() } },
    crashloop: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${container} pod=${name}_${ns}` } },
  };
  const state = states[mode];
  const phases: Record<PodMode, string> = { running: 'Running', crashloop: 'Running', pending: 'Pending', succeeded: 'Succeeded', failed: 'Failed' };
  const phase = phases[mode];
  const cond = (type: string, status: boolean) => ({ type, status: status ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: startedAt, ...(status ? {} : { reason: type === 'Ready' || type === 'ContainersReady' ? 'ContainersNotReady' : 'PodCompleted' }) });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      labels,
      creationTimestamp: startedAt,
      ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, uid: owner.uid, controller: true, blockOwnerDeletion: true }] } : {}),
    },
    spec: {
      containers: [{ name: container, image, imagePullPolicy: 'IfNotPresent', ...(port ? { ports: [{ containerPort: port, protocol: 'TCP' }] } : {}), resources: {} }],
      nodeName: NODE,
      restartPolicy: mode === 'succeeded' || mode === 'failed' ? 'Never' : 'Always',
      serviceAccountName: 'default',
      schedulerName: 'default-scheduler',
    },
    status: {
      phase,
      conditions: [cond('PodReadyToStartContainers', mode !== 'pending'), cond('Initialized', true), cond('Ready', ready), cond('ContainersReady', ready), cond('PodScheduled', true)],
      hostIP: '172.18.0.2',
      hostIPs: [{ ip: '172.18.0.2' }],
      podIP: ip,
      podIPs: [{ ip }],
      startTime: startedAt,
      qosClass: 'BestEffort',
      containerStatuses: [{
        name: container,
        image,
        imageID: `${image.split(':')[0]}@sha256:${hexOf(image, 64)}`,
        containerID: `containerd://${hexOf(`${ns}/${name}`, 64)}`,
        ready,
        started: running,
        restartCount: mode === 'crashloop' ? 14 : 0,
        state,
        ...(mode === 'crashloop' ? { lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt, finishedAt: startedAt } } } : {}),
      }],
    },
  };
}

function retriesOf(hr: any): number {
  const r = hr.spec?.upgrade?.remediation?.retries;
  return typeof r === 'number' && r >= 0 ? r : 3;
}

function carryHandled(status: any): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['lastHandledReconcileAt', 'lastHandledForceAt', 'lastHandledResetAt']) {
    if (status?.[k] !== undefined) out[k] = status[k];
  }
  return out;
}

function defaultExpectation(kind: string, behaviour: Behaviour): string {
  if (kind === 'KafkaNodePool') return 'Unknown';
  if (behaviour === 'suspended') return 'Suspended';
  return 'Ready';
}

/** The name the Spark operator gives a scheduled run: `<schedule>-<unix seconds>`. */
function scheduledRunName(o: any): string {
  // Today's 03:00 UTC-ish run, stable for the life of the simulator.
  return `${o.metadata.name}-${Math.floor(Date.now() / 86400_000) * 86400 + 3 * 3600}`;
}

function sparkState(st: ObjState): string {
  if (st.behaviour === 'fails') return 'FAILED';
  if (st.behaviour === 'completed') return 'COMPLETED';
  return SPARK_OK[Math.min(st.step, SPARK_OK.length - 1)];
}

/** `strimzi.io/pause-reconciliation: "true"`: the operator writes ReconciliationPaused. */
function strimziPaused(o: any): boolean {
  return o?.metadata?.annotations?.['strimzi.io/pause-reconciliation'] === 'true';
}

function kafkaStatus(o: any, st: ObjState, prev: any, now: string, gen: number, pools: any[], brokerPods: string[]) {
  const ns = o.metadata.namespace;
  const name = o.metadata.name;
  const clusterId = hexOf(`kafka/${ns}/${name}`, 22);
  const firstBrokerPod = brokerPods[0] ?? `${name}-kafka-0`;
  const listeners = (o.spec?.kafka?.listeners ?? []).map((l: any) => {
    const host = `${name}-kafka-bootstrap.${ns}.svc`;
    return {
      name: l.name,
      addresses: [{ host, port: l.port }],
      bootstrapServers: `${host}:${l.port}`,
      ...(l.tls ? { certificates: [`-----BEGIN CERTIFICATE-----\nMIIF${hexOf(`ca/${name}`, 60)}\n-----END CERTIFICATE-----\n`] } : {}),
    };
  });
  const since = prev?.conditions?.[0]?.lastTransitionTime ?? now;
  let conditions: object[] = [{ type: 'Ready', status: 'True', lastTransitionTime: since }];
  if (st.behaviour === 'not-ready') {
    // Strimzi writes the failure as NotReady True, reason = the exception's class name.
    conditions = [{ type: 'NotReady', status: 'True', reason: st.reason ?? 'TimeoutException', message: st.message ?? `Exceeded timeout of 300000ms while waiting for Pods resource ${firstBrokerPod} in namespace ${ns} to be ready`, lastTransitionTime: since }];
  }
  if (strimziPaused(o)) {
    conditions = [{ type: 'ReconciliationPaused', status: 'True', reason: 'ReconciliationPaused', message: 'Reconciliation paused', lastTransitionTime: since }];
  }
  return {
    observedGeneration: gen,
    conditions,
    listeners,
    kafkaVersion: o.spec?.kafka?.version ?? '4.0.0',
    kafkaMetadataVersion: o.spec?.kafka?.metadataVersion ?? '4.0-IV3',
    kafkaMetadataState: 'KRaft',
    operatorLastSuccessfulVersion: '0.48.0',
    clusterId,
    kafkaNodePools: pools.map(p => ({ name: p.metadata.name })).sort((a, b) => a.name.localeCompare(b.name)),
    registeredNodeIds: Array.from({ length: pools.reduce((n, p) => n + (Number(p.spec?.replicas) || 1), 0) }, (_, i) => i),
  };
}

function nodePoolStatus(o: any, gen: number, nodeIds: number[]) {
  const cluster = o.metadata.labels?.['strimzi.io/cluster'];
  return {
    observedGeneration: gen,
    conditions: [],
    nodeIds,
    clusterId: hexOf(`kafka/${o.metadata.namespace}/${cluster}`, 22),
    roles: o.spec?.roles ?? [],
    replicas: nodeIds.length,
    labelSelector: `strimzi.io/cluster=${cluster},strimzi.io/name=${cluster}-kafka,strimzi.io/kind=Kafka,strimzi.io/pool-name=${o.metadata.name}`,
  };
}

function tenantStatus(o: any, st: ObjState, now: string) {
  const pools = (o.spec?.pools ?? []) as any[];
  const servers = pools.reduce((n, p) => n + (Number(p.servers) || 4), 0) || 4;
  const drives = pools.reduce((n, p) => n + (Number(p.servers) || 4) * (Number(p.volumesPerServer) || 1), 0) || 4;
  const perDrive = 100 * 1024 ** 3;
  const degraded = st.behaviour === 'degraded';
  const offline = degraded ? 1 : 0;
  return {
    currentState: 'Initialized',
    availableReplicas: servers,
    revision: 0,
    syncVersion: 'v6.0.0',
    healthStatus: degraded ? 'yellow' : 'green',
    ...(degraded ? { healthMessage: st.message ?? 'Reduced Availability' } : {}),
    drivesOnline: drives - offline,
    drivesOffline: offline,
    drivesHealing: 0,
    writeQuorum: Math.floor(drives / 2) + 1,
    usage: { capacity: Math.floor(drives * perDrive / 2), rawCapacity: drives * perDrive, usage: 42 * 1024 ** 3, rawUsage: 84 * 1024 ** 3 },
    pools: pools.map(p => ({ ssName: `${o.metadata.name}-${p.name}`, state: 'PoolInitialized', legacySecurityContext: false })),
    provisionedBuckets: (o.spec?.buckets ?? []).length > 0,
    provisionedUsers: true,
    waitingOnReady: null,
    healthCheckedAt: now,
  };
}

function executorStateFor(appState: string): string {
  if (appState === 'RUNNING' || appState === 'COMPLETED') return appState;
  return 'FAILED';
}

function sparkStatus(o: any, st: ObjState, prev: any, now: string) {
  const state = sparkState(st);
  const name = o.metadata.name;
  const terminal = state === 'COMPLETED' || state === 'FAILED';
  const executors = Number(o.spec?.executor?.instances ?? 1) || 1;
  const execState = state === 'SUBMITTED' ? undefined : Object.fromEntries(Array.from({ length: executors }, (_, i) => [`${name}-${hexOf(name, 8)}-exec-${i + 1}`, executorStateFor(state)]));
  return {
    applicationState: {
      state,
      ...(state === 'FAILED' ? { errorMessage: st.message ?? 'driver container failed with ExitCode: 1, Reason: Error' } : {}),
    },
    sparkApplicationId: `spark-${hexOf(`app/${name}`, 32)}`,
    submissionID: hexOf(`sub/${name}`, 32).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
    lastSubmissionAttemptTime: prev?.lastSubmissionAttemptTime ?? now,
    ...(terminal ? { terminationTime: prev?.terminationTime ?? now } : {}),
    driverInfo: {
      podName: `${name}-driver`,
      webUIServiceName: `${name}-ui-svc`,
      webUIPort: 4040,
      webUIAddress: `10.96.${parseInt(hexOf(name, 2), 16) % 250}.17:4040`,
    },
    ...(execState ? { executorState: execState } : {}),
    executionAttempts: state === 'FAILED' ? 3 : 1,
    submissionAttempts: 1,
  };
}

function flinkStatus(o: any, now: string, gen: number) {
  const name = o.metadata.name;
  return {
    lifecycleState: 'STABLE',
    jobManagerDeploymentStatus: 'READY',
    jobStatus: {
      jobName: o.spec?.job?.entryClass?.split('.').pop() ?? name,
      jobId: hexOf(`job/${name}`, 32),
      state: 'RUNNING',
      startTime: String(Date.now() - 3600_000),
      updateTime: String(Date.now()),
      checkpointInfo: { lastPeriodicCheckpointTimestamp: Date.now() - 60_000 },
    },
    reconciliationStatus: {
      state: 'DEPLOYED',
      reconciliationTimestamp: Date.now() - 3600_000,
      lastReconciledSpec: JSON.stringify({ spec: o.spec, resource_metadata: { apiVersion: 'flink.apache.org/v1beta1', metadata: { generation: gen } } }),
      lastStableSpec: JSON.stringify({ spec: o.spec, resource_metadata: { apiVersion: 'flink.apache.org/v1beta1', metadata: { generation: gen } } }),
    },
    clusterInfo: { 'flink-version': String(o.spec?.flinkVersion ?? 'v1_20').replace('v', '').replace('_', '.'), 'flink-revision': `${hexOf(name, 7)} @ ${now}`, 'total-cpu': '2.0', 'total-memory': '4294967296' },
    observedGeneration: gen,
    conditions: [{ type: 'Running', status: 'True', reason: 'JobStatus', message: 'Job status RUNNING', lastTransitionTime: now, observedGeneration: gen }],
  };
}

/** A minimal object for a scenario entry missing from the GitOps dir. */
function minimalObject(s: ScenarioObject): any {
  const versions: Record<string, string> = {
    HelmRelease: 'helm.toolkit.fluxcd.io/v2',
    Kustomization: 'kustomize.toolkit.fluxcd.io/v1',
    GitRepository: 'source.toolkit.fluxcd.io/v1',
    Kafka: 'kafka.strimzi.io/v1beta2',
    Tenant: 'minio.min.io/v2',
    SparkApplication: 'sparkoperator.k8s.io/v1beta2',
    FlinkDeployment: 'flink.apache.org/v1beta1',
  };
  const spec: Record<string, any> = {
    HelmRelease: { interval: '30m', chart: { spec: { chart: s.name, version: '1.0.0', sourceRef: { kind: 'HelmRepository', name: s.name } } } },
    Kustomization: { interval: '10m', path: `./${s.name}`, prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
    Kafka: { kafka: { version: '4.0.0', listeners: [{ name: 'plain', port: 9092, type: 'internal', tls: false }] } },
    SparkApplication: { type: 'Python', mode: 'cluster', image: 'spark:3.5.5', sparkVersion: '3.5.5', executor: { instances: 2 } },
  };
  return {
    apiVersion: versions[s.kind] ?? 'v1',
    kind: s.kind,
    metadata: { name: s.name, namespace: s.namespace, labels: { 'kube-sim/scenario': 'true' } },
    spec: spec[s.kind] ?? {},
  };
}

/**
 * Generated objects for the fleet scenario: a mix shaped like a busy
 * platform cluster (HelmReleases, Kustomizations, KafkaTopics, ConfigMaps),
 * spread over namespaces of 200 objects.
 */
function generateFleet(count: number, cluster: string, kinds: FleetKind[]): AppliedObject[] {
  const out: AppliedObject[] = [];
  for (let i = 0; i < count; i++) {
    const ns = `fleet-${Math.floor(i / 200)}`;
    const kind = kinds[i % kinds.length];
    const name = `${kind.toLowerCase()}-${i}`;
    const labels = { 'kube-sim/fleet': 'true', 'mlops-portal.io/layer': 'processing', 'kube-sim/cluster': cluster };
    let obj: any;
    if (kind === 'HelmRelease') {
      obj = { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind, metadata: { name, namespace: ns, labels }, spec: { interval: '30m', chart: { spec: { chart: `app-${i % 17}`, version: `1.${i % 9}.0`, sourceRef: { kind: 'HelmRepository', name: 'fleet-charts', namespace: 'flux-system' } } } } };
    } else if (kind === 'Kustomization') {
      obj = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind, metadata: { name, namespace: ns, labels }, spec: { interval: '10m', path: `./apps/${name}`, prune: true, sourceRef: { kind: 'GitRepository', name: 'fleet', namespace: 'flux-system' } } };
    } else if (kind === 'HelmRepository') {
      obj = { apiVersion: 'source.toolkit.fluxcd.io/v1', kind, metadata: { name, namespace: ns, labels }, spec: { interval: '1h', url: `https://charts.example.invalid/${name}` } };
    } else if (kind === 'GitRepository') {
      obj = { apiVersion: 'source.toolkit.fluxcd.io/v1', kind, metadata: { name, namespace: ns, labels }, spec: { interval: '5m', url: `https://git.example.invalid/${name}.git`, ref: { branch: 'main' } } };
    } else if (kind === 'KafkaTopic') {
      obj = { apiVersion: 'kafka.strimzi.io/v1beta2', kind, metadata: { name, namespace: ns, labels: { ...labels, 'strimzi.io/cluster': 'fleet-kafka' } }, spec: { partitions: 3, replicas: 3 } };
    } else {
      obj = { apiVersion: 'v1', kind, metadata: { name, namespace: ns, labels }, data: { index: String(i), payload: 'x'.repeat(200) } };
    }
    out.push({ obj, file: 'fleet' });
  }
  return out;
}
