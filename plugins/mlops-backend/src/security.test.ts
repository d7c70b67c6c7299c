import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import {
  DefaultAuditorService,
  type AuditorEvent,
} from '@backstage/backend-defaults/auditor';
import {
  coreServices,
  createServiceFactory,
  type BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startKubeSim, type KubeSim } from '@mlops-portal/kube-sim';
import request from 'supertest';
import { eventually } from './__testUtils__/eventually';
import { startMlopsTestBackend } from './__testUtils__/startMlopsTestBackend';

/*
 * Attacks on ownership, input and audit, as a signed-in user would try them,
 * against the plugin in a test backend and the Kubernetes simulator. Who owns
 * what is decided by the catalog entities below, the way the real catalog
 * would hold them: the GitOps provider's entities and a team file the admins
 * trust carry their origin, the attacker's entity carries the origin the
 * catalog writes for a registered location (proved against the real catalog
 * in packages/backend src/security).
 */

const PROVIDER = 'mlops-provider:production';
const TRUSTED_TEAM_FILE = 'url:https://git.example/platform/teams.yaml';
const ATTACKER_FILE = 'url:https://git.example/sam/catalog-info.yaml';

const DANA = 'user:default/dana'; // data team: owns airflow
const ALEX = 'user:default/alex'; // platform team: owns strimzi-operator
const SAM = 'user:default/sam'; // ml team: the attacker
const ADMIN = 'user:default/morgan';

function component(name: string, origin: string, objects: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: {
        'backstage.io/managed-by-location': origin,
        'backstage.io/managed-by-origin-location': origin,
        'mlops-portal.io/objects': objects,
      },
    },
    spec: { type: 'service', owner, lifecycle: 'production' },
  };
}

const entities: Entity[] = [
  // The attacker's entity is first: order must never decide.
  component('sams-airflow', ATTACKER_FILE, 'HelmRelease:orchestration/airflow, Kustomization:flux-system/processing', 'group:default/ml-team'),
  component('airflow', PROVIDER, 'HelmRelease:orchestration/airflow', 'group:default/data-team'),
  component('strimzi-operator', PROVIDER, 'HelmRelease:platform-operators/strimzi-operator', 'group:default/platform-team'),
  // A second trusted claim on the same object.
  component('strimzi-twin', TRUSTED_TEAM_FILE, 'HelmRelease:platform-operators/strimzi-operator', 'group:default/platform-team'),
];

/** Who owns which entity (what the catalog's IS_ENTITY_OWNER would answer). */
const OWNS: Record<string, string[]> = {
  [DANA]: ['component:default/airflow'],
  [ALEX]: ['component:default/strimzi-operator', 'component:default/strimzi-twin'],
  [SAM]: ['component:default/sams-airflow'],
};

/** The portal's policy, in small: admins everything, owners act, everyone reads. */
const policyPermissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => ({
    async authorize(requests: any[], { credentials }: { credentials: BackstageCredentials }) {
      const user = (credentials.principal as any).userEntityRef;
      return requests.map(r => ({
        result:
          user === ADMIN || r.permission.name === 'mlops.status.read' || OWNS[user]?.includes(r.resourceRef)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      }));
    },
    async authorizeConditional(requests: any[], { credentials }: { credentials: BackstageCredentials }) {
      const user = (credentials.principal as any).userEntityRef;
      return requests.map(r =>
        user === ADMIN || r.permission.name === 'mlops.status.read'
          ? { result: AuthorizeResult.ALLOW }
          : {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'catalog',
              resourceType: 'catalog-entity',
              conditions: { rule: 'IS_ENTITY_OWNER', resourceType: 'catalog-entity', params: { claims: OWNS[user] ?? [] } },
            },
      );
    },
  }),
});

