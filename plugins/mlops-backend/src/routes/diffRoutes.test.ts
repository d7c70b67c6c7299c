import {
  coreServices,
  createServiceFactory,
  type BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { findTypeByKind, startKubeSim, type KubeSim } from '@mlops-portal/kube-sim';
import type { HelmReleaseDiff, KustomizationDrift } from '@mlops-portal/plugin-mlops-common';
import path from 'node:path';
import request from 'supertest';
import { eventually } from '../__testUtils__/eventually';
import { minioOperatorComponent, platformOperatorsLayer } from '../__testUtils__/platformEntities';
import { simClusters, startMlopsTestBackend } from '../__testUtils__/startMlopsTestBackend';

/*
 * Desired vs live and drift through the real plugin, against kube-sim
 * (`degraded`, with Helm's release storage) and the repository's own
 * gitops/ as the GitOps checkout.
 */

// The package runs from source in jest: the repository root is three levels up.
// eslint-disable-next-line no-restricted-syntax
const GITOPS = path.resolve(__dirname, '../../../../gitops');

const entities: Entity[] = [
  minioOperatorComponent,
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'airflow', annotations: { 'mlops-portal.io/objects': 'HelmRelease:orchestration/airflow' } },
    spec: { type: 'service', owner: 'group:default/data-team', system: 'orchestration', lifecycle: 'production' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'orchestration', annotations: { 'mlops-portal.io/objects': 'Kustomization:flux-system/orchestration' } },
    spec: { type: 'flux-kustomization', owner: 'group:default/data-team', system: 'gitops-control-plane' },
  },
  platformOperatorsLayer,
];

/** sam may read nothing of the platform team's. */
const permissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => ({
    async authorize(requests: any[], { credentials }: { credentials: BackstageCredentials }) {
      const user = (credentials.principal as any).userEntityRef;
      return requests.map(r => ({ result: user === 'user:default/sam' && r.resourceRef === 'component:default/minio-operator' ? AuthorizeResult.DENY : AuthorizeResult.ALLOW }));
    },
    async authorizeConditional(requests: any[], { credentials }: { credentials: BackstageCredentials }) {
      const user = (credentials.principal as any).userEntityRef;
      return requests.map(() =>
        user === 'user:default/sam'
          ? { result: AuthorizeResult.CONDITIONAL, pluginId: 'catalog', resourceType: 'catalog-entity', conditions: { rule: 'IS_ENTITY_OWNER', resourceType: 'catalog-entity', params: { claims: [user] } } }
          : { result: AuthorizeResult.ALLOW },
      );
    },
  }),
});

