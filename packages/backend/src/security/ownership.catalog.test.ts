import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import { urlReaderServiceFactory } from '@backstage/backend-defaults/urlReader';
import {
  coreServices,
  createServiceFactory,
  type SchedulerService,
  type ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import permissionPlugin from '@backstage/plugin-permission-backend';
import catalogModuleMlops from '@mlops-portal/plugin-catalog-backend-module-mlops';
import mlopsPlugin from '@mlops-portal/plugin-mlops-backend';
import permissionModuleMlopsPolicy from '@mlops-portal/plugin-permission-backend-module-mlops-policy';
import { startKubeSim, type KubeSim } from '@mlops-portal/kube-sim';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import { capturingAuditor } from '../__testUtils__/capturingAuditor';
import { oboMockAuthFactory } from '../__testUtils__/oboMockAuth';

/*
 * Ownership and catalog rules against the real parts: the real catalog (with
 * the portal's own catalog.rules and catalog.locations from app-config.yaml,
 * the GitOps provider reading gitops/), the real permission backend with the
 * portal's policy, the MLOps backend, and kube-sim serving gitops/. A
 * signed-in user registers files from a web server of their own, as anyone
 * may, and tries to take over objects and identities with them.
 */

jest.setTimeout(180_000);

const REPO = path.resolve(__dirname, '../../../..');
const BACKEND_DIR = path.resolve(__dirname, '../..');

const SAM = 'user:default/sam'; // ml-team: the attacker
const DANA = 'user:default/dana'; // data-team: owns airflow
const ALEX = 'user:default/alex'; // platform-team: owns strimzi-operator
const MORGAN = 'user:default/morgan'; // platform-admins

/** What sign-in would resolve (memberOf of catalog-info.yaml). */
const GROUPS: Record<string, string[]> = {
  [SAM]: ['group:default/ml-team'],
  [DANA]: ['group:default/data-team'],
  [ALEX]: ['group:default/platform-team'],
  [MORGAN]: ['group:default/platform-admins'],
};

/** The portal's catalog rules and admin locations, as the backend runs them. */
function portalCatalogConfig() {
  const appConfig = yaml.parse(fs.readFileSync(path.join(REPO, 'app-config.yaml'), 'utf8'));
  const { rules, locations, providers } = appConfig.catalog;
  return {
    rules,
    // The portal's own provider settings (owner, Domain, layers), read from
    // the real folder instead of a checkout.
    providers: {
      mlops: {
        local: {
          ...providers.mlops.local,
          path: path.join(REPO, 'gitops'),
          schedule: { frequency: { minutes: 60 }, timeout: { minutes: 1 } },
        },
      },
    },
    // Relative file targets are resolved from packages/backend, where the
    // backend runs (jest may run from elsewhere).
    locations: locations.map((l: any) =>
      l.type === 'file' ? { ...l, target: path.resolve(BACKEND_DIR, l.target) } : l,
    ),
  };
}

const COMPONENT_FILE = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: sams-airflow
  annotations:
    # Forged: the GitOps provider's own origin.
    backstage.io/managed-by-origin-location: mlops-provider:local
    backstage.io/managed-by-location: mlops-provider:local
    mlops-portal.io/objects: HelmRelease:orchestration/airflow, HelmChart:orchestration/orchestration-airflow
spec:
  type: service
  lifecycle: production
  owner: group:default/ml-team
`;

const MARKER_FILE = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: sams-marker }
spec: { type: service, lifecycle: experimental, owner: group:default/ml-team }
`;

/** One file per kind a registered location must not bring. */
const IDENTITY_FILES: Record<string, string> = {
  'user.yaml': `
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: mallory }
spec: { memberOf: [platform-admins] }
`,
  'group.yaml': `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: shadow-admins }
spec: { type: team, parent: platform-admins, children: [], members: [sam] }
`,
  'template.yaml': `
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: run-anything }
spec:
  owner: group:default/ml-team
  type: service
  steps:
    - id: log
      action: debug:log
      input: { message: hello }
`,
  'domain.yaml': `
apiVersion: backstage.io/v1alpha1
kind: Domain
metadata: { name: shadow-domain }
spec: { owner: group:default/ml-team }
`,
  // A Location of the user's pointing at the User file: rules follow the
  // origin (the user's registration), not the nested location.
  'nested.yaml': `
apiVersion: backstage.io/v1alpha1
kind: Location
metadata: { name: nested }
spec: { targets: [./user.yaml] }
`,
};

/** A file the admins chose to trust (mlops.ownership.trustedLocations): a second claim. */
const TWIN_FILE = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: strimzi-twin
  annotations:
    mlops-portal.io/objects: HelmRelease:platform-operators/strimzi-operator
spec:
  type: service
  lifecycle: production
  owner: group:default/platform-team
`;

async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${last ?? 'no result'}`);
    await new Promise(r => setTimeout(r, 300));
  }
}

