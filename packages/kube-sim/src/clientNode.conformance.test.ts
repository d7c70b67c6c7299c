import path from 'node:path';
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObject,
  PatchStrategy,
  V1Pod,
  makeInformer,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { KubeSim, startKubeSim } from './index';

/*
 * Conformance of the simulator against the real @kubernetes/client-node
 * 1.4.0: the same calls the portal's backend makes against a real cluster.
 */

const FIXTURE = path.join(__dirname, '__fixtures__', 'gitops');

function kubeConfig(yaml: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(yaml);
  return kc;
}

/** Resolves when `predicate` holds, checking on every informer callback; rejects after `ms`. */
function waitFor(check: () => boolean, subscribe: (cb: () => void) => void, ms = 10_000, what = 'condition'): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) {
      resolve();
      return;
    }
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    subscribe(() => {
      if (check()) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

describe('client-node conformance', () => {
  let sim: KubeSim;
  let kc: KubeConfig;
  let core: CoreV1Api;
  let custom: CustomObjectsApi;

  beforeAll(async () => {
    sim = await startKubeSim({ gitopsDir: FIXTURE, scenario: 'healthy', reconcileDelayMs: 20, stepMs: 0 });
    kc = kubeConfig(sim.kubeconfig);
    core = kc.makeApiClient(CoreV1Api);
    custom = kc.makeApiClient(CustomObjectsApi);
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('lists Flux Kustomizations cluster-wide with the status the controller writes', async () => {
    const list: any = await custom.listClusterCustomObject({ group: 'kustomize.toolkit.fluxcd.io', version: 'v1', plural: 'kustomizations' });
    expect(list.kind).toBe('KustomizationList');
    expect(list.items.map((i: any) => i.metadata.name).sort()).toEqual(['apps', 'flux-system', 'infrastructure']);
    const infra = list.items.find((i: any) => i.metadata.name === 'infrastructure');
    expect(infra.status.conditions.find((c: any) => c.type === 'Ready')).toMatchObject({ status: 'True', reason: 'ReconciliationSucceeded', observedGeneration: 1 });
    expect(infra.status.lastAppliedRevision).toMatch(/^main@sha1:[0-9a-f]{40}$/);
    expect(infra.status.inventory.entries).toContainEqual({ id: 'data-plane_platform-kafka_kafka.strimzi.io_Kafka', v: 'v1beta2' });
    expect(Number(list.metadata.resourceVersion)).toBeGreaterThan(0);
  });

  it('lists pods by namespace with equality and set-based label selectors', async () => {
    const scheduler = await core.listNamespacedPod({ namespace: 'orchestration', labelSelector: 'tier=airflow,component in (scheduler,worker),release=airflow' });
    const components = scheduler.items.map(p => p.metadata!.labels!.component).sort();
    expect(components).toEqual(['scheduler', 'worker', 'worker']);
    for (const p of scheduler.items) {
      expect(p.metadata!.labels).toMatchObject({ tier: 'airflow', release: 'airflow' });
    }
    const none = await core.listNamespacedPod({ namespace: 'orchestration', labelSelector: 'tier notin (airflow)' });
    expect(none.items).toEqual([]);
  });

  it('puts helm-controller origin labels on top-level objects only, never on pod templates, ReplicaSets or pods', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const origin = 'helm.toolkit.fluxcd.io/name=airflow,helm.toolkit.fluxcd.io/namespace=orchestration';
    const deps = await apps.listNamespacedDeployment({ namespace: 'orchestration', labelSelector: origin });
    const scheduler = deps.items.find(d => d.metadata!.name === 'airflow-scheduler')!;
    expect(scheduler.metadata!.labels).toMatchObject({ tier: 'airflow', component: 'scheduler', release: 'airflow', 'app.kubernetes.io/managed-by': 'Helm' });
    // The Airflow chart's pod template carries tier/component/release only.
    expect(scheduler.spec!.template.metadata!.labels).toEqual({ tier: 'airflow', component: 'scheduler', release: 'airflow' });
    expect(scheduler.spec!.selector.matchLabels).toEqual({ tier: 'airflow', component: 'scheduler', release: 'airflow' });
    expect((await core.listNamespacedService({ namespace: 'orchestration', labelSelector: origin })).items.length).toBeGreaterThan(0);
    expect((await core.listNamespacedPod({ namespace: 'orchestration', labelSelector: origin })).items).toEqual([]);
    expect((await apps.listNamespacedReplicaSet({ namespace: 'orchestration', labelSelector: origin })).items).toEqual([]);
    const pods = (await core.listNamespacedPod({ namespace: 'orchestration', labelSelector: 'release=airflow' })).items;
    expect(pods.length).toBeGreaterThan(0);
    for (const p of pods) {
      expect(Object.keys(p.metadata!.labels!).filter(k => k.startsWith('helm.toolkit.fluxcd.io/') || k === 'backstage.io/kubernetes-id')).toEqual([]);
    }
  });

  it('paginates with limit and continue until every item is seen exactly once', async () => {
    const all = await core.listPodForAllNamespaces();
    const seen: string[] = [];
    let cont: string | undefined;
    let pages = 0;
    do {
      const page = await core.listPodForAllNamespaces({ limit: 4, _continue: cont });
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items.map(p => `${p.metadata!.namespace}/${p.metadata!.name}`));
      cont = page.metadata?._continue;
      // remainingItemCount is set exactly when there is a next page.
      expect(page.metadata?.remainingItemCount !== undefined).toBe(cont !== undefined);
      pages++;
    } while (cont);
    expect(pages).toBeGreaterThan(1);
    expect(seen).toEqual(all.items.map(p => `${p.metadata!.namespace}/${p.metadata!.name}`));
  });

  it('selects events by involvedObject fields', async () => {
    const events = await core.listNamespacedEvent({
      namespace: 'orchestration',
      fieldSelector: 'involvedObject.kind=HelmRelease,involvedObject.name=airflow,involvedObject.namespace=orchestration',
    });
    expect(events.items.length).toBeGreaterThan(0);
    expect(events.items[0]).toMatchObject({ type: 'Normal', reason: 'InstallSucceeded', source: { component: 'helm-controller' } });
    // The release's inventory names the workloads that really exist.
    const hr: any = await custom.getNamespacedCustomObject({ group: 'helm.toolkit.fluxcd.io', version: 'v2', namespace: 'orchestration', plural: 'helmreleases', name: 'airflow' });
    const deployments = hr.status.inventory.entries.filter((e: any) => e.id.endsWith('_apps_Deployment')).map((e: any) => e.id.split('_')[1]);
    const apps = kc.makeApiClient(AppsV1Api);
    const live = (await apps.listNamespacedDeployment({ namespace: 'orchestration', labelSelector: 'helm.toolkit.fluxcd.io/name=airflow' })).items.map(d => d.metadata!.name);
    expect(deployments.sort()).toEqual(live.sort());
  });

  it('gets one object and answers 404 with a NotFound Status for a missing one', async () => {
    const kafka: any = await custom.getNamespacedCustomObject({ group: 'kafka.strimzi.io', version: 'v1beta2', namespace: 'data-plane', plural: 'kafkas', name: 'platform-kafka' });
    expect(kafka.status.listeners.map((l: any) => l.bootstrapServers)).toEqual([
      'platform-kafka-kafka-bootstrap.data-plane.svc:9092',
      'platform-kafka-kafka-bootstrap.data-plane.svc:9093',
    ]);
    expect(kafka.status.conditions).toEqual([expect.objectContaining({ type: 'Ready', status: 'True' })]);
    const err = await custom
      .getNamespacedCustomObject({ group: 'kafka.strimzi.io', version: 'v1beta2', namespace: 'data-plane', plural: 'kafkas', name: 'nope' })
      .catch(e => e);
    expect(err).toBeInstanceOf(ApiException);
    expect(err.code).toBe(404);
    expect(JSON.parse(err.body)).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404, details: { name: 'nope', group: 'kafka.strimzi.io', kind: 'kafkas' } });
  });

  it('merge-patches a reconcile request and the controller handles it', async () => {
    const token = new Date().toISOString();
    const patched: any = await custom.patchNamespacedCustomObject(
      { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', namespace: 'flux-system', plural: 'kustomizations', name: 'apps', body: { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': token } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(patched.metadata.annotations['reconcile.fluxcd.io/requestedAt']).toBe(token);
    // A metadata-only change does not bump the generation.
    expect(patched.metadata.generation).toBe(1);
    let handled: any;
    for (let i = 0; i < 100 && handled?.status?.lastHandledReconcileAt !== token; i++) {
      await new Promise(r => setTimeout(r, 20));
      handled = await custom.getNamespacedCustomObject({ group: 'kustomize.toolkit.fluxcd.io', version: 'v1', namespace: 'flux-system', plural: 'kustomizations', name: 'apps' });
    }
    expect(handled.status.lastHandledReconcileAt).toBe(token);
    expect(handled.status.history[0].totalReconciliations).toBe(2);
  });

  it('JSON-patches spec.suspend: generation bumps, the controller stops, resume reconciles', async () => {
    const args = { group: 'helm.toolkit.fluxcd.io', version: 'v2', namespace: 'orchestration', plural: 'helmreleases', name: 'airflow' };
    const suspended: any = await custom.patchNamespacedCustomObject(
      { ...args, body: [{ op: 'add', path: '/spec/suspend', value: true }] },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    expect(suspended.spec.suspend).toBe(true);
    expect(suspended.metadata.generation).toBe(2);
    await custom.patchNamespacedCustomObject(
      { ...args, body: { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': 'while-suspended' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await new Promise(r => setTimeout(r, 100));
    const still: any = await custom.getNamespacedCustomObject(args);
    expect(still.status.lastHandledReconcileAt).toBeUndefined();
    expect(still.status.observedGeneration).toBe(1);

    // Custom resources refuse strategic merge patches, as on a real cluster.
    const smp = await custom
      .patchNamespacedCustomObject({ ...args, body: { spec: { suspend: false } } }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch))
      .catch(e => e);
    expect(smp.code).toBe(415);
    expect(JSON.parse(smp.body)).toMatchObject({ kind: 'Status', reason: 'UnsupportedMediaType', code: 415 });

    await custom.patchNamespacedCustomObject(
      { ...args, body: { spec: { suspend: false } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    let resumed: any;
    for (let i = 0; i < 100 && resumed?.status?.lastHandledReconcileAt !== 'while-suspended'; i++) {
      await new Promise(r => setTimeout(r, 20));
      resumed = await custom.getNamespacedCustomObject(args);
    }
    expect(resumed.status.lastHandledReconcileAt).toBe('while-suspended');
    expect(resumed.status.observedGeneration).toBe(3);
    expect(resumed.status.conditions.find((c: any) => c.type === 'Ready')).toMatchObject({ status: 'True', reason: 'UpgradeSucceeded' });
  });

  it('reconciles an object created through the API after start-up', async () => {
    const args = { group: 'helm.toolkit.fluxcd.io', version: 'v2', namespace: 'orchestration', plural: 'helmreleases' };
    await custom.createNamespacedCustomObject({
      ...args,
      body: { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'redis' }, spec: { interval: '30m', chart: { spec: { chart: 'redis', version: '21.2.5', sourceRef: { kind: 'HelmRepository', name: 'bitnami' } } } } },
    });
    let hr: any;
    for (let i = 0; i < 100 && !hr?.status; i++) {
      await new Promise(r => setTimeout(r, 20));
      hr = await custom.getNamespacedCustomObject({ ...args, name: 'redis' });
    }
    expect(hr.metadata.generation).toBe(1);
    expect(hr.status).toMatchObject({ observedGeneration: 1, lastAttemptedRevision: '21.2.5', history: [expect.objectContaining({ chartName: 'redis', chartVersion: '21.2.5', status: 'deployed' })] });
    expect(hr.status.conditions.find((c: any) => c.type === 'Ready')).toMatchObject({ status: 'True', reason: 'InstallSucceeded' });
    // ...and the chart's workload and pod appear, as Helm would install them.
    const pods = await core.listNamespacedPod({ namespace: 'orchestration', labelSelector: 'app.kubernetes.io/instance=redis,app.kubernetes.io/name=redis' });
    expect(pods.items.map(p => p.metadata!.name)).toEqual(['redis-master-0']);
  });

  it('strategic-merge-patches a built-in kind (Deployment spec.paused): generation bumps', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const before = await apps.readNamespacedDeployment({ namespace: 'orchestration', name: 'airflow-scheduler' });
    const paused = await apps.patchNamespacedDeployment(
      { namespace: 'orchestration', name: 'airflow-scheduler', body: { spec: { paused: true }, metadata: { annotations: { 'mlops-portal.io/suspended-by': 'user:default/jane' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(paused.spec?.paused).toBe(true);
    expect(paused.metadata?.generation).toBe((before.metadata?.generation ?? 0) + 1);
    expect(paused.spec?.template.spec?.containers).toEqual(before.spec?.template.spec?.containers);
  });

  it('refuses a patch from the read-only token with a Forbidden Status', async () => {
    const ro = kubeConfig(sim.readOnlyKubeconfig).makeApiClient(CustomObjectsApi);
    const err = await ro
      .patchNamespacedCustomObject(
        { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', namespace: 'flux-system', plural: 'kustomizations', name: 'apps', body: { spec: { suspend: true } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      )
      .catch(e => e);
    expect(err.code).toBe(403);
    expect(JSON.parse(err.body)).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
      details: { name: 'apps', group: 'kustomize.toolkit.fluxcd.io', kind: 'kustomizations' },
    });
    // Reading is still allowed.
    await expect(ro.getNamespacedCustomObject({ group: 'kustomize.toolkit.fluxcd.io', version: 'v1', namespace: 'flux-system', plural: 'kustomizations', name: 'apps' })).resolves.toBeDefined();
  });

  it('hides Secret data from tokens that may not read it', async () => {
    const created = await core.createNamespacedSecret({ namespace: 'orchestration', body: { metadata: { name: 'airflow-fernet-key' }, data: { key: Buffer.from('s3cret').toString('base64') } } });
    expect(created.data).toBeUndefined();
    const list = await core.listNamespacedSecret({ namespace: 'orchestration' });
    expect(list.items.map(s => s.metadata!.name)).toContain('airflow-fernet-key');
    // This token may read Helm's release storage (the Helm revision diff
    // needs it) and nothing else: every other Secret comes without data.
    const others = list.items.filter(s => s.type !== 'helm.sh/release.v1');
    expect(others.map(s => s.metadata!.name)).toContain('airflow-fernet-key');
    expect(others.every(s => s.data === undefined)).toBe(true);
    const helm = list.items.filter(s => s.type === 'helm.sh/release.v1');
    expect(helm.length).toBeGreaterThan(0);
    expect(helm.every(s => typeof s.data?.release === 'string')).toBe(true);
  });

  it('informer: lists, watches, resumes from its resourceVersion after a dropped watch, relists after 410 Gone', async () => {
    const listFn = () => core.listNamespacedPod({ namespace: 'orchestration' });
    const informer = makeInformer<V1Pod>(kc, '/api/v1/namespaces/orchestration/pods', listFn);
    const listeners: Array<() => void> = [];
    const notify = () => listeners.forEach(l => l());
    const adds: string[] = [];
    const updates: string[] = [];
    const errors: unknown[] = [];
    let connects = 0;
    informer.on('add', (o: KubernetesObject) => {
      adds.push(o.metadata!.name!);
      notify();
    });
    informer.on('update', (o: KubernetesObject) => {
      updates.push(o.metadata!.name!);
      notify();
    });
    informer.on('connect', () => {
      connects++;
      notify();
    });
    informer.on('error', e => {
      errors.push(e);
      notify();
    });
    const subscribe = (cb: () => void) => listeners.push(cb);
    await informer.start();
    try {
      const initial = informer.list().length;
      expect(initial).toBeGreaterThan(5);
      await waitFor(() => sim.clusters[0].server.watchCount() > 0, cb => {
        const t = setInterval(() => { cb(); }, 10);
        listeners.push(() => clearInterval(t));
      }, 5000, 'the watch to open');

      // A change arrives through the watch.
      const name = informer.list()[0].metadata!.name!;
      await core.patchNamespacedPod({ namespace: 'orchestration', name, body: { metadata: { labels: { touched: '1' } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
      await waitFor(() => informer.get(name, 'orchestration')?.metadata?.labels?.touched === '1', subscribe, 5000, 'the MODIFIED event');

      // Dropped connection: the informer re-watches from its resourceVersion (no relist, no duplicate adds).
      const addsBefore = adds.length;
      // ListWatch (what makeInformer returns) keeps the last resourceVersion it saw.
      const latestRv = () => (informer as unknown as { latestResourceVersion(): string }).latestResourceVersion();
      const rv = latestRv();
      sim.admin.dropWatches();
      await core.patchNamespacedPod({ namespace: 'orchestration', name, body: { metadata: { labels: { touched: '2' } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
      await waitFor(() => informer.get(name, 'orchestration')?.metadata?.labels?.touched === '2', subscribe, 5000, 'the change made while disconnected');
      expect(Number(latestRv())).toBeGreaterThan(Number(rv));
      expect(adds.length).toBe(addsBefore);

      // 410 Gone: history compacted and the watch dropped, so the resumed watch gets an
      // ERROR event with code 410 and the informer relists.
      const connectsBefore = connects;
      const listSpy = jest.fn(listFn);
      (informer as any).listFn = listSpy;
      sim.admin.setFaults({ compactNow: true, dropWatchesNow: true });
      await core.patchNamespacedPod({ namespace: 'orchestration', name, body: { metadata: { labels: { touched: '3' } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
      await waitFor(() => listSpy.mock.calls.length > 0 && informer.get(name, 'orchestration')?.metadata?.labels?.touched === '3', subscribe, 5000, 'the relist after 410');
      expect(connects).toBeGreaterThan(connectsBefore);
      expect(informer.list().length).toBe(initial);
      expect(errors).toEqual([]);
    } finally {
      await informer.stop();
      listeners.length = 0;
    }
  });
});
