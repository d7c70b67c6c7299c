import {
  coreServices,
  createServiceFactory,
  type BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startKubeSim, type KubeSim } from '@mlops-portal/kube-sim';
import {
  MLOPS_SIGNAL_CHANNEL,
  type EntityObjects,
  type PlatformOverview,
} from '@mlops-portal/plugin-mlops-common';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { eventually } from './__testUtils__/eventually';
import { startMlopsTestBackend } from './__testUtils__/startMlopsTestBackend';

/*
 * The plugin in a test backend, against the Kubernetes simulator
 * (packages/kube-sim) serving the reference gitops/ platform.
 */

const OWNER = 'user:default/owner';
const STRANGER = 'user:default/stranger';
/** What OWNER owns: the policy's IS_ENTITY_OWNER would say yes for these. */
const OWNED = ['component:default/strimzi-operator', 'system:default/orchestration'];

/** As the GitOps entity provider emits them: a source trusted to decide ownership. */
const FROM_PROVIDER = {
  'backstage.io/managed-by-location': 'mlops-provider:test',
  'backstage.io/managed-by-origin-location': 'mlops-provider:test',
};

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'orchestration',
      annotations: {
        ...FROM_PROVIDER,
        'mlops-portal.io/layer': 'orchestration',
        'mlops-portal.io/objects': 'Kustomization:flux-system/orchestration',
      },
    },
    spec: { owner: 'group:default/data-team', domain: 'mlops-platform' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'airflow',
      annotations: {
        ...FROM_PROVIDER,
        'mlops-portal.io/objects': 'HelmRelease:orchestration/airflow',
        'mlops-portal.io/label-selector': 'tier=airflow',
      },
    },
    spec: { type: 'service', owner: 'group:default/data-team', system: 'orchestration', lifecycle: 'production' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'strimzi-operator',
      annotations: {
        ...FROM_PROVIDER,
        'mlops-portal.io/objects': 'HelmRelease:platform-operators/strimzi-operator, HelmRepository:platform-operators/strimzi',
      },
    },
    spec: { type: 'platform-operator', owner: 'group:default/platform-team', system: 'platform-operators', lifecycle: 'production' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'mlops-kafka',
      annotations: { ...FROM_PROVIDER, 'mlops-portal.io/objects': 'Kafka:data-plane/mlops-kafka' },
    },
    spec: { type: 'kafka-cluster', owner: 'group:default/data-team', system: 'data-storage' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'observability', annotations: { ...FROM_PROVIDER, 'mlops-portal.io/layer': 'observability' } },
    spec: { owner: 'group:default/platform-team', domain: 'mlops-platform' },
  },
  {
    // As the catalog module emits it: a layer System with a selector, which
    // matches nothing on these clusters.
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'ml-lifecycle',
      annotations: {
        ...FROM_PROVIDER,
        'mlops-portal.io/layer': 'ml-lifecycle',
        'mlops-portal.io/label-selector': 'mlops-portal.io/layer=nothing-here',
      },
    },
    spec: { owner: 'group:default/ml-team', domain: 'mlops-platform' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'no-annotations' },
    spec: { type: 'service', owner: 'group:default/data-team', lifecycle: 'production' },
  },
];

/** Stands in for the app's policy: owners act on their entity, everyone reads. */
const ownerOnlyPermissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => ({
    async authorize(requests: any[], { credentials }: { credentials: BackstageCredentials }) {
      const user = (credentials.principal as any).userEntityRef;
      return requests.map(r => {
        if (r.permission.name === 'mlops.status.read') return { result: AuthorizeResult.ALLOW };
        return {
          result:
            user === OWNER && OWNED.includes(r.resourceRef)
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        };
      });
    },
    async authorizeConditional(requests: any[]) {
      return requests.map(r =>
        r.permission.name === 'mlops.status.read'
          ? { result: AuthorizeResult.ALLOW }
          : {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'catalog',
              resourceType: 'catalog-entity',
              conditions: { rule: 'IS_ENTITY_OWNER', resourceType: 'catalog-entity', params: { claims: [OWNER] } },
            },
      );
    },
  }),
});

