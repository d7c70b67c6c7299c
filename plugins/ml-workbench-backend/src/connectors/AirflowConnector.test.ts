import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { AirflowConnector, jwtExpiry } from './AirflowConnector';
import dag from '../__fixtures__/airflow/dag.json';
import dagRuns from '../__fixtures__/airflow/dag-runs.json';
import taskInstances from '../__fixtures__/airflow/task-instances-list.json';
import dagNotFound from '../__fixtures__/airflow/dag-not-found.json';

// Answers recorded from a real Airflow 3.3 API server seeded by scripts/ml-tools.
const BASE = 'http://airflow.test:8080';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const DAG = 'churn_prediction_pipeline';
const jwt = (exp: number, n = 0) =>
  `h.${Buffer.from(JSON.stringify({ sub: 'portal', exp, n })).toString('base64url')}.sig`;

function connector(opts: { requireEntityTag?: boolean; now?: () => number } = {}) {
  return new AirflowConnector(
    { baseUrl: BASE, uiUrl: BASE, username: 'portal', password: 'pw-from-env', requireEntityTag: opts.requireEntityTag ?? true },
    2000,
    opts.now,
  );
}

function recordedAirflow(log: string[], tokens: string[]) {
  let issued = 0;
  server.use(
    http.post(`${BASE}/auth/token`, async ({ request }) => {
      const body = (await request.json()) as { username: string; password: string };
      log.push(`token ${body.username}`);
      if (body.password !== 'pw-from-env') return HttpResponse.json({ detail: 'Invalid credentials' }, { status: 401 });
      return HttpResponse.json({ access_token: tokens[issued++ % tokens.length] }, { status: 201 });
    }),
    http.get(`${BASE}/api/v2/dags/:dagId`, ({ request, params }) => {
      log.push(`GET dag ${params.dagId} ${request.headers.get('authorization')}`);
      return params.dagId === DAG ? HttpResponse.json(dag) : HttpResponse.json(dagNotFound, { status: 404 });
    }),
    http.get(`${BASE}/api/v2/dags/:dagId/dagRuns`, ({ request }) => {
      const url = new URL(request.url);
      log.push(`GET runs order_by=${url.searchParams.get('order_by')} limit=${url.searchParams.get('limit')}`);
      return HttpResponse.json(dagRuns);
    }),
    http.post(`${BASE}/api/v2/dags/~/dagRuns/~/taskInstances/list`, async ({ request }) => {
      const body = (await request.json()) as { dag_ids: string[]; dag_run_ids: string[] };
      log.push(`POST tasks ${body.dag_ids.join(',')} runs=${body.dag_run_ids.length}`);
      return HttpResponse.json(taskInstances);
    }),
  );
}

