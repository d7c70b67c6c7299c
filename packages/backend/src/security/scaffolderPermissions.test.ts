import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import permissionModuleMlopsPolicy from '@mlops-portal/plugin-permission-backend-module-mlops-policy';
import request from 'supertest';
import { capturingAuditor } from '../__testUtils__/capturingAuditor';
import { oboMockAuthFactory } from '../__testUtils__/oboMockAuth';

/*
 * Who may run what in the scaffolder, with the real scaffolder, the real
 * permission backend and the portal's policy: dry-runs of a template the
 * caller writes are admin-only on both routes that offer them (HTTP and the
 * actions registry, which MCP uses); registered templates run for everyone;
 * a task's logs and cancel belong to whoever started it.
 */

jest.setTimeout(60_000);

const DANA = 'user:default/dana';
const SAM = 'user:default/sam';
const MORGAN = 'user:default/morgan'; // platform-admins

const GROUPS: Record<string, string[]> = {
  [DANA]: ['group:default/data-team'],
  [SAM]: ['group:default/ml-team'],
  [MORGAN]: ['group:default/platform-admins'],
};

const template = (name: string) => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/platform-team',
    parameters: [],
    steps: [{ id: 'log', name: 'Log', action: 'debug:log', input: { message: 'hello' } }],
  },
});

const entities: Entity[] = [
  template('registered'),
  ...Object.keys(GROUPS).map(ref => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: ref.split('/')[1], namespace: 'default' },
    spec: { memberOf: GROUPS[ref] },
  })),
];

async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

describe('scaffolder permissions under the portal policy', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const audit = capturingAuditor();

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        permissionPlugin,
        permissionModuleMlopsPolicy,
        permissionsServiceFactory,
        permissionsRegistryServiceFactory,
        actionsRegistryServiceFactory,
        oboMockAuthFactory,
        audit.factory,
        catalogServiceMock.factory({ entities }),
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
        mockServices.rootConfig.factory({ data: { permission: { enabled: true } } }),
      ],
    });
  });

  afterAll(() => backend?.stop());

  const as = (user: string) => ({
    get: (p: string) => request(backend.server).get(p).set('authorization', mockCredentials.user.header(user)),
    post: (p: string, body: object = {}) =>
      request(backend.server).post(p).set('authorization', mockCredentials.user.header(user)).send(body),
  });
  const dryRunBody = { template: template('written-by-the-caller'), values: {}, directoryContents: [] };
  const invoke = (user: string, action: string, input: object) =>
    as(user).post(`/api/scaffolder/.backstage/actions/v1/actions/scaffolder:${action}/invoke`, input);

  it('refuses a dry-run of a caller-written template to non-admins, over HTTP and the actions registry', async () => {
    const http = await as(SAM).post('/api/scaffolder/v2/dry-run', dryRunBody);
    expect(http.status).toBe(403);
    expect(http.body.error.name).toBe('NotAllowedError');
    const action = await invoke(SAM, 'dry-run-template', { templateYaml: JSON.stringify(dryRunBody.template) });
    // The action's visibility permission hides it from those who may not use it.
    expect(action.status).toBe(404);
    expect(action.body.error.message).toBe('Action "scaffolder:dry-run-template" not found');
    const listed = await as(SAM).get('/api/scaffolder/.backstage/actions/v1/actions');
    expect(listed.body.actions.map((a: any) => a.id)).not.toContain('scaffolder:dry-run-template');
  });

  it('lets admins dry-run, over both routes', async () => {
    const http = await as(MORGAN).post('/api/scaffolder/v2/dry-run', dryRunBody);
    expect(http.status).toBe(200);
    const action = await invoke(MORGAN, 'dry-run-template', { templateYaml: JSON.stringify(dryRunBody.template) });
    expect(action.status).toBe(200);
    expect(action.body.output.valid).toBe(true);
  });

  it("runs a registered template for anyone, and keeps the task's logs and cancel to its creator and the admins", async () => {
    const created = await as(DANA).post('/api/scaffolder/v2/tasks', { templateRef: 'template:default/registered', values: {} });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await eventually('the task to finish', async () => {
      const t = await as(DANA).get(`/api/scaffolder/v2/tasks/${id}`);
      return t.body.status === 'completed' ? t.body : undefined;
    });

    expect((await as(SAM).get(`/api/scaffolder/v2/tasks/${id}`)).status).toBe(403);
    expect((await as(SAM).get(`/api/scaffolder/v2/tasks/${id}/events`)).status).toBe(403);
    expect((await as(SAM).post(`/api/scaffolder/v2/tasks/${id}/cancel`)).status).toBe(403);
    const list = await as(SAM).get('/api/scaffolder/v2/tasks');
    expect(list.status).toBe(200);
    expect(list.body.tasks.map((t: any) => t.id)).not.toContain(id);
    const logs = await invoke(SAM, 'get-scaffolder-task-logs', { taskId: id });
    expect(logs.status).toBe(403);

    expect((await as(DANA).get(`/api/scaffolder/v2/tasks/${id}`)).status).toBe(200);
    expect((await as(MORGAN).get(`/api/scaffolder/v2/tasks/${id}`)).status).toBe(200);
    const own = await as(DANA).get('/api/scaffolder/v2/tasks');
    expect(own.body.tasks.map((t: any) => t.id)).toContain(id);

    // The scaffolder audits the run with the user as actor.
    const run = audit.events.find(
      e => e.plugin === 'scaffolder' && e.eventId === 'task' && e.meta?.actionType === 'create' && e.status === 'succeeded',
    );
    expect(run).toMatchObject({ actor: { actorId: DANA }, meta: { templateRef: 'template:default/registered', taskId: id } });
    const refusedDryRun = audit.events.find(
      e => e.plugin === 'scaffolder' && e.meta?.actionType === 'dry-run' && e.status === 'failed' && e.actor.actorId === SAM,
    );
    expect(refusedDryRun).toBeDefined();
  });
});