/** A pass-through proxy whose discovery answer leaves out one API group. */
async function startDiscoveryFilter(target: string, ca: string | undefined, hiddenGroup: string) {
  const server = http.createServer((req, res) => {
    const upstream = (target.startsWith('https:') ? https : http).request(
      `${target}${req.url}`,
      { method: req.method, headers: { ...req.headers, host: new URL(target).host }, ca },
      up => {
        if (req.url === '/apis') {
          let body = '';
          up.on('data', c => (body += c));
          up.on('end', () => {
            const list = JSON.parse(body);
            list.groups = list.groups.filter((g: any) => g.name !== hiddenGroup);
            res.writeHead(up.statusCode ?? 200, { 'content-type': 'application/json' });
            res.end(JSON.stringify(list));
          });
          return;
        }
        res.writeHead(up.statusCode ?? 200, up.headers);
        // Stream at once, as kube-apiserver and kubectl proxy do: a watch's
        // headers must not wait for its first event (the portal gives them
        // mlops.watch.requestTimeoutMs).
        res.flushHeaders();
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>(r => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('mlops backend plugin against kube-sim', () => {
  let sim: KubeSim;
  let server: any;
  let stopBackend: () => Promise<void>;
  let proxy: { url: string; stop(): Promise<void> };
  const auditor = mockServices.auditor.mock();
  const auditEvent = { success: jest.fn(), fail: jest.fn() };
  const publish = jest.fn(async () => {});
  const actionsRegistry = actionsRegistryServiceMock();

  beforeAll(async () => {
    sim = await startKubeSim({
      scenario: 'degraded',
      clusters: ['sim-a', 'sim-b'],
      reconcileDelayMs: 20,
      stepMs: 0,
    });
    sim.admin.settle();
    // sim-b is reached through a proxy that hides the Strimzi CRDs from
    // discovery, as on a cluster where they are not installed.
    proxy = await startDiscoveryFilter(sim.clusters[1].url, sim.clusters[1].caCert, 'kafka.strimzi.io');
    auditor.createEvent.mockResolvedValue(auditEvent as any);
    const backend = await startMlopsTestBackend({
      clusters: [
        ...sim.clusters.map((c, i) => ({
          name: c.name,
          url: i === 1 ? proxy.url : c.url,
          authProvider: 'serviceAccount',
          serviceAccountToken: c.token,
          // sim-a over HTTPS with the simulator's CA; sim-b through the plain-http proxy.
          ...(i === 0 && c.caData ? { caData: c.caData } : {}),
          mlops: { simulated: true },
        })),
        // Nothing listens here: unreachable, side by side with the others.
        { name: 'down', url: 'http://127.0.0.1:9', authProvider: 'serviceAccount', serviceAccountToken: 'down-token' },
        { name: 'per-user', url: 'https://k8s.invalid', authProvider: 'oidc', oidcTokenProvider: 'okta' },
      ],
      mlops: {
        watch: { initialBackoffMs: 20, maxBackoffMs: 200, changeBatchMs: 20 },
        actions: { reconcileWaitMs: 5000 },
      },
      entities,
      permissions: ownerOnlyPermissions,
      publish,
      actionsRegistry,
      features: [auditor.factory],
    });
    server = backend.server;
    stopBackend = backend.stop;
    // Wait for the watches and the entity index.
    await eventually(async () => {
      const res = await request(server).get('/api/mlops/clusters');
      const byName = JSON.stringify(Object.fromEntries(res.body.clusters.map((c: any) => [c.name, c.connection])));
      const want = JSON.stringify({ 'sim-a': 'connected', 'sim-b': 'connected', down: 'unreachable', 'per-user': 'not-watchable' });
      if (byName !== want) throw new Error(`clusters not ready: ${byName}`);
    });
    await eventually(async () => {
      const res = await request(server).get('/api/mlops/entities/component/default/airflow/objects');
      if (!res.body.objects?.length) throw new Error('entity index not loaded yet');
    });
  }, 60000);

  afterAll(async () => {
    await stopBackend?.();
    await proxy?.stop();
    await sim?.stop();
  });

  const asUser = (ref: string) => mockCredentials.user.header(ref);

  it("reports every scenario object's status as the simulator expects", async () => {
    const kinds = ['Kustomization', 'HelmRelease', 'Kafka', 'SparkApplication', 'Tenant', 'GitRepository', 'HelmRepository'];
    const expected = sim.expectations(kinds).filter(e => e.cluster === 'sim-a');
    expect(expected.length).toBeGreaterThan(10);
    for (const e of expected) {
      const res = await request(server)
        .get(`/api/mlops/objects/sim-a/${e.kind}/${e.namespace || '_'}/${e.name}`)
        .set('authorization', asUser(OWNER));
      expect(res.status).toBe(200);
      expect(`${e.kind} ${e.namespace}/${e.name}: ${res.body.status.status}`).toBe(
        `${e.kind} ${e.namespace}/${e.name}: ${e.settled}`,
      );
    }
  });

  it('serves the overview per layer with each cluster side by side, never a 500', async () => {
    const res = await request(server).get('/api/mlops/overview').set('authorization', asUser(STRANGER));
    expect(res.status).toBe(200);
    const overview = res.body as PlatformOverview;
    const orchestration = overview.layers.find(l => l.id === 'orchestration')!;
    expect(orchestration.status).toBe('Failed');
    expect(orchestration.entities.map(e => e.entityRef).sort()).toEqual(['component:default/airflow', 'system:default/orchestration']);
    // A layer System with only the layer annotation is not a row of its own;
    // the layer's objects (none attached to entities here) make its status.
    const observability = overview.layers.find(l => l.id === 'observability')!;
    expect(observability.entities).toEqual([]);
    expect(observability.systemRef).toBe('system:default/observability');
    expect(observability.status).toBe('Ready');
    expect(observability.counts.Ready).toBeGreaterThan(0);
    // Nor is one whose selector finds nothing; it does not make the layer Unknown.
    const mlLifecycle = overview.layers.find(l => l.id === 'ml-lifecycle')!;
    expect(mlLifecycle.entities.map(e => e.entityRef)).not.toContain('system:default/ml-lifecycle');
    expect(mlLifecycle.status).not.toBe('Unknown');
    expect(overview.clusters.find(c => c.name === 'down')).toMatchObject({ connection: 'unreachable', lastError: expect.stringContaining('discovery') });
    expect(overview.clusters.find(c => c.name === 'per-user')).toMatchObject({ connection: 'not-watchable', lastError: expect.stringContaining('signed-in user') });
    expect(overview.settings.map(s => s.cluster).sort()).toEqual(['sim-a', 'sim-b']);
    // Tokens never appear in answers.
    const body = JSON.stringify(overview);
    for (const c of sim.clusters) expect(body).not.toContain(c.token);
    expect(body).not.toContain('down-token');
    const one = await request(server).get('/api/mlops/overview?cluster=sim-b');
    expect(one.status).toBe(200);
    expect(one.body.clusters.map((c: any) => c.name)).toEqual(['sim-b']);
  });

  it("shows an entity's objects per cluster with the unreachable cluster's error", async () => {
    const res = await request(server).get('/api/mlops/entities/component/default/airflow/objects');
    expect(res.status).toBe(200);
    const body = res.body as EntityObjects;
    expect(body.status).toBe('Failed');
    const hr = body.objects.filter(o => o.kind === 'HelmRelease');
    expect(hr.map(o => o.cluster).sort()).toEqual(['sim-a', 'sim-b']);
    // The label selector found Airflow's workloads too.
    expect(body.objects.some(o => o.kind === 'Deployment')).toBe(true);
    expect(body.errors.map(e => e.cluster).sort()).toEqual(['down', 'per-user']);
    const none = await request(server).get('/api/mlops/entities/component/default/no-annotations/objects');
    expect(none.status).toBe(200);
    expect(none.body.notes[0]).toContain('no MLOps annotations');
    const missing = await request(server).get('/api/mlops/entities/component/default/nope/objects');
    expect(missing.status).toBe(404);
  });

  it('answers object details with inventory, dependsOn both ways and events', async () => {
    const res = await request(server).get('/api/mlops/objects/sim-a/Kustomization/flux-system/orchestration');
    expect(res.status).toBe(200);
    expect(res.body.dependsOn.map((d: any) => d.name)).toContain('data-storage');
    expect(res.body.dependedOnBy.map((d: any) => d.name)).toContain('processing');
    expect(res.body.inventory.length).toBeGreaterThan(0);
    expect(res.body.entityRef).toBe('system:default/orchestration');
    const ev = await request(server).get('/api/mlops/objects/sim-a/HelmRelease/orchestration/airflow/events');
    expect(ev.status).toBe(200);
    expect(Array.isArray(ev.body.events)).toBe(true);
    expect(Array.isArray(ev.body.sourceEvents)).toBe(true);
  });

  it('reports a CRD missing on one cluster as not installed there', async () => {
    const res = await request(server).get('/api/mlops/clusters');
    const kafka = (name: string) =>
      res.body.clusters.find((c: any) => c.name === name).kinds.find((k: any) => k.kind === 'Kafka');
    expect(kafka('sim-a').state).toBe('watching');
    expect(kafka('sim-b').state).toBe('not-installed');
  });

  it('reconciles a HelmRelease with its source: requested → handled → new status, audited', async () => {
    auditor.createEvent.mockClear();
    const res = await request(server)
      .post('/api/mlops/objects/sim-a/HelmRelease/platform-operators/strimzi-operator/reconcile')
      .set('authorization', asUser(OWNER))
      .send({ withSource: true, force: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ action: 'reconcile', outcome: 'handled' });
    expect(res.body.object.lastHandledReconcileAt).toBe(res.body.requestedAt);
    // The source was reconciled first, and Flux handled that too.
    const source = await request(server).get('/api/mlops/objects/sim-a/HelmRepository/platform-operators/strimzi');
    expect(source.body.lastHandledReconcileAt <= res.body.requestedAt).toBe(true);
    expect(source.body.lastHandledReconcileAt).toBeDefined();
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'flux-reconcile', meta: expect.objectContaining({ actor: OWNER, cluster: 'sim-a', name: 'strimzi-operator', withSource: true }) }),
    );
    expect(auditEvent.success).toHaveBeenCalled();
  });

  it('reconciles a Kustomization with its source: requested → handled → new status', async () => {
    const res = await request(server)
      .post('/api/mlops/objects/sim-a/Kustomization/flux-system/orchestration/reconcile')
      .set('authorization', asUser(OWNER))
      .send({ withSource: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ action: 'reconcile', outcome: 'handled' });
    expect(res.body.object.lastHandledReconcileAt).toBe(res.body.requestedAt);
    // The scenario's health check still fails after the reconcile: the new status says so.
    expect(res.body.object.status.status).toBe('Failed');
    const git = await request(server).get('/api/mlops/objects/sim-a/GitRepository/flux-system/mlops-infrastructure');
    expect(git.body.lastHandledReconcileAt).toBeDefined();
    expect(git.body.lastHandledReconcileAt <= res.body.requestedAt).toBe(true);
    // Someone who does not own the System is refused.
    const refused = await request(server)
      .post('/api/mlops/objects/sim-a/Kustomization/flux-system/orchestration/reconcile')
      .set('authorization', asUser(STRANGER));
    expect(refused.status).toBe(403);
  });

  it('refuses actions on an object no entity owns unless the policy allows unconditionally', async () => {
    // No test entity names the processing Kustomization; the policy answers
    // CONDITIONAL (owners only), which cannot be evaluated without an entity.
    const res = await request(server)
      .post('/api/mlops/objects/sim-a/Kustomization/flux-system/processing/reconcile')
      .set('authorization', asUser(OWNER));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('belongs to no catalog entity');
  });

  it('suspends with a reason, refuses reconcile with 409, then resumes', async () => {
    const path = '/api/mlops/objects/sim-a/HelmRelease/platform-operators/strimzi-operator';
    const s = await request(server).post(`${path}/suspend`).set('authorization', asUser(OWNER)).send({ reason: 'maintenance window' });
    expect(s.status).toBe(200);
    expect(s.body.object).toMatchObject({ suspended: true, suspendedBy: OWNER, suspendReason: 'maintenance window' });
    await eventually(async () => {
      const d = await request(server).get(path);
      expect(d.body.suspended).toBe(true);
    });
    const r = await request(server).post(`${path}/reconcile`).set('authorization', asUser(OWNER)).send({});
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('suspended');
    const resumed = await request(server).post(`${path}/resume`).set('authorization', asUser(OWNER));
    expect(resumed.status).toBe(200);
    expect(resumed.body.object.suspended).toBe(false);
    expect(resumed.body.object.suspendedBy).toBeUndefined();
  });

  it('refuses a non-owner with 403 and audits the refusal', async () => {
    auditor.createEvent.mockClear();
    auditEvent.fail.mockClear();
    const res = await request(server)
      .post('/api/mlops/objects/sim-a/HelmRelease/platform-operators/strimzi-operator/suspend')
      .set('authorization', asUser(STRANGER))
      .send({ reason: 'just because' });
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'flux-suspend', meta: expect.objectContaining({ actor: STRANGER, reason: 'just because' }) }),
    );
    expect(auditEvent.fail).toHaveBeenCalledWith(
      expect.objectContaining({ meta: expect.objectContaining({ entityRef: 'component:default/strimzi-operator', outcome: 'refused' }) }),
    );
  });

  it.each([
    ['/api/mlops/objects/sim-a/Nope/flux-system/x', 'get', undefined, 'path.kind'],
    ['/api/mlops/objects/sim-a/Kustomization/Bad_NS/x', 'get', undefined, 'path.namespace'],
    ['/api/mlops/overview?cluster=bad%20name', 'get', undefined, 'query.cluster'],
    ['/api/mlops/objects/sim-a/HelmRelease/platform-operators/strimzi-operator/suspend', 'post', {}, 'body.reason'],
    ['/api/mlops/objects/sim-a/HelmRelease/platform-operators/strimzi-operator/reconcile', 'post', { withSource: 'yes' }, 'body.withSource'],
    ['/api/mlops/objects/sim-a/Kustomization/flux-system/orchestration/reconcile', 'post', { force: true }, 'force'],
    ['/api/mlops/objects/sim-a/Kafka/data-plane/mlops-kafka/reconcile', 'post', {}, 'kind'],
  ])('answers 400 naming the field: %s', async (path, method, body, field) => {
    const req = method === 'get' ? request(server).get(path) : request(server).post(path).send(body);
    const res = await req.set('authorization', asUser(OWNER));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(field);
  });

  it('recovers from dropped watches and forced 410s with correct data', async () => {
    const a = sim.clusters[0];
    sim.admin.setFaults({ forceGone: true, dropWatchesNow: true }, 'sim-a');
    // While the watches are down, an object changes on the cluster.
    await request(server)
      .post('/api/mlops/objects/sim-a/HelmRelease/platform-operators/strimzi-operator/suspend')
      .set('authorization', asUser(OWNER))
      .send({ reason: 'during outage' });
    sim.admin.resetFaults('sim-a');
    await eventually(async () => {
      const d = await request(server).get('/api/mlops/objects/sim-a/HelmRelease/platform-operators/strimzi-operator');
      expect(d.body.suspended).toBe(true);
      expect(d.body.suspendReason).toBe('during outage');
    });
    const res = await request(server).get('/api/mlops/clusters');
    expect(res.body.clusters.find((c: any) => c.name === a.name).connection).toBe('connected');
    await request(server)
      .post('/api/mlops/objects/sim-a/HelmRelease/platform-operators/strimzi-operator/resume')
      .set('authorization', asUser(OWNER));
  });

  it('shows a cluster that starts refusing the portal as forbidden, and the rest of the answer stays 200', async () => {
    const b = sim.clusters[1];
    sim.admin.setFaults({ forbiddenTokens: [b.token], dropWatchesNow: true }, b.name);
    try {
      await eventually(async () => {
        const res = await request(server).get('/api/mlops/clusters');
        const state = res.body.clusters.find((c: any) => c.name === 'sim-b');
        expect(state.connection).toBe('degraded');
        expect(state.kinds.some((k: any) => k.state === 'forbidden')).toBe(true);
      });
      const overview = await request(server).get('/api/mlops/overview');
      expect(overview.status).toBe(200);
      expect(overview.body.clusters.find((c: any) => c.name === 'sim-a').connection).toBe('connected');
      const entity = await request(server).get('/api/mlops/entities/component/default/airflow/objects');
      expect(entity.status).toBe(200);
      expect(entity.body.errors.map((e: any) => e.cluster)).toContain('sim-b');
    } finally {
      sim.admin.resetFaults(b.name);
    }
    await eventually(async () => {
      const res = await request(server).get('/api/mlops/clusters');
      const b2 = res.body.clusters.find((c: any) => c.name === 'sim-b');
      expect(JSON.stringify([b2.connection, b2.kinds.filter((k: any) => k.state !== 'watching' && k.state !== 'not-installed')])).toBe('["connected",[]]');
    });
  }, 40000);

  it('publishes batched status signals', async () => {
    await eventually(() => {
      expect(publish).toHaveBeenCalledWith(
        expect.objectContaining({
          channel: MLOPS_SIGNAL_CHANNEL,
          recipients: { type: 'broadcast' },
          message: expect.objectContaining({ type: 'changed', entityRefs: expect.arrayContaining(['component:default/strimzi-operator']) }),
        }),
      );
    });
  });

  it('serves the OpenAPI spec and registers the actions, permission-checked', async () => {
    const spec = await request(server).get('/api/mlops/openapi.json');
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toContain('/objects/{cluster}/{kind}/{namespace}/{name}/reconcile');
    const overview = await actionsRegistry.invoke({ id: 'test:get-platform-overview', input: {}, credentials: mockCredentials.user(STRANGER) });
    expect((overview.output as any).layers.length).toBe(7);
    const status = await actionsRegistry.invoke({ id: 'test:get-entity-status', input: { entityRef: 'component:default/airflow' }, credentials: mockCredentials.user(STRANGER) });
    expect((status.output as any).status).toBe('Failed');
    await expect(
      actionsRegistry.invoke({
        id: 'test:reconcile',
        input: { cluster: 'sim-a', kind: 'HelmRelease', namespace: 'platform-operators', name: 'strimzi-operator' },
        credentials: mockCredentials.user(STRANGER),
      }),
    ).rejects.toThrow(/not allowed/);
    const ok = await actionsRegistry.invoke({
      id: 'test:reconcile',
      input: { cluster: 'sim-a', kind: 'HelmRelease', namespace: 'platform-operators', name: 'strimzi-operator' },
      credentials: mockCredentials.user(OWNER),
    });
    expect((ok.output as any).outcome).toBe('handled');
  });
});