describe('mlops backend under attack', () => {
  let sim: KubeSim;
  let server: any;
  let stop: () => Promise<void>;
  const audit: AuditorEvent[] = [];
  const logger = mockServices.logger.mock();

  beforeAll(async () => {
    sim = await startKubeSim({ scenario: 'degraded', clusters: ['sim'], tls: false, reconcileDelayMs: 10, stepMs: 0 });
    sim.admin.settle();
    const backend = await startMlopsTestBackend({
      clusters: [{ name: 'sim', url: sim.url, authProvider: 'serviceAccount', serviceAccountToken: sim.token }],
      mlops: {
        watch: { initialBackoffMs: 20, maxBackoffMs: 200, changeBatchMs: 20 },
        actions: { reconcileWaitMs: 5000 },
        ownership: { trustedLocations: [TRUSTED_TEAM_FILE] },
      },
      entities,
      permissions: policyPermissions,
      features: [
        logger.factory,
        actionsRegistryServiceFactory,
        // The real auditor (actor from credentials), writing into `audit`.
        createServiceFactory({
          service: coreServices.auditor,
          deps: { auth: coreServices.auth, httpAuth: coreServices.httpAuth, plugin: coreServices.pluginMetadata },
          factory: deps => DefaultAuditorService.create(e => void audit.push(e), deps),
        }),
      ],
    });
    server = backend.server;
    stop = backend.stop;
    await eventually(async () => {
      const res = await request(server)
        .get('/api/mlops/objects/sim/HelmRelease/orchestration/airflow')
        .set('authorization', mockCredentials.user.header(ADMIN));
      const owners = JSON.stringify(res.body.ownership?.claimedBy);
      if (owners !== '["component:default/airflow"]') throw new Error(`not ready: ${owners}`);
    });
  }, 60000);

  afterAll(async () => {
    await stop?.();
    await sim?.stop();
  });

  const as = (user: string) => ({
    get: (path: string) => request(server).get(`/api/mlops${path}`).set('authorization', mockCredentials.user.header(user)),
    post: (path: string, body?: unknown) => {
      const r = request(server).post(`/api/mlops${path}`).set('authorization', mockCredentials.user.header(user));
      return body === undefined ? r : r.send(body as any);
    },
  });
  const AIRFLOW = '/objects/sim/HelmRelease/orchestration/airflow';
  const PROCESSING = '/objects/sim/Kustomization/flux-system/processing';
  const STRIMZI = '/objects/sim/HelmRelease/platform-operators/strimzi-operator';
  const eventsOf = (eventId: string, actor: string) =>
    audit.filter(e => e.eventId === eventId && e.actor.actorId === actor);

  describe('ownership from trusted sources only', () => {
    it("refuses the attacker on another team's object named by their own entity, and lets the owner act", async () => {
      const res = await as(SAM).post(`${AIRFLOW}/suspend`, { reason: 'mine now' });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'not allowed to suspend HelmRelease orchestration/airflow on cluster \'sim\': mlops.flux.suspend on component:default/airflow was denied',
      );
      const owner = await as(DANA).post(`${AIRFLOW}/reconcile`, {});
      expect(owner.status).toBe(200);
      expect(owner.body.outcome).toBe('handled');
    });

    it('refuses the attacker on an object that only their entity names; admins may act on it', async () => {
      const res = await as(SAM).post(`${PROCESSING}/reconcile`, {});
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain(
        'Kustomization flux-system/processing is named only by entities from untrusted locations (component:default/sams-airflow), so it has no owner',
      );
      const admin = await as(ADMIN).post(`${PROCESSING}/reconcile`, {});
      expect(admin.status).toBe(200);
    });

    it('says so in the object view and on the untrusted entity, which still shows status', async () => {
      const object = await as(SAM).get(AIRFLOW);
      expect(object.body.entityRef).toBe('component:default/airflow');
      expect(object.body.ownership).toEqual({
        state: 'owned',
        claimedBy: ['component:default/airflow'],
        untrustedClaims: ['component:default/sams-airflow'],
      });
      const entity = await as(SAM).get('/entities/component/default/sams-airflow/objects');
      expect(entity.status).toBe(200);
      expect(entity.body.claimsTrusted).toBe(false);
      expect(entity.body.objects.map((o: any) => o.name).sort()).toEqual(['airflow', 'processing']);
      expect(entity.body.notes).toEqual(
        expect.arrayContaining([expect.stringContaining(`shown read-only: it comes from ${ATTACKER_FILE}`)]),
      );
      expect(logger.warn).toHaveBeenCalledWith(
        `component:default/sams-airflow from untrusted location ${ATTACKER_FILE} names cluster objects (HelmRelease orchestration/airflow, Kustomization flux-system/processing); its claim does not decide ownership`,
      );
    });

    it('refuses a second trusted claim: nobody owns the object, even its real owner is refused, admins may act', async () => {
      const object = await as(ALEX).get(STRIMZI);
      expect(object.body.entityRef).toBeUndefined();
      expect(object.body.ownership).toMatchObject({
        state: 'conflict',
        claimedBy: ['component:default/strimzi-operator', 'component:default/strimzi-twin'],
        message: expect.stringContaining('is claimed twice'),
      });
      const refused = await as(ALEX).post(`${STRIMZI}/suspend`, { reason: 'upgrade' });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toContain('is claimed twice (by component:default/strimzi-operator and component:default/strimzi-twin)');
      for (const [name, other] of [
        ['strimzi-operator', 'component:default/strimzi-twin'],
        ['strimzi-twin', 'component:default/strimzi-operator'],
      ]) {
        const e = await as(ALEX).get(`/entities/component/default/${name}/objects`);
        expect(e.body.notes).toEqual(
          expect.arrayContaining([expect.stringContaining(`HelmRelease platform-operators/strimzi-operator is also claimed by ${other}`)]),
        );
      }
      expect((await as(ADMIN).post(`${STRIMZI}/reconcile`, {})).status).toBe(200);
    });
  });

  describe('audit', () => {
    it('records a refused write with the caller as actor, the entity, and the outcome', async () => {
      audit.length = 0;
      await as(SAM).post(`${AIRFLOW}/resume`);
      const events = eventsOf('flux-resume', SAM);
      expect(events.map(e => e.status)).toEqual(['initiated', 'failed']);
      expect(events[1]).toMatchObject({
        plugin: 'mlops',
        severityLevel: 'medium',
        request: { method: 'POST', url: `/api/mlops${AIRFLOW}/resume` },
        meta: { actor: SAM, cluster: 'sim', kind: 'HelmRelease', name: 'airflow', entityRef: 'component:default/airflow', ownership: 'owned', outcome: 'refused' },
      });
    });

    it('records actions-registry (and so MCP) calls with the user as actor, not the plugin', async () => {
      audit.length = 0;
      const invoke = (user: string, input: object) =>
        request(server)
          .post('/api/mlops/.backstage/actions/v1/actions/mlops:reconcile/invoke')
          .set('authorization', mockCredentials.user.header(user))
          .send(input);
      const refused = await invoke(SAM, { cluster: 'sim', kind: 'HelmRelease', namespace: 'orchestration', name: 'airflow' });
      expect(refused.status).toBe(403);
      const allowed = await invoke(DANA, { cluster: 'sim', kind: 'HelmRelease', namespace: 'orchestration', name: 'airflow' });
      expect(allowed.status).toBe(200);
      expect(allowed.body.output.outcome).toBe('handled');

      const reconciles = audit.filter(e => e.eventId === 'flux-reconcile');
      expect(reconciles.map(e => [e.actor.actorId, e.status, e.meta?.outcome ?? null])).toEqual([
        [SAM, 'initiated', null],
        [SAM, 'failed', 'refused'],
        [DANA, 'initiated', null],
        [DANA, 'succeeded', 'allowed'],
      ]);
      expect(reconciles.every(e => e.request?.url === 'actions-registry:mlops:reconcile')).toBe(true);
      expect(audit.some(e => e.actor.actorId === 'plugin:mlops')).toBe(false);
    });
  });

  describe('input', () => {
    it.each([
      ['a bidi override', 'back soon \u202Enoos kcab', 'U+202E at position 10'],
      ['an isolate', 'ok\u2066x\u2069', 'U+2066 at position 2'],
      ['a newline (a forged second line)', 'ok\nsuspended-by: user:default/morgan', 'U+000A at position 2'],
    ])('refuses a suspend reason with %s, naming the field, and audits the refusal', async (_what, reason, where) => {
      audit.length = 0;
      const res = await as(DANA).post(`${AIRFLOW}/suspend`, { reason });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        `body.reason: must not contain control, format or line-break characters (${where})`,
      );
      expect(eventsOf('flux-suspend', DANA).map(e => [e.status, e.meta?.outcome])).toEqual([
        ['initiated', 'invalid'],
        ['failed', 'invalid'],
      ]);
      const after = await as(DANA).get(AIRFLOW);
      expect(after.body.suspended).toBe(false);
    });

    it('answers 413 naming the limit for a body over 16 kB, and 400 for a body that is not JSON', async () => {
      const big = await as(DANA)
        .post(`${AIRFLOW}/suspend`)
        .set('content-type', 'application/json')
        .send(JSON.stringify({ reason: 'x'.repeat(17 * 1024) }));
      expect(big.status).toBe(413);
      expect(big.body.error).toEqual({ name: 'PayloadTooLargeError', message: 'body: must be at most 16384 bytes', statusCode: 413 });
      const broken = await as(DANA).post(`${AIRFLOW}/suspend`).set('content-type', 'application/json').send('{"reason":');
      expect(broken.status).toBe(400);
      expect(broken.body.error.message).toBe('body: must be valid JSON');
    });

    it('validates actions-registry input with the HTTP schemas, naming the field', async () => {
      const overview = await request(server)
        .post('/api/mlops/.backstage/actions/v1/actions/mlops:get-platform-overview/invoke')
        .set('authorization', mockCredentials.user.header(DANA))
        .send({ cluster: 'sim/../x' });
      expect(overview.status).toBe(400);
      expect(overview.body.error.message).toContain('input.cluster: must contain only letters, digits');
      const status = await request(server)
        .post('/api/mlops/.backstage/actions/v1/actions/mlops:get-entity-status/invoke')
        .set('authorization', mockCredentials.user.header(DANA))
        .send({ entityRef: 'component:default/airflow\u202E' });
      expect(status.status).toBe(400);
      expect(status.body.error.message).toContain('input.entityRef: must not contain control, format or line-break characters');
      audit.length = 0;
      const reconcile = await request(server)
        .post('/api/mlops/.backstage/actions/v1/actions/mlops:reconcile/invoke')
        .set('authorization', mockCredentials.user.header(DANA))
        .send({ cluster: 'sim', kind: 'Secret', namespace: 'orchestration', name: 'airflow' });
      expect(reconcile.status).toBe(400);
      expect(reconcile.body.error.message).toContain('input.kind: must be one of');
      expect(eventsOf('flux-reconcile', DANA).map(e => [e.status, e.meta?.kind])).toEqual([
        ['initiated', 'Secret'],
        ['failed', 'Secret'],
      ]);
    });
  });
});
