import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import { startKubeSim, type KubeSim } from '@mlops-portal/kube-sim';
import request from 'supertest';
import { capturingAuditor } from '../__testUtils__/capturingAuditor';
import { kubernetesModuleReadOnlyProxy, proxyRefusal } from './kubernetesReadOnlyProxy';

const HR = '/apis/helm.toolkit.fluxcd.io/v2/namespaces/orchestration/helmreleases/airflow';
const ADMIN = 'user:default/morgan';

describe('proxyRefusal', () => {
  const get = (path: string, headers = {}) => proxyRefusal({ method: 'GET', path, headers });
  it.each([
    ['/api/v1/namespaces/orchestration/pods'],
    ['/api/v1/namespaces/orchestration/pods/airflow-web-0/log'],
    [HR],
    ['/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations'],
    ['/api/v1/namespaces/orchestration'],
    ['/api/v1/namespaces/proxy'],
    ['/api/v1/namespaces/orchestration/configmaps/proxy'],
    ['/version'],
  ])('lets GET %s through', path => {
    expect(get(path)).toBeUndefined();
    expect(proxyRefusal({ method: 'HEAD', path, headers: {} })).toBeUndefined();
  });

  it.each([
    ['PATCH', HR, 'only GET and HEAD are allowed, not PATCH'],
    ['PUT', HR, 'not PUT'],
    ['POST', '/api/v1/namespaces/orchestration/pods', 'not POST'],
    ['DELETE', '/api/v1/namespaces/orchestration/pods/airflow-web-0', 'not DELETE'],
    ['OPTIONS', HR, 'not OPTIONS'],
    ['GET', '/api/v1/namespaces/orchestration/pods/airflow-web-0/exec', 'the exec subresource'],
    ['GET', '/api/v1/namespaces/orchestration/pods/airflow-web-0/attach', 'the attach subresource'],
    ['GET', '/api/v1/namespaces/orchestration/pods/airflow-web-0/portforward', 'the portforward subresource'],
    ['GET', '/api/v1/namespaces/orchestration/services/airflow-web:8080/proxy/admin', 'the proxy subresource'],
    ['GET', '/api/v1/nodes/node-1/proxy/metrics', 'the proxy subresource'],
    ['GET', '/api/v1/namespaces/orchestration/pods/airflow-web-0/EXEC', 'the exec subresource'],
    ['GET', '/api/v1/namespaces/orchestration/pods/airflow-web-0/%65xec', 'the exec subresource'],
    ['GET', '/api/v1/namespaces/orchestration/pods/x%2F..%2Fy/exec', 'encoded path separators'],
    ['GET', '/api/v1/namespaces/orchestration/secrets', 'secrets are not read'],
    ['GET', '/api/v1/secrets', 'secrets are not read'],
  ])('refuses %s %s', (method, path, reason) => {
    expect(proxyRefusal({ method, path, headers: {} })).toContain(reason);
  });

  it('refuses WebSocket upgrades whatever the path', () => {
    expect(get('/api/v1/namespaces/x/pods/p/log', { upgrade: 'websocket', connection: 'Upgrade' })).toContain('upgrades');
  });
});