describe('desired vs live and drift against kube-sim', () => {
  let sim: KubeSim;
  let server: any;
  let stopBackend: () => Promise<void>;
  const alex = mockCredentials.user.header('user:default/alex');

  beforeAll(async () => {
    sim = await startKubeSim({ scenario: 'degraded', clusters: ['sim-a'], reconcileDelayMs: 20, stepMs: 0 });
    sim.admin.settle();
    const backend = await startMlopsTestBackend({
      clusters: simClusters(sim),
      config: { catalog: { providers: { mlops: { local: { path: GITOPS } } } } },
      mlops: { watch: { changeBatchMs: 20 }, trace: { watchPods: false }, notifications: { enabled: false } },
      entities,
      permissions,
      sendNotification: async () => {},
    });
    server = backend.server;
    stopBackend = backend.stop;
    await eventually(async () => {
      const res = await request(server).get('/api/mlops/diff/helmreleases/sim-a/platform-operators/minio-operator').set('Authorization', alex);
      // A readiness wait in beforeAll: throw, since expect belongs in tests.
      if (res.status !== 200) throw new Error(`not ready: ${res.status}`);
    });
  }, 90_000);

  afterAll(async () => {
    await stopBackend?.();
    await sim?.stop();
  });

  const diff = async (p: string, user = alex) => {
    const res = await request(server).get(`/api/mlops/diff/helmreleases/${p}`).set('Authorization', user);
    return { status: res.status, body: res.body as HelmReleaseDiff & { error?: { message: string } } };
  };

  it('compares the failed upgrade with the revision before it, from Helm\'s storage', async () => {
    const { status, body } = await diff('sim-a/orchestration/airflow');
    expect(status).toBe(200);
    expect(body.release).toBe('airflow');
    expect(body.current).toMatchObject({ status: 'failed' });
    expect(body.previous).toMatchObject({ revision: 3, status: 'deployed' });
    expect(body.current!.chartVersion).not.toBe(body.previous!.chartVersion);
    // The rendered objects changed (the chart version is on every object).
    expect(body.manifest!.objects.some(o => o.change === 'changed' && o.kind === 'Deployment' && o.paths!.includes('metadata.labels.helm.sh/chart'))).toBe(true);
    expect(body.manifest!.diff).toMatch(/^-\s+helm\.sh\/chart: airflow-/m);
    expect(body.values!.diff).toBe('');
  });

  it('shows a values change between revisions and against Git', async () => {
    const first = await diff('sim-a/platform-operators/minio-operator');
    expect(first.body.notes).toContain('there is no previous revision: this is the first release');
    expect(first.body.git).toMatchObject({ file: 'components/platform-operators/minio-operator.yaml' });
    expect(first.body.git!.values.changes).toEqual([]);
    // Someone changes the release on the cluster (not through Git).
    sim.clusters[0].store.update(findTypeByKind('helm.toolkit.fluxcd.io/v2', 'HelmRelease')!, 'platform-operators', 'minio-operator', o => {
      // Git says two replicas (gitops/components/platform-operators/minio-operator.yaml).
      o.spec.values = { ...o.spec.values, operator: { ...o.spec.values.operator, replicaCount: 5 } };
      return o;
    });
    const changed = await eventually(async () => {
      const d = await diff('sim-a/platform-operators/minio-operator');
      expect(d.body.current?.revision).toBe(2);
      return d.body;
    });
    expect(changed.previous).toMatchObject({ revision: 1, status: 'superseded' });
    expect(changed.values!.changes).toEqual([{ path: 'operator.replicaCount', before: 2, after: 5 }]);
    expect(changed.values!.diff).toMatch(/^- {2}replicaCount: 2\n\+ {2}replicaCount: 5$/m);
    expect(changed.git!.values.changes).toEqual([{ path: 'operator.replicaCount', before: 2, after: 5 }]);
    expect(changed.git!.values.diff).toMatch(/^--- values in Git \(components\/platform-operators\/minio-operator\.yaml\)$/m);
    // Asked for explicitly, and refused the wrong way round.
    expect((await diff('sim-a/platform-operators/minio-operator?from=1&to=2')).body.current!.revision).toBe(2);
    const bad = await diff('sim-a/platform-operators/minio-operator?from=2&to=1');
    expect(bad.status).toBe(400);
    expect(bad.body.error!.message).toMatch(/query\.from must be lower than query\.to/);
    const word = await diff('sim-a/platform-operators/minio-operator?from=latest');
    expect(word.status).toBe(400);
    expect(word.body.error!.message).toMatch(/query\.from: must be a revision number/);
  });

  it('needs read permission on the owning entity', async () => {
    const denied = await diff('sim-a/platform-operators/minio-operator', mockCredentials.user.header('user:default/sam'));
    expect(denied.status).toBe(403);
  });

  it('reports a Kustomization matching Git, then what differs once the cluster changes', async () => {
    const get = async () => (await request(server).get('/api/mlops/drift/kustomizations/sim-a/flux-system/orchestration').set('Authorization', alex)).body as KustomizationDrift;
    const clean = await get();
    expect(clean.path).toBe('./gitops/components/orchestration');
    expect(clean.desired).toBeGreaterThan(0);
    expect(clean).toMatchObject({ missing: [], extra: [], changed: [] });
    expect(clean.notes).toContain('the cluster matches Git for this Kustomization');
    // The cluster drifts: an object applied by hand shows in the inventory,
    // and the airflow release's chart version was edited in place.
    sim.clusters[0].store.update(findTypeByKind('kustomize.toolkit.fluxcd.io/v1', 'Kustomization')!, 'flux-system', 'orchestration', o => {
      o.status.inventory.entries.push({ id: 'orchestration_hand-made_apps_Deployment', v: 'v1' });
      return o;
    });
    sim.clusters[0].store.update(findTypeByKind('helm.toolkit.fluxcd.io/v2', 'HelmRelease')!, 'orchestration', 'airflow', o => {
      o.spec.chart.spec.version = '0.0.1';
      return o;
    });
    const drifted = await eventually(async () => {
      const d = await get();
      expect(d.changed.length).toBeGreaterThan(0);
      return d;
    });
    expect(drifted.extra).toContainEqual({ group: 'apps', kind: 'Deployment', namespace: 'orchestration', name: 'hand-made' });
    expect(drifted.changed).toContainEqual(expect.objectContaining({ kind: 'HelmRelease', name: 'airflow', paths: ['spec.chart.spec.version'] }));
  });

  it('refuses bad paths naming the field', async () => {
    const res = await request(server).get('/api/mlops/drift/kustomizations/sim-a/Flux_System/x').set('Authorization', alex);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/path\.namespace: must be a DNS-1123 label/);
  });

  it('counts drifted objects per layer', async () => {
    sim.clusters[0].store.update(findTypeByKind('helm.toolkit.fluxcd.io/v2', 'HelmRelease')!, 'platform-operators', 'minio-operator', o => {
      o.status.conditions = [...o.status.conditions.filter((c: any) => c.type !== 'Drifted'), { type: 'Drifted', status: 'True', reason: 'DriftDetected', message: 'Deployment/platform-operators/minio-operator changed', lastTransitionTime: '2026-11-26T10:00:00Z' }];
      return o;
    });
    const summary = await eventually(async () => {
      const res = await request(server).get('/api/mlops/drift/summary').set('Authorization', alex);
      const layer = res.body.layers.find((l: any) => l.systemRef === 'system:default/platform-operators');
      expect(layer.drifted).toBe(1);
      return res.body;
    });
    expect(summary.layers[0].objects[0]).toMatchObject({ kind: 'HelmRelease', name: 'minio-operator', entityRef: 'component:default/minio-operator' });
    // sam may not read minio-operator: not counted for sam.
    const sam = await request(server).get('/api/mlops/drift/summary').set('Authorization', mockCredentials.user.header('user:default/sam'));
    expect(sam.body.layers.find((l: any) => l.systemRef === 'system:default/platform-operators').drifted).toBe(0);
    const d = await diff('sim-a/platform-operators/minio-operator');
    expect(d.body.drift).toMatchObject({ drifted: true, condition: { reason: 'DriftDetected' } });
  });
});
