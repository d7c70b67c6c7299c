import {
  coreServices,
  createServiceFactory,
  type BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { findTypeByKind, startKubeSim, type KubeSim } from '@mlops-portal/kube-sim';
import request from 'supertest';
import { eventually } from '../__testUtils__/eventually';
import { simClusters, startMlopsTestBackend } from '../__testUtils__/startMlopsTestBackend';

/*
 * Owner notifications through the real plugin in a test backend (its
 * database is a real SQLite), against kube-sim: a HelmRelease's status
 * written on the cluster is what makes owners be told.
 */

/** The GitOps provider's entities are trusted to decide ownership (readOwnershipConfig). */
const TRUSTED = { 'backstage.io/managed-by-origin-location': 'mlops-provider:test' };

const operator = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations: { ...TRUSTED, 'mlops-portal.io/objects': `HelmRelease:platform-operators/${name}` } },
  spec: { type: 'platform-operator', owner: 'group:default/platform-team', system: 'platform-operators', lifecycle: 'production' },
});

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'platform-operators', title: 'Platform operators', annotations: { ...TRUSTED, 'mlops-portal.io/layer': 'platform-operators' } },
    spec: { owner: 'group:default/platform-team' },
  },
  operator('strimzi-operator'),
  operator('minio-operator'),
  operator('spark-operator'),
  operator('flink-operator'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'secret-sauce', annotations: { ...TRUSTED, 'mlops-portal.io/objects': 'HelmRelease:orchestration/airflow' } },
    spec: { type: 'service', owner: 'group:default/data-team', lifecycle: 'production' },
  },
  {
    // Registered by sam from a location nobody trusts, naming the platform
    // team's operator and claiming ml-team as its owner.
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'impostor',
      annotations: { 'backstage.io/managed-by-origin-location': 'url:https://attacker.example/catalog-info.yaml', 'mlops-portal.io/objects': 'HelmRelease:platform-operators/strimzi-operator' },
    },
    spec: { type: 'service', owner: 'group:default/ml-team', lifecycle: 'production' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'platform-team' },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'hasMember', targetRef: 'user:default/alex' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'ml-team' },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'hasMember', targetRef: 'user:default/sam' }],
  },
];

/** Everyone reads everything but sam, who may not read component:default/secret-sauce. */
const permissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => ({
    async authorize(requests: any[], { credentials }: { credentials: BackstageCredentials }) {
      const user = (credentials.principal as any).userEntityRef;
      return requests.map(r => ({
        result: user === 'user:default/sam' && r.resourceRef === 'component:default/secret-sauce' ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
      }));
    },
    async authorizeConditional(requests: any[]) {
      return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
    },
  }),
});