describe('the Kubernetes proxy against kube-sim', () => {
  let sim: KubeSim;
  beforeAll(async () => {
    sim = await startKubeSim({ scenario: 'healthy', tls: false, reconcileDelayMs: 10, stepMs: 0 });
    sim.admin.settle();
  });
  afterAll(() => sim?.stop());

  async function start(withGuard: boolean) {
    const audit = capturingAuditor();
    const backend = await startTestBackend({
      features: [
        kubernetesPlugin,
        ...(withGuard ? [kubernetesModuleReadOnlyProxy] : []),
        catalogServiceMock.factory(),
        audit.factory,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'sim',
                      url: sim.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: sim.token,
                      skipMetricsLookup: true,
                    },
                  ],
                },
              ],
            },
          },
        }),
      ],
    });
    const proxy = (method: 'get' | 'patch' | 'delete' | 'post', path: string) =>
      request(backend.server)
        [method](`/api/kubernetes/proxy${path}`)
        .set('authorization', mockCredentials.user.header(ADMIN))
        .set('backstage-kubernetes-cluster', 'sim');
    return { backend, proxy, events: audit.events };
  }

  /** The object as the cluster has it, read with the simulator's own token. */
  async function clusterObject(path: string) {
    const res = await fetch(`${sim.url}${path}`, { headers: { authorization: `Bearer ${sim.token}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as any;
  }

  it('refuses every write with 403, audits the refusal with the caller, and leaves the object unchanged', async () => {
    const { backend, proxy, events } = await start(true);
    try {
      const before = await clusterObject(HR);
      const patch = await proxy('patch', HR)
        .set('content-type', 'application/merge-patch+json')
        .send(JSON.stringify({ spec: { values: { image: { repository: 'evil/airflow' } } } }));
      expect(patch.status).toBe(403);
      expect(patch.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringContaining('read-only in this portal: only GET and HEAD are allowed, not PATCH'),
      });
      const del = await proxy('delete', '/api/v1/namespaces/orchestration/pods/airflow-webserver-0');
      expect(del.status).toBe(403);
      const post = await proxy('post', '/api/v1/namespaces/orchestration/configmaps').send({ metadata: { name: 'x' } });
      expect(post.status).toBe(403);
      const exec = await proxy('get', '/api/v1/namespaces/orchestration/pods/airflow-webserver-0/exec?command=id');
      expect(exec.status).toBe(403);

      const after = await clusterObject(HR);
      expect(after.spec).toEqual(before.spec);
      expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);

      const refused = events.filter(e => e.eventId === 'proxy-refused');
      expect(refused.map(e => [e.status, e.actor.actorId, e.meta?.method, e.meta?.path])).toEqual([
        ['initiated', ADMIN, 'PATCH', HR],
        ['failed', ADMIN, 'PATCH', HR],
        ['initiated', ADMIN, 'DELETE', '/api/v1/namespaces/orchestration/pods/airflow-webserver-0'],
        ['failed', ADMIN, 'DELETE', '/api/v1/namespaces/orchestration/pods/airflow-webserver-0'],
        ['initiated', ADMIN, 'POST', '/api/v1/namespaces/orchestration/configmaps'],
        ['failed', ADMIN, 'POST', '/api/v1/namespaces/orchestration/configmaps'],
        ['initiated', ADMIN, 'GET', '/api/v1/namespaces/orchestration/pods/airflow-webserver-0/exec'],
        ['failed', ADMIN, 'GET', '/api/v1/namespaces/orchestration/pods/airflow-webserver-0/exec'],
      ]);
      // The query string (which may carry a command) stays out of the log.
      expect(JSON.stringify(refused)).not.toContain('command=id');
      expect(refused.every(e => e.severityLevel === 'high' && e.plugin === 'kubernetes')).toBe(true);
      // None of the refused requests reached the stock proxy.
      expect(events.filter(e => e.eventId === 'cluster-fetch')).toEqual([]);
    } finally {
      await backend.stop();
    }
  });

  it('lets reads through to the stock proxy', async () => {
    const { backend, proxy, events } = await start(true);
    try {
      await proxy('get', HR);
      // The stock proxy took the request: it opened its own audit event. (It
      // then loads @kubernetes/client-node with a dynamic import, which jest
      // cannot run without --experimental-vm-modules, so the answer itself
      // is checked by the backend process in the attack suite.)
      expect(events.filter(e => e.eventId === 'proxy-refused')).toEqual([]);
      expect(events.find(e => e.eventId === 'cluster-fetch')).toMatchObject({
        status: 'initiated',
        actor: { actorId: ADMIN },
        meta: { queryType: 'proxy', method: 'GET', path: HR },
      });
    } finally {
      await backend.stop();
    }
  });
});