describe('ownership and catalog rules with the real catalog', () => {
  let sim: KubeSim;
  let files: http.Server;
  let base: string;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const audit = capturingAuditor();
  // Tasks run once at start-up; the MLOps entity index is re-read on demand
  // below (in the portal, every mlops.entities.refreshIntervalSeconds).
  // The mock instance also carries its service factory (not in its type).
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(): ServiceFactory<SchedulerService>;
  };

  beforeAll(async () => {
    sim = await startKubeSim({ scenario: 'degraded', clusters: ['sim'], tls: false, reconcileDelayMs: 10, stepMs: 0 });
    sim.admin.settle();
    const served: Record<string, string> = {
      '/sam/component.yaml': COMPONENT_FILE,
      '/sam/marker.yaml': MARKER_FILE,
      '/team/strimzi.yaml': TWIN_FILE,
      ...Object.fromEntries(Object.entries(IDENTITY_FILES).map(([k, v]) => [`/sam/${k}`, v])),
    };
    files = http.createServer((req, res) => {
      const body = served[req.url ?? ''];
      res.writeHead(body ? 200 : 404, { 'content-type': 'text/yaml' });
      res.end(body ?? 'not found');
    });
    await new Promise<void>(r => files.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;

    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        catalogModuleMlops,
        permissionPlugin,
        permissionModuleMlopsPolicy,
        mlopsPlugin,
        permissionsServiceFactory,
        permissionsRegistryServiceFactory,
        urlReaderServiceFactory,
        oboMockAuthFactory,
        scheduler.factory(),
        audit.factory,
        createServiceFactory({
          service: coreServices.userInfo,
          deps: {},
          factory: () => ({
            async getUserInfo(credentials: any) {
              const user = credentials.principal.userEntityRef;
              return { userEntityRef: user, ownershipEntityRefs: [user, ...(GROUPS[user] ?? [])] };
            },
          }),
        }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            backend: { reading: { allow: [{ host: new URL(base).host }] } },
            catalog: {
              ...portalCatalogConfig(),
              processingInterval: { seconds: 1 },
            },
            kubernetes: {
              clusterLocatorMethods: [
                { type: 'config', clusters: [{ name: 'sim', url: sim.url, authProvider: 'serviceAccount', serviceAccountToken: sim.token }] },
              ],
            },
            mlops: {
              entities: { refreshIntervalSeconds: 1 },
              actions: { reconcileWaitMs: 5000 },
              ownership: { trustedLocations: [`url:${base}/team/strimzi.yaml`] },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await new Promise(r => files?.close(r));
    await sim?.stop();
  });

  const as = (user: string) => ({
    get: (p: string) => request(backend.server).get(p).set('authorization', mockCredentials.user.header(user)),
    post: (p: string, body: object = {}) =>
      request(backend.server).post(p).set('authorization', mockCredentials.user.header(user)).send(body),
  });
  const entity = async (ref: string): Promise<Entity | undefined> => {
    const res = await as(MORGAN).get(`/api/catalog/entities/by-name/${ref}`);
    return res.status === 200 ? res.body : undefined;
  };
  const ownership = async (object: string) => {
    await scheduler.triggerTask('mlops-entity-index-refresh');
    return (await as(MORGAN).get(`/api/mlops/objects/sim/${object}`)).body.ownership;
  };
  const AIRFLOW = 'HelmRelease/orchestration/airflow';
  // The chart helm-controller made for airflow: no entity names it.
const CHART = 'HelmChart/orchestration/orchestration-airflow';
  const STRIMZI = 'HelmRelease/platform-operators/strimzi-operator';

  it('starts from the GitOps provider deciding ownership: airflow is the data team\'s, its HelmChart nobody\'s', async () => {
    await eventually('the provider entities in the MLOps index', async () => {
      const o = await ownership(AIRFLOW);
      return o?.state === 'owned' ? o : undefined;
    });
    expect(await ownership(AIRFLOW)).toEqual({ state: 'owned', claimedBy: ['component:default/airflow'], untrustedClaims: [] });
    expect((await entity('component/default/airflow'))?.spec?.owner).toBe('group:default/data-team');
    expect((await ownership(CHART)).state).toBe('unclaimed');
  });

  it('keeps a registered file from forging its origin: the catalog writes the real one', async () => {
    const res = await as(SAM).post('/api/catalog/locations', { type: 'url', target: `${base}/sam/component.yaml` });
    expect(res.status).toBe(201);
    const forged = await eventually('sams-airflow in the catalog', () => entity('component/default/sams-airflow'));
    expect(forged.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-origin-location': `url:${base}/sam/component.yaml`,
      'backstage.io/managed-by-location': `url:${base}/sam/component.yaml`,
    });
    // Nor can a user register a location of the provider's type.
    const typed = await as(SAM).post('/api/catalog/locations', { type: 'mlops-provider', target: 'local' });
    expect(typed.status).toBe(400);
    expect(typed.body.error.message).toContain("Registered locations must be of an allowed type");
  });

  it("does not let the registered entity decide ownership: the attacker is refused on the other team's object and on the unowned one", async () => {
    await eventually('the untrusted claim in the MLOps index', async () => {
      const o = await ownership(AIRFLOW);
      return o?.untrustedClaims?.length ? o : undefined;
    });
    expect(await ownership(AIRFLOW)).toEqual({
      state: 'owned',
      claimedBy: ['component:default/airflow'],
      untrustedClaims: ['component:default/sams-airflow'],
    });
    expect(await ownership(CHART)).toMatchObject({ state: 'unclaimed', untrustedClaims: ['component:default/sams-airflow'] });

    const suspend = await as(SAM).post(`/api/mlops/objects/sim/${AIRFLOW}/suspend`, { reason: 'mine now' });
    expect(suspend.status).toBe(403);
    expect(suspend.body.error.message).toContain('mlops.flux.suspend on component:default/airflow was denied');
    const reconcile = await as(SAM).post(`/api/mlops/objects/sim/${CHART}/reconcile`);
    expect(reconcile.status).toBe(403);
    expect(reconcile.body.error.message).toContain('named only by entities from untrusted locations');

    // The real owner and the admins still act, through the real policy.
    expect((await as(DANA).post(`/api/mlops/objects/sim/${AIRFLOW}/reconcile`)).status).toBe(200);
    expect((await as(MORGAN).post(`/api/mlops/objects/sim/${CHART}/reconcile`)).status).toBe(200);

    const view = await as(SAM).get('/api/mlops/entities/component/default/sams-airflow/objects');
    expect(view.body.claimsTrusted).toBe(false);
    expect(view.body.notes.join('\n')).toContain(`it comes from url:${base}/sam/component.yaml, which is not a source trusted`);
  });

  it('refuses identity, template and domain kinds from a registered location, nested or not', async () => {
    for (const name of Object.keys(IDENTITY_FILES)) {
      const target = `${base}/sam/${name}`;
      // What the catalog would ingest (the registration form's preview): refused, saying why.
      const dryRun = await as(SAM).post('/api/catalog/locations?dryRun=true', { type: 'url', target });
      expect(dryRun.status).toBe(400);
      expect(dryRun.body.error.message).toMatch(/is not of an allowed kind for that location/);
      // Registering anyway stores the location, and nothing of what it names.
      expect((await as(SAM).post('/api/catalog/locations', { type: 'url', target })).status).toBe(201);
    }
    // A file of an allowed kind registered after them has been ingested...
    expect((await as(SAM).post('/api/catalog/locations', { type: 'url', target: `${base}/sam/marker.yaml` })).status).toBe(201);
    await eventually('the marker component', () => entity('component/default/sams-marker'));
    // ...while none of the identities, templates or domains got in.
    for (const ref of ['user/default/mallory', 'group/default/shadow-admins', 'template/default/run-anything', 'domain/default/shadow-domain']) {
      expect(await entity(ref)).toBeUndefined();
    }
    // The admin-configured file still brings the portal's users, groups and templates.
    expect(await entity('user/default/morgan')).toBeDefined();
    expect(await entity('group/default/platform-admins')).toBeDefined();
    expect(await eventually('the portal templates', () => entity('template/default/new-ml-project'))).toBeDefined();
  });

  it('refuses a second trusted claim: the object has no owner, its real owner is refused, admins act, both entities say so', async () => {
    const res = await as(ALEX).post('/api/catalog/locations', { type: 'url', target: `${base}/team/strimzi.yaml` });
    expect(res.status).toBe(201);
    const conflict = await eventually('the conflict in the MLOps index', async () => {
      const o = await ownership(STRIMZI);
      return o?.state === 'conflict' ? o : undefined;
    });
    expect(conflict.claimedBy.sort()).toEqual(['component:default/strimzi-operator', 'component:default/strimzi-twin']);
    expect(conflict.message).toContain('is claimed twice');

    const refused = await as(ALEX).post(`/api/mlops/objects/sim/${STRIMZI}/suspend`, { reason: 'upgrade' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('is claimed twice');
    expect((await as(MORGAN).post(`/api/mlops/objects/sim/${STRIMZI}/reconcile`)).status).toBe(200);
    for (const [name, other] of [
      ['strimzi-operator', 'component:default/strimzi-twin'],
      ['strimzi-twin', 'component:default/strimzi-operator'],
    ]) {
      const view = await as(ALEX).get(`/api/mlops/entities/component/default/${name}/objects`);
      expect(view.body.notes.join('\n')).toContain(`is also claimed by ${other}`);
    }
  });

  it.each([
    ['the backend host itself', 'http://localhost/api/catalog/entities'],
    ['another port on loopback', 'http://127.0.0.1:6443/api/v1/secrets'],
    ['the cloud metadata service', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'],
    ['a file on the backend host', 'file:///etc/passwd'],
  ])('does not fetch %s for a registered location', async (_what, target) => {
    const res = await as(SAM).post('/api/catalog/locations?dryRun=true', { type: 'url', target });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(`Reading from '${target}' is not allowed`);
  });

  it('refuses file locations from users', async () => {
    const res = await as(SAM).post('/api/catalog/locations', { type: 'file', target: '/etc/passwd' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('Registered locations must be of an allowed type');
  });

  it('leaves an audit trail naming the user for registrations and for refused and allowed writes', () => {
    const registration = audit.events.find(
      e => e.plugin === 'catalog' && e.eventId === 'location-mutate' && e.status === 'succeeded' && e.actor.actorId === SAM,
    );
    expect(registration?.meta).toMatchObject({ actionType: 'create' });
    const refused = audit.events.find(
      e => e.plugin === 'mlops' && e.eventId === 'flux-suspend' && e.status === 'failed' && e.actor.actorId === SAM,
    );
    expect(refused?.meta).toMatchObject({ name: 'airflow', entityRef: 'component:default/airflow', outcome: 'refused' });
    const allowed = audit.events.find(
      e => e.plugin === 'mlops' && e.eventId === 'flux-reconcile' && e.status === 'succeeded' && e.actor.actorId === MORGAN,
    );
    expect(allowed?.meta).toMatchObject({ name: 'orchestration-airflow', ownership: 'unclaimed', outcome: 'allowed' });
  });
});