describe('owner notifications against kube-sim', () => {
  let sim: KubeSim;
  let server: any;
  let stopBackend: () => Promise<void>;
  const sent: NotificationSendOptions[] = [];
  const hrType = findTypeByKind('helm.toolkit.fluxcd.io/v2', 'HelmRelease')!;
  const setReady = (name: string, ready: boolean) =>
    sim.clusters[0].store.update(hrType, 'platform-operators', name, o => {
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      const others = (o.status.conditions ?? []).filter((c: any) => !['Ready', 'Stalled'].includes(c.type));
      o.status.conditions = ready
        ? [...others, { type: 'Ready', status: 'True', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded', lastTransitionTime: now }]
        : [
            ...others,
            { type: 'Ready', status: 'False', reason: 'InstallFailed', message: `install of ${name} failed: image pull`, lastTransitionTime: now },
            { type: 'Stalled', status: 'True', reason: 'RetriesExceeded', message: 'Failed to install after 1 attempt(s)', lastTransitionTime: now },
          ];
      return o;
    });
  const told = (title: string) => sent.filter(s => s.payload.title === title);
  const as = (user: string) => mockCredentials.user.header(`user:default/${user}`);

  beforeAll(async () => {
    sim = await startKubeSim({ scenario: 'healthy', clusters: ['sim-a'], reconcileDelayMs: 20, stepMs: 0 });
    sim.admin.settle();
    const backend = await startMlopsTestBackend({
      clusters: simClusters(sim),
      mlops: {
        watch: { changeBatchMs: 20 },
        entities: { refreshIntervalSeconds: 1 },
        trace: { watchPods: false },
        notifications: { groupWindowSeconds: 1, checkIntervalSeconds: 1 },
      },
      entities,
      permissions,
      sendNotification: async (o: NotificationSendOptions) => void sent.push(o),
    });
    server = backend.server;
    stopBackend = backend.stop;
    await eventually(async () => {
      const res = await request(server).get('/api/mlops/entities/component/default/strimzi-operator/objects').set('Authorization', as('alex'));
      // A readiness wait in beforeAll: throw, since expect belongs in tests.
      if (res.body.status !== 'Ready') throw new Error(`not ready: ${res.body.status}`);
    });
    // The notifier's first look is a baseline; give its scheduled check a turn.
    await new Promise(r => setTimeout(r, 2500));
  }, 90_000);

  afterAll(async () => {
    await stopBackend?.();
    await sim?.stop();
  });

  it('answers the caller\'s settings: owners are told by default, others are not', async () => {
    const alex = await request(server).get('/api/mlops/notifications/settings?entityRef=component:default/strimzi-operator').set('Authorization', as('alex'));
    expect(alex.status).toBe(200);
    expect(alex.body).toEqual({
      entityRef: 'component:default/strimzi-operator',
      owner: true,
      events: ['failed', 'drifted', 'suspended', 'recovered'].map(event => ({ event, mode: 'default', notified: true })),
    });
    const sam = await request(server).get('/api/mlops/notifications/settings?entityRef=component:default/strimzi-operator').set('Authorization', as('sam'));
    expect(sam.body.owner).toBe(false);
    expect(sam.body.events.every((e: any) => !e.notified)).toBe(true);
    // An entity from an untrusted location does not make its claimed owner one.
    const impostor = await request(server).get('/api/mlops/notifications/settings?entityRef=component:default/impostor').set('Authorization', as('sam'));
    expect(impostor.status).toBe(200);
    expect(impostor.body.owner).toBe(false);
  });

  it('refuses bad requests naming the field, and entities the caller may not read', async () => {
    const bad = await request(server)
      .put('/api/mlops/notifications/settings')
      .set('Authorization', as('sam'))
      .send({ entityRef: 'component:default/strimzi-operator', event: 'failed', mode: 'always' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/body\.mode: Invalid enum value/);
    const extra = await request(server)
      .put('/api/mlops/notifications/settings')
      .set('Authorization', as('sam'))
      .send({ entityRef: 'component:default/strimzi-operator', event: 'failed', mode: 'mute', userRef: 'user:default/alex' });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/Unrecognized key\(s\) in object: 'userRef'/);
    const notJson = await request(server)
      .put('/api/mlops/notifications/settings')
      .set('Authorization', as('sam'))
      .set('Content-Type', 'application/json')
      .send('{"entityRef":');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.message).toBe('body: must be valid JSON');
    const big = await request(server)
      .put('/api/mlops/notifications/settings')
      .set('Authorization', as('sam'))
      .send({ entityRef: 'component:default/strimzi-operator', event: 'failed', mode: 'mute', pad: 'x'.repeat(20_000) });
    expect(big.status).toBe(413);
    expect(big.body.error.message).toBe('body: must be at most 16384 bytes');
    const ref = await request(server).get('/api/mlops/notifications/settings?entityRef=not%20a%20ref').set('Authorization', as('sam'));
    expect(ref.status).toBe(400);
    expect(ref.body.error.message).toMatch(/query\.entityRef: must be an entity reference/);
    const hidden = await request(server)
      .put('/api/mlops/notifications/settings')
      .set('Authorization', as('sam'))
      .send({ entityRef: 'component:default/secret-sauce', event: 'failed', mode: 'subscribe' });
    expect(hidden.status).toBe(403);
    const service = await request(server)
      .get('/api/mlops/notifications/settings?entityRef=component:default/strimzi-operator')
      .set('Authorization', mockCredentials.service.header());
    // Settings are a user's own: a service token is refused.
    expect(service.status).toBe(403);
  });

  it('tells the owners and subscribers when an entity fails, and when it recovers', async () => {
    const sub = await request(server)
      .put('/api/mlops/notifications/settings')
      .set('Authorization', as('sam'))
      .send({ entityRef: 'component:default/strimzi-operator', event: 'failed', mode: 'subscribe' });
    expect(sub.status).toBe(200);
    expect(sub.body.events.find((e: any) => e.event === 'failed')).toEqual({ event: 'failed', mode: 'subscribe', notified: true });

    setReady('strimzi-operator', false);
    const [failed] = await eventually(() => {
      const t = told('strimzi-operator failed');
      expect(t).toHaveLength(1);
      return t;
    });
    expect(failed.recipients).toEqual({ type: 'entity', entityRef: ['user:default/alex', 'user:default/sam'] });
    expect(failed.payload).toMatchObject({
      severity: 'high',
      topic: 'mlops-failed',
      link: '/catalog/default/component/strimzi-operator/gitops',
      // The status rules decide on Stalled (status-semantics.md), so its reason and message are told.
      description: 'HelmRelease platform-operators/strimzi-operator on sim-a: RetriesExceeded — Failed to install after 1 attempt(s)',
    });

    setReady('strimzi-operator', true);
    const [recovered] = await eventually(() => {
      const t = told('strimzi-operator recovered');
      expect(t).toHaveLength(1);
      return t;
    });
    // sam subscribed to failures only.
    expect(recovered.recipients).toEqual({ type: 'entity', entityRef: ['user:default/alex'] });
    expect(told('strimzi-operator failed')).toHaveLength(1);
    // The impostor failed and recovered too, but its self-declared owners
    // (ml-team, sam) are not told: it comes from an untrusted location.
    expect(sent.filter(s => s.payload.title.startsWith('impostor'))).toEqual([]);
  });

  it('sends one notification for a layer whose components fail together', async () => {
    sent.length = 0;
    for (const name of ['minio-operator', 'spark-operator', 'flink-operator']) setReady(name, false);
    await eventually(() => expect(sent.map(s => s.payload.title)).toEqual(['Platform operators: 3 components failed']));
    expect(sent[0].recipients).toEqual({ type: 'entity', entityRef: ['user:default/alex'] });
    expect(sent[0].payload.link).toBe('/catalog/default/system/platform-operators/trace');
    // Nothing more comes after the window.
    await new Promise(r => setTimeout(r, 1500));
    expect(sent).toHaveLength(1);
    for (const name of ['minio-operator', 'spark-operator', 'flink-operator']) setReady(name, true);
    await eventually(() => expect(sent.map(s => s.payload.title)).toContain('Platform operators: 3 components recovered'));
  });
});
