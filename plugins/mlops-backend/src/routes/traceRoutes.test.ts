import {
  coreServices,
  createServiceFactory,
  type BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { findTypeByKind, startKubeSim, type KubeSim } from '@mlops-portal/kube-sim';
import {
  MLOPS_TRACE_SIGNAL_CHANNEL,
  type EntityTrace,
  type TraceNode,
} from '@mlops-portal/plugin-mlops-common';
import request from 'supertest';
import { eventually } from '../__testUtils__/eventually';
import { simClusters, startMlopsTestBackend } from '../__testUtils__/startMlopsTestBackend';

/*
 * Traces through the real plugin in a test backend, against kube-sim
 * serving the reference gitops/ platform in the `degraded` scenario on two
 * clusters: Kustomization `orchestration` fails its health check because
 * HelmRelease `orchestration/airflow` failed; Kafka `data-plane/mlops-kafka`
 * is NotReady with a broker pod in CrashLoopBackOff.
 */

const FULL = 'user:default/full';
const LIMITED = 'user:default/limited';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'orchestration',
      annotations: {
        'mlops-portal.io/layer': 'orchestration',
        'mlops-portal.io/objects': 'Kustomization:flux-system/orchestration',
      },
    },
    spec: { owner: 'group:default/data-team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'airflow', annotations: { 'mlops-portal.io/objects': 'HelmRelease:orchestration/airflow' } },
    spec: { type: 'service', owner: 'group:default/data-team', system: 'orchestration', lifecycle: 'production' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'mlops-kafka', annotations: { 'mlops-portal.io/objects': 'Kafka:data-plane/mlops-kafka' } },
    spec: { type: 'kafka-cluster', owner: 'group:default/data-team', system: 'data-storage' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'strimzi-operator', annotations: { 'mlops-portal.io/objects': 'HelmRelease:platform-operators/strimzi-operator' } },
    spec: { type: 'platform-operator', owner: 'group:default/platform-team', lifecycle: 'production' },
  },
];

/** FULL reads everything; LIMITED reads only the airflow component and the Kafka resource. */
const permissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => ({
    async authorize(requests: any[], { credentials }: { credentials: BackstageCredentials }) {
      const user = (credentials.principal as any).userEntityRef;
      return requests.map(r => ({
        result:
          user === FULL || ['component:default/airflow', 'resource:default/mlops-kafka'].includes(r.resourceRef)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      }));
    },
    async authorizeConditional(requests: any[], { credentials }: { credentials: BackstageCredentials }) {
      const user = (credentials.principal as any).userEntityRef;
      return requests.map(() =>
        user === FULL
          ? { result: AuthorizeResult.ALLOW }
          : {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'catalog',
              resourceType: 'catalog-entity',
              conditions: { rule: 'IS_ENTITY_OWNER', resourceType: 'catalog-entity', params: { claims: [LIMITED] } },
            },
      );
    },
  }),
});

const auth = (user: string) => mockCredentials.user.header(user);

