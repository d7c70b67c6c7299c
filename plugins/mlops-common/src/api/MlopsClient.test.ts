import { ResponseError } from '@backstage/errors';
import { MlopsClient } from './MlopsClient';

const BASE = 'http://127.0.0.1:7007/api/mlops';

function setup(response: () => Response = () => json({ ok: true })) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchApi = {
    fetch: jest.fn(async (url: any, init?: any) => {
      calls.push({ url: String(url), init: init ?? {} });
      return response();
    }) as unknown as typeof fetch,
  };
  const discoveryApi = { getBaseUrl: jest.fn(async (id: string) => `http://127.0.0.1:7007/api/${id}`) };
  const client = new MlopsClient({ discoveryApi, fetchApi });
  return { client, calls, discoveryApi };
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const locator = { cluster: 'dev', kind: 'HelmRelease', namespace: 'orchestration', name: 'airflow' };

describe('MlopsClient', () => {
  it('gets the overview from the mlops plugin, with the cluster query', async () => {
    const { client, calls, discoveryApi } = setup(() => json({ status: 'Ready' }));
    await expect(client.getOverview({ cluster: 'prod.eu' })).resolves.toEqual({ status: 'Ready' });
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('mlops');
    expect(calls[0].url).toBe(`${BASE}/overview?cluster=prod.eu`);
    expect(calls[0].init.method).toBe('GET');
    expect(calls[0].init.body).toBeUndefined();
  });

  it('gets the overview without a query', async () => {
    const { client, calls } = setup();
    await client.getOverview();
    expect(calls[0].url).toBe(`${BASE}/overview`);
  });

  it('gets clusters', async () => {
    const { client, calls } = setup(() => json({ clusters: [] }));
    await expect(client.getClusters()).resolves.toEqual({ clusters: [] });
    expect(calls[0].url).toBe(`${BASE}/clusters`);
  });

  it('splits the entity ref into path parts', async () => {
    const { client, calls } = setup();
    await client.getEntityObjects('component:ml-team/fraud_model.v2');
    expect(calls[0].url).toBe(`${BASE}/entities/component/ml-team/fraud_model.v2/objects`);
    await client.getEntityObjects('resource:mlops-kafka');
    expect(calls[1].url).toBe(`${BASE}/entities/resource/default/mlops-kafka/objects`);
  });

  it('refuses an entity ref without a kind before sending', async () => {
    const { client, calls } = setup();
    await expect(client.getEntityObjects('mlops-kafka')).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/^entityRef: /),
    });
    expect(calls).toHaveLength(0);
  });

  it('gets an object and its events; `_` for no namespace', async () => {
    const { client, calls } = setup();
    await client.getObject(locator);
    await client.getObjectEvents({ ...locator, namespace: undefined });
    expect(calls.map(c => c.url)).toEqual([
      `${BASE}/objects/dev/HelmRelease/orchestration/airflow`,
      `${BASE}/objects/dev/HelmRelease/_/airflow/events`,
    ]);
  });

  it('URL-encodes path parts', async () => {
    const { client, calls } = setup();
    await client.getObject({ ...locator, cluster: 'a_b.c-d' });
    expect(calls[0].url).toBe(`${BASE}/objects/a_b.c-d/HelmRelease/orchestration/airflow`);
  });

  it('refuses locators the router would reject, naming the field', async () => {
    const { client, calls } = setup();
    await expect(client.getObject({ ...locator, name: '../../secrets' })).rejects.toThrow(
      /^object\.name: must be a DNS-1123 subdomain/,
    );
    await expect(client.getObject({ ...locator, kind: 'Secret' })).rejects.toThrow(/^object\.kind: must be one of/);
    expect(calls).toHaveLength(0);
  });

  it('posts reconcile with its options as JSON', async () => {
    const { client, calls } = setup(() => json({ action: 'reconcile', outcome: 'handled' }));
    await expect(client.reconcile(locator, { withSource: true, reset: true })).resolves.toMatchObject({
      outcome: 'handled',
    });
    expect(calls[0].url).toBe(`${BASE}/objects/dev/HelmRelease/orchestration/airflow/reconcile`);
    expect(calls[0].init.method).toBe('POST');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ withSource: true, reset: true });
    expect((calls[0].init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    await client.reconcile(locator);
    expect(JSON.parse(String(calls[1].init.body))).toEqual({});
  });

  it('posts suspend with the reason and resume with an empty body', async () => {
    const { client, calls } = setup();
    await client.suspend(locator, 'database migration');
    await client.resume(locator);
    expect(calls[0].url).toMatch(/\/suspend$/);
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ reason: 'database migration' });
    expect(calls[1].url).toMatch(/\/resume$/);
    expect(JSON.parse(String(calls[1].init.body))).toEqual({});
  });

  it('refuses an empty suspend reason before sending', async () => {
    const { client, calls } = setup();
    await expect(client.suspend(locator, ' ')).rejects.toThrow('body.reason: must not be empty');
    expect(calls).toHaveLength(0);
  });

  it('sends a backend token and an abort signal when given', async () => {
    const { client, calls } = setup();
    const controller = new AbortController();
    await client.getClusters({ token: 'service-token', signal: controller.signal });
    expect((calls[0].init.headers as Record<string, string>).Authorization).toBe('Bearer service-token');
    expect(calls[0].init.signal).toBe(controller.signal);
  });

  it('does not send an Authorization header without a token', async () => {
    const { client, calls } = setup();
    await client.getClusters();
    expect((calls[0].init.headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it('throws ResponseError with the backend error on non-2xx', async () => {
    const { client } = setup(() =>
      json(
        {
          error: { name: 'NotAllowedError', message: 'Suspended objects cannot be reconciled' },
          request: { method: 'POST', url: '/objects/dev/HelmRelease/orchestration/airflow/reconcile' },
          response: { statusCode: 409 },
        },
        409,
      ),
    );
    const e = await client.reconcile(locator).catch(err => err);
    expect(e).toBeInstanceOf(ResponseError);
    expect(e.response.status).toBe(409);
    expect(e.body.error.message).toBe('Suspended objects cannot be reconciled');
  });

  it('throws ResponseError on a non-JSON error page too', async () => {
    const { client } = setup(() => new Response('Bad Gateway', { status: 502, statusText: 'Bad Gateway' }));
    const e = await client.getOverview().catch(err => err);
    expect(e).toBeInstanceOf(ResponseError);
    expect(e.response.status).toBe(502);
  });

  it('calls fetchApi.fetch as a method', async () => {
    const fetchApi = {
      prefix: 'ok',
      async fetch(this: { prefix: string }) {
        return json({ clusters: [this.prefix] });
      },
    };
    const client = new MlopsClient({
      discoveryApi: { getBaseUrl: async () => BASE },
      fetchApi: fetchApi as unknown as { fetch: typeof fetch },
    });
    await expect(client.getClusters()).resolves.toEqual({ clusters: ['ok'] });
  });
});