describe('AirflowConnector', () => {
  const later = Math.floor(Date.now() / 1000) + 3600;

  it('reads a DAG: paused or not, next run, runs newest first with their tasks and the failing task', async () => {
    const log: string[] = [];
    recordedAirflow(log, [jwt(later)]);
    const view = await connector().getDag(DAG, 10, 'component:default/churn-prediction');
    expect(view).toMatchObject({ dagId: DAG, found: true, isPaused: false, schedule: 'At 00:00', hasImportErrors: false });
    expect(view.nextRunAt).toMatch(/^\d{4}-/);
    expect(view.runs.map(r => r.state)).toEqual(['failed', 'success', 'failed']);
    const failed = view.runs[0];
    expect(failed.tasks.map(t => [t.taskId, t.state])).toEqual([
      ['extract_features', 'success'],
      ['train', 'success'],
      ['evaluate', 'failed'],
    ]);
    expect(failed.failedTasks).toEqual(['evaluate']);
    // The scheduled run failed before any task ran: extract_features failed, the rest never started.
    expect(view.runs[2].failedTasks).toEqual(['extract_features']);
    expect(log).toEqual([
      'token portal',
      `GET dag ${DAG} Bearer ${jwt(later)}`,
      'GET runs order_by=-run_after limit=10',
      `POST tasks ${DAG} runs=3`,
    ]);
  });

  it('accepts actions for an entity only when the DAG names it in its tags, unless configured otherwise', async () => {
    const c = connector();
    expect(c.acceptsEntity(['ml-pipeline', 'portal-entity:component:default/churn'], 'component:default/churn')).toBe(true);
    expect(c.acceptsEntity(['ml-pipeline', 'churn'], 'component:default/churn')).toBe(false);
    expect(c.acceptsEntity(['portal-entity:component:default/churn'], 'component:default/other')).toBe(false);
    expect(connector({ requireEntityTag: false }).acceptsEntity([], 'component:default/x')).toBe(true);
  });

  it('reuses its token until a minute before it expires, then asks for a new one', async () => {
    let now = Date.now();
    const log: string[] = [];
    const exp = Math.floor(now / 1000) + 600;
    recordedAirflow(log, [jwt(exp, 1), jwt(exp + 600, 2)]);
    const c = connector({ now: () => now });
    await c.getDagInfo(DAG);
    await c.getDagInfo(DAG);
    now += 541_000;
    await c.getDagInfo(DAG);
    expect(log.filter(l => l.startsWith('token'))).toHaveLength(2);
    expect(log.filter(l => l.startsWith('GET dag')).map(l => l.split(' ').pop())).toEqual([
      jwt(exp, 1),
      jwt(exp, 1),
      jwt(exp + 600, 2),
    ]);
  });

  it('asks for a new token once when Airflow rejects the current one', async () => {
    const log: string[] = [];
    recordedAirflow(log, [jwt(later, 1), jwt(later, 2)]);
    let rejected = false;
    server.use(
      http.get(`${BASE}/api/v2/dags/:dagId`, ({ request }) => {
        log.push(`GET ${request.headers.get('authorization')}`);
        if (!rejected) {
          rejected = true;
          return HttpResponse.json({ detail: 'Invalid JWT' }, { status: 401 });
        }
        return HttpResponse.json(dag);
      }),
    );
    await expect(connector().getDagInfo(DAG)).resolves.toMatchObject({ dag_id: DAG });
    expect(log).toEqual(['token portal', `GET Bearer ${jwt(later, 1)}`, 'token portal', `GET Bearer ${jwt(later, 2)}`]);
  });

  it("reports refused credentials without the password", async () => {
    const log: string[] = [];
    recordedAirflow(log, [jwt(later)]);
    const c = new AirflowConnector({ baseUrl: BASE, uiUrl: BASE, username: 'portal', password: 'wrong-pw', requireEntityTag: true }, 2000);
    const error = await c.getDagInfo(DAG).catch(e => e);
    expect(error.kind).toBe('credentials');
    expect(error.message).toBe("Airflow: http://airflow.test:8080 refused the portal's credentials (401) for a token for the portal: Invalid credentials");
    expect(error.message).not.toContain('wrong-pw');
  });

  it('triggers a run with no logical date and a note, and pauses with the update mask', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post(`${BASE}/auth/token`, () => HttpResponse.json({ access_token: jwt(later) }, { status: 201 })),
      http.post(`${BASE}/api/v2/dags/:dagId/dagRuns`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({ dag_run_id: 'manual__1', state: 'queued' });
      }),
      http.patch(`${BASE}/api/v2/dags/:dagId`, async ({ request }) => {
        bodies.push({ mask: new URL(request.url).searchParams.get('update_mask'), ...((await request.json()) as object) });
        return HttpResponse.json({ ...dag, is_paused: true });
      }),
    );
    const c = connector();
    await expect(c.trigger(DAG, 'by sam')).resolves.toEqual({ runId: 'manual__1', state: 'queued' });
    await expect(c.setPaused(DAG, true)).resolves.toBe(true);
    expect(bodies).toEqual([{ logical_date: null, note: 'by sam' }, { mask: 'is_paused', is_paused: true }]);
  });

  it('reads the expiry of a JWT', () => {
    expect(jwtExpiry(jwt(1234))).toBe(1234_000);
    expect(jwtExpiry('not-a-jwt')).toBeUndefined();
  });
});