describe('trace routes against kube-sim', () => {
  let sim: KubeSim;
  let server: any;
  let stopBackend: () => Promise<void>;
  const publish = jest.fn(async (_: any) => {});
  const actionsRegistry = actionsRegistryServiceMock();

  beforeAll(async () => {
    sim = await startKubeSim({ scenario: 'degraded', clusters: ['sim-a', 'sim-b'], reconcileDelayMs: 20, stepMs: 0 });
    sim.admin.settle();
    const backend = await startMlopsTestBackend({
      clusters: simClusters(sim),
      mlops: { watch: { initialBackoffMs: 20, maxBackoffMs: 200, changeBatchMs: 20 } },
      entities,
      permissions,
      publish,
      actionsRegistry,
    });
    server = backend.server;
    stopBackend = backend.stop;
    // Watches synced, entities indexed, pods listed.
    await eventually(async () => {
      const res = await request(server).get('/api/mlops/entities/resource/default/mlops-kafka/trace').set('Authorization', auth(FULL));
      // A readiness wait in beforeAll: throw, since expect belongs in tests.
      const kinds = new Set((res.body.groups ?? []).map((g: any) => g.kind));
      if (res.status !== 200 || !kinds.has('Pod') || !kinds.has('GitRepository')) throw new Error(`not ready: ${res.status}`);
    });
  }, 90_000);

  afterAll(async () => {
    await stopBackend?.();
    await sim?.stop();
  });

  const trace = async (path: string, user = FULL): Promise<EntityTrace> => {
    const [entity, query] = path.split('?');
    const res = await request(server).get(`/api/mlops/entities/${entity}/trace${query ? `?${query}` : ''}`).set('Authorization', auth(user));
    expect({ status: res.status, error: res.body.error?.message }).toEqual({ status: 200, error: undefined });
    return res.body;
  };
  const node = (t: EntityTrace, cluster: string, kind: string, name: string): TraceNode | undefined =>
    t.nodes.find(n => n.cluster === cluster && n.kind === kind && n.name === name);

  it('follows a HelmRelease up to its Git source and down to its pods, on every cluster', async () => {
    const t = await trace('component/default/airflow?expand=kustomization:Kustomization:flux-system,pod:Pod:orchestration');
    expect(t.clusters).toEqual(['sim-a', 'sim-b']);
    for (const cluster of ['sim-a', 'sim-b']) {
      const hr = node(t, cluster, 'HelmRelease', 'airflow')!;
      expect(hr).toMatchObject({ status: 'Failed', root: true, level: 'helmrelease' });
      expect(node(t, cluster, 'Kustomization', 'orchestration')).toMatchObject({ status: 'Failed' });
      expect(node(t, cluster, 'GitRepository', 'mlops-infrastructure')).toMatchObject({ level: 'source' });
      // The chart's source: HelmChart, then the HelmRepository.
      expect(t.nodes.some(n => n.cluster === cluster && n.kind === 'HelmChart')).toBe(true);
      expect(node(t, cluster, 'StatefulSet', 'airflow-worker')).toMatchObject({ level: 'workload' });
      expect(node(t, cluster, 'Deployment', 'airflow-scheduler')).toBeDefined();
      expect(t.nodes.some(n => n.cluster === cluster && n.kind === 'Pod' && n.name.startsWith('airflow-scheduler-'))).toBe(true);
    }
    const ks = 'sim-a|Kustomization|flux-system|orchestration';
    const hrId = 'sim-a|HelmRelease|orchestration|airflow';
    expect(t.edges).toContainEqual({ from: ks, to: hrId, type: 'applies' });
    expect(t.edges).toContainEqual({ from: 'sim-a|GitRepository|flux-system|mlops-infrastructure', to: ks, type: 'source' });
    expect(t.edges).toContainEqual({ from: hrId, to: 'sim-a|Deployment|orchestration|airflow-scheduler', type: 'applies' });
    // dependsOn both ways: orchestration depends on data-storage, processing depends on orchestration.
    expect(t.edges).toContainEqual({ from: ks, to: 'sim-a|Kustomization|flux-system|data-storage', type: 'dependsOn' });
    expect(t.edges).toContainEqual({ from: 'sim-a|Kustomization|flux-system|processing', to: ks, type: 'dependsOn' });
  });

  it('marks the most upstream failing object as the first failure, with its message', async () => {
    const t = await trace('component/default/airflow');
    const first = t.firstFailures.filter(n => n.cluster === 'sim-a');
    expect(first.map(n => `${n.kind}/${n.name}`)).toEqual(['Kustomization/orchestration']);
    expect(first[0].message).toMatch(/health check|HelmRelease|airflow/i);
    // The HelmRelease fails too, but below a failing Kustomization.
    expect(node(t, 'sim-a', 'HelmRelease', 'airflow')!.firstFailure).toBeUndefined();
  });

  it('ends at an operator resource\'s pods, with the broken broker pod', async () => {
    const t = await trace('resource/default/mlops-kafka?expand=pod:Pod:data-plane');
    const pods = t.nodes.filter(n => n.kind === 'Pod' && n.cluster === 'sim-a');
    expect(pods.length).toBeGreaterThan(0);
    expect(pods.some(p => p.status === 'Failed' && p.reason === 'CrashLoopBackOff')).toBe(true);
    expect(t.edges).toContainEqual({ from: 'sim-a|Kafka|data-plane|mlops-kafka', to: pods.find(p => p.status === 'Failed')!.id, type: 'owns' });
  });

  it('groups large levels and lists only what is asked for', async () => {
    const collapsed = await trace('system/default/orchestration');
    const pods = collapsed.groups.find(g => g.id === 'pod:Pod:orchestration')!;
    expect(pods.size).toBeGreaterThan(12);
    expect(pods.expanded).toBe(false);
    expect(collapsed.nodes.some(n => n.groupId === pods.id)).toBe(false);
    // Its edges still connect it, as a group.
    expect(collapsed.groupEdges.some(e => e.to === pods.id && (e.count ?? 0) > 0)).toBe(true);
    const expanded = await trace('system/default/orchestration?expand=pod:Pod:orchestration*5');
    const g = expanded.groups.find(x => x.id === pods.id)!;
    expect(g).toMatchObject({ expanded: true, shown: 5, size: pods.size });
    expect(expanded.nodes.filter(n => n.groupId === pods.id)).toHaveLength(5);
  });

  it('leaves out what the caller may not read, and says how much', async () => {
    const t = await trace('component/default/airflow?expand=pod:Pod:orchestration', LIMITED);
    // The Kustomization belongs to system:default/orchestration, the Git source to no entity.
    expect(t.nodes.some(n => n.kind === 'Kustomization')).toBe(false);
    expect(t.nodes.some(n => n.kind === 'GitRepository')).toBe(false);
    expect(t.hidden).toBeGreaterThan(0);
    // Its own objects and what they run are shown.
    expect(node(t, 'sim-a', 'HelmRelease', 'airflow')).toBeDefined();
    expect(t.nodes.some(n => n.kind === 'Pod')).toBe(true);
    // With the failing Kustomization hidden, the HelmRelease is the first failure it can see.
    expect(t.firstFailures.some(n => n.kind === 'HelmRelease' && n.name === 'airflow')).toBe(true);
    const denied = await request(server).get('/api/mlops/entities/component/default/strimzi-operator/trace').set('Authorization', auth(LIMITED));
    expect(denied.status).toBe(403);
  });

  it('refuses bad input naming the field', async () => {
    const res = await request(server)
      .get('/api/mlops/entities/component/default/airflow/trace?expand=pods:Pod:x')
      .set('Authorization', auth(FULL));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/query\.expand\.0: 'pods:Pod:x' is not a group id/);
    const limit = await request(server)
      .get('/api/mlops/entities/component/default/airflow/trace?expand=pod:Pod:orchestration*0')
      .set('Authorization', auth(FULL));
    expect(limit.status).toBe(400);
    expect(limit.body.error.message).toMatch(/query\.expand\.0: limit must be/);
    const unknown = await request(server).get('/api/mlops/entities/component/default/airflow/trace?cluster=nope').set('Authorization', auth(FULL));
    expect(unknown.status).toBe(404);
  });

  it('prints flux trace and flux tree', async () => {
    const t = await request(server)
      .get(`/api/mlops/trace/objects/sim-a/Pod/orchestration/${(await trace('component/default/airflow?expand=pod:Pod:orchestration')).nodes.find(n => n.kind === 'Pod' && n.cluster === 'sim-a' && n.name.startsWith('airflow-scheduler-'))!.name}`)
      .set('Authorization', auth(FULL));
    expect(t.status).toBe(200);
    expect(t.body.text).toMatch(/^Object: +Pod\/airflow-scheduler-/m);
    expect(t.body.text).toMatch(/^Cluster: +sim-a$/m);
    expect(t.body.text).toMatch(/^Deployment: +airflow-scheduler$/m);
    expect(t.body.text).toMatch(/^HelmRelease: +airflow$/m);
    expect(t.body.text).toMatch(/^Kustomization: +orchestration$/m);
    expect(t.body.text).toMatch(/^GitRepository: +mlops-infrastructure$/m);
    expect(t.body.text).toMatch(/^First failure: +yes/m);
    expect(t.body.failed).toBe(true);
    const tree = await request(server).get('/api/mlops/trace/objects/sim-a/Kustomization/flux-system/orchestration/tree').set('Authorization', auth(FULL));
    expect(tree.status).toBe(200);
    expect(tree.body.text).toMatch(/^Kustomization\/flux-system\/orchestration \[Failed\]$/m);
    expect(tree.body.text).toMatch(/^[├└]── HelmRelease\/orchestration\/airflow \[Failed\]$/m);
    expect(tree.body.text).toMatch(/^[│ ] {3}[├└]── Deployment\/orchestration\/airflow-scheduler \[Ready\]$/m);
    const compact = await request(server).get('/api/mlops/trace/objects/sim-a/Kustomization/flux-system/orchestration/tree?compact=true').set('Authorization', auth(FULL));
    expect(compact.body.text).not.toMatch(/Deployment\//);
    expect(compact.body.text).toMatch(/HelmRelease\/orchestration\/airflow/);
  });

  it('offers trace, tree and entity trace as actions', async () => {
    const names = actionsRegistry.actions ? [...actionsRegistry.actions.keys()] : [];
    expect(names).toEqual(expect.arrayContaining(['test:trace-object', 'test:tree', 'test:get-entity-trace']));
    const out = await actionsRegistry.invoke({
      id: 'test:get-entity-trace',
      input: { entityRef: 'resource:default/mlops-kafka' },
      credentials: mockCredentials.user(FULL),
    });
    expect((out.output as any).text).toMatch(/First failures/);
    expect((out.output as any).text).toMatch(/Kafka\/data-plane\/mlops-kafka|Kustomization\/flux-system\/data-storage/);
    expect((out.output as any).failed).toBe(true);
  });

  it('pushes a signal naming the traced entity when something in its trace changes', async () => {
    await trace('component/default/airflow');
    publish.mockClear();
    // A controller writes the Deployment's status (one object of the trace).
    sim.clusters[0].store.update(findTypeByKind('apps/v1', 'Deployment')!, 'orchestration', 'airflow-scheduler', o => {
      o.status = { ...o.status, availableReplicas: 0, readyReplicas: 0 };
      return o;
    });
    await eventually(() => {
      const calls = publish.mock.calls.map(([m]) => m as any).filter(m => m.channel === MLOPS_TRACE_SIGNAL_CHANNEL);
      expect(calls.some(m => m.message.entityRefs.includes('component:default/airflow'))).toBe(true);
    });
  });
});
