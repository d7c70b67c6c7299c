import { mockCredentials } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import type { EntityAirflow, EntityKafka, EntityMlflow, OwnedMlProjects } from '@mlops-portal/plugin-ml-workbench-common';
import { USERS, mlProjectEntity, startWorkbench } from './__testUtils__/testBackend';
import dag from './__fixtures__/airflow/dag.json';
import dagRuns from './__fixtures__/airflow/dag-runs.json';
import taskInstances from './__fixtures__/airflow/task-instances-list.json';
import experiment from './__fixtures__/mlflow/experiments-get-by-name.json';
import runsSearch from './__fixtures__/mlflow/runs-search.json';
import registeredModel from './__fixtures__/mlflow/registered-models-get.json';
import versionsSearch from './__fixtures__/mlflow/model-versions-search.json';
import runsGet from './__fixtures__/mlflow/runs-get.json';

/*
 * The plugin in a test backend with the portal's real permission policy,
 * MLflow and Airflow answering with responses recorded from the real servers
 * (msw), and a Kafka that is down. The same routes against the real servers:
 * plugin.realtools.test.ts.
 */

const MLFLOW = 'http://mlflow.test:5000';
const AIRFLOW = 'http://airflow.test:8080';
const CHURN = 'component:default/churn-prediction';
const DAG = 'churn_prediction_pipeline';
const taggedDag = (dagId: string, tags: string[]) => ({ ...dag, dag_id: dagId, tags: tags.map(name => ({ name, dag_id: dagId })) });

const entities = [
  mlProjectEntity('churn-prediction', 'group:default/ml-team', {
    'mlops-portal.io/mlflow-experiments': 'churn-prediction',
    'mlops-portal.io/mlflow-models': 'churn-prediction',
    'mlops-portal.io/airflow-dags': DAG,
    'mlops-portal.io/kafka-topics': 'churn-prediction-events',
    'mlops-portal.io/kafka-consumer-groups': 'churn-prediction-scorer',
    'mlops-portal.io/serving-path': 'apps/churn-prediction/serving',
  }),
  // Two entities of different teams list the same DAG: neither may act on it.
  mlProjectEntity('forecast', 'group:default/ml-team', { 'mlops-portal.io/airflow-dags': 'shared_pipeline' }),
  mlProjectEntity('forecast-copy', 'group:default/data-team', { 'mlops-portal.io/airflow-dags': 'shared_pipeline' }),
  // The data team lists a DAG whose tags do not name their entity.
  mlProjectEntity('quality', 'group:default/data-team', { 'mlops-portal.io/airflow-dags': 'data_quality_checks' }),
  { apiVersion: 'backstage.io/v1alpha1', kind: 'Group', metadata: { name: 'ml-team' }, spec: { type: 'team', children: [] } },
];

const calls: string[] = [];
const mlflowAndAirflow = [
  http.get(`${MLFLOW}/api/2.0/mlflow/experiments/get-by-name`, () => {
    calls.push('mlflow experiment');
    return HttpResponse.json(experiment);
  }),
  http.post(`${MLFLOW}/api/2.0/mlflow/runs/search`, () => HttpResponse.json(runsSearch)),
  http.get(`${MLFLOW}/api/2.0/mlflow/registered-models/get`, () => HttpResponse.json(registeredModel)),
  http.get(`${MLFLOW}/api/2.0/mlflow/model-versions/search`, () => HttpResponse.json(versionsSearch)),
  http.get(`${MLFLOW}/api/2.0/mlflow/runs/get`, ({ request: r }) =>
    HttpResponse.json((runsGet as any)[new URL(r.url).searchParams.get('run_id')!]),
  ),
  http.post(`${AIRFLOW}/auth/token`, () => HttpResponse.json({ access_token: 'h.e30.s' }, { status: 201 })),
  http.get(`${AIRFLOW}/api/v2/dags/:dagId`, ({ params }) => {
    calls.push(`airflow GET dag ${params.dagId}`);
    if (params.dagId === DAG) return HttpResponse.json(taggedDag(DAG, ['ml-pipeline', `portal-entity:${CHURN}`]));
    if (params.dagId === 'shared_pipeline') return HttpResponse.json(taggedDag('shared_pipeline', ['portal-entity:component:default/forecast']));
    if (params.dagId === 'data_quality_checks') return HttpResponse.json(taggedDag('data_quality_checks', ['data-team']));
    return HttpResponse.json({ detail: 'not found' }, { status: 404 });
  }),
  http.get(`${AIRFLOW}/api/v2/dags/:dagId/dagRuns`, () => HttpResponse.json(dagRuns)),
  http.post(`${AIRFLOW}/api/v2/dags/~/dagRuns/~/taskInstances/list`, () => HttpResponse.json(taskInstances)),
  http.post(`${AIRFLOW}/api/v2/dags/:dagId/dagRuns`, async ({ params, request: r }) => {
    calls.push(`airflow TRIGGER ${params.dagId} ${JSON.stringify(await r.json())}`);
    return HttpResponse.json({ dag_run_id: 'manual__2026-12-04T00:00:00+00:00', state: 'queued' });
  }),
  http.patch(`${AIRFLOW}/api/v2/dags/:dagId`, async ({ params, request: r }) => {
    const body = (await r.json()) as { is_paused: boolean };
    calls.push(`airflow PATCH ${params.dagId} ${JSON.stringify(body)}`);
    return HttpResponse.json({ ...dag, is_paused: body.is_paused });
  }),
];
const msw = setupServer(...mlflowAndAirflow);

describe('ml-workbench backend', () => {
  let wb: Awaited<ReturnType<typeof startWorkbench>>;
  const as = (user: keyof typeof USERS) => mockCredentials.user.header(USERS[user].ref);
  const api = '/api/ml-workbench';

  beforeAll(async () => {
    // Requests to the test backend itself pass through; the tools are msw.
    msw.listen({ onUnhandledRequest: 'bypass' });
    wb = await startWorkbench({
      entities,
      config: {
        mlWorkbench: {
          cache: { ttlSeconds: 60, refreshSeconds: 3600 },
          requestTimeoutMs: 2000,
          instances: [
            {
              name: 'test',
              mlflow: { baseUrl: MLFLOW },
              airflow: { baseUrl: AIRFLOW, username: 'portal', password: 'from-env' },
              // Nothing listens on port 9: Kafka is down.
              kafka: { brokers: ['127.0.0.1:9'] },
            },
          ],
        },
      },
    });
  });
  afterAll(async () => {
    await wb?.stop();
    msw.close();
  });
  beforeEach(() => {
    calls.length = 0;
    wb.auditEvents.length = 0;
  });

  it('shows the MLflow experiments, runs and models of an entity, from one cached answer for every viewer', async () => {
    const first = await request(wb.server).get(`${api}/entities/component/default/churn-prediction/mlflow`).set('authorization', as('dana'));
    expect(first.status).toBe(200);
    const body = first.body as EntityMlflow;
    expect(body.instance).toBe('test');
    expect(body.experiments[0].runs.map(r => r.status)).toEqual(['FAILED', 'FINISHED', 'FINISHED']);
    expect(body.models[0].versions.map(v => `${v.version}:${v.aliases.join('+')}`)).toEqual(['3:challenger', '2:production', '1:']);
    const second = await request(wb.server).get(`${api}/entities/component/default/churn-prediction/mlflow`).set('authorization', as('sam'));
    expect(second.body).toEqual(first.body);
    expect(calls.filter(c => c === 'mlflow experiment')).toHaveLength(1);
  });

  it('shows the DAGs with runs, task states, the failing task and whether the DAG accepts actions', async () => {
    const res = await request(wb.server).get(`${api}/entities/component/default/churn-prediction/airflow`).set('authorization', as('sam'));
    expect(res.status).toBe(200);
    const [view] = (res.body as EntityAirflow).dags;
    expect(view).toMatchObject({ dagId: DAG, found: true, isPaused: false, acceptsEntity: true });
    expect(view.runs[0]).toMatchObject({ state: 'failed', failedTasks: ['evaluate'] });
  });

  it('degrades the Kafka view when the broker is down, naming it, instead of failing the request', async () => {
    const res = await request(wb.server).get(`${api}/entities/component/default/churn-prediction/kafka`).set('authorization', as('sam'));
    expect(res.status).toBe(200);
    const body = res.body as EntityKafka;
    expect(body.topics).toEqual([{ name: 'churn-prediction-events', found: false, partitions: [], underReplicated: 0 }]);
    expect(body.consumerGroups[0]).toMatchObject({ groupId: 'churn-prediction-scorer', found: false });
    expect(body.problems.map(p => p.message)).toEqual([
      expect.stringMatching(/^Kafka: 127\.0\.0\.1:9 could not answer topics churn-prediction-events/),
      expect.stringMatching(/^Kafka: 127\.0\.0\.1:9 could not answer consumer groups churn-prediction-scorer/),
    ]);
  });

  it("summarizes a Group's ML projects with their last run, model and health", async () => {
    const res = await request(wb.server).get(`${api}/owners/group/default/ml-team/projects`).set('authorization', as('dana'));
    expect(res.status).toBe(200);
    const body = res.body as OwnedMlProjects;
    expect(body.projects.map(p => p.entityRef)).toEqual([CHURN, 'component:default/forecast']);
    expect(body.projects[0]).toMatchObject({
      health: 'failing',
      reasons: ['last run of churn_prediction_pipeline failed at evaluate'],
      lastRun: { dagId: DAG, state: 'failed' },
      model: { name: 'churn-prediction', latestVersion: '3', aliases: { production: '2', challenger: '3' } },
    });
  });

  it('compares a model version with the one holding the environment alias', async () => {
    const res = await request(wb.server)
      .get(`${api}/entities/component/default/churn-prediction/mlflow/models/churn-prediction/versions/3/promotion?environment=production`)
      .set('authorization', as('sam'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      alias: 'production',
      candidate: { version: '3', metrics: { accuracy: 0.912 } },
      current: { version: '2', metrics: { accuracy: 0.889 } },
      metricKeys: ['accuracy', 'f1', 'loss'],
      servingPath: 'apps/churn-prediction/serving',
    });
  });

  it('lets an owner trigger, pause and unpause, audited with the user as actor and named in the run note', async () => {
    const trigger = await request(wb.server)
      .post(`${api}/entities/component/default/churn-prediction/airflow/dags/${DAG}/trigger`)
      .set('authorization', as('sam'))
      .send({ note: 'retrain after the schema fix' });
    expect(trigger.status).toBe(200);
    expect(trigger.body).toEqual({ action: 'trigger', dagId: DAG, runId: 'manual__2026-12-04T00:00:00+00:00', state: 'queued' });
    const pause = await request(wb.server)
      .post(`${api}/entities/component/default/churn-prediction/airflow/dags/${DAG}/pause`)
      .set('authorization', as('sam'))
      .send({});
    expect(pause.body).toEqual({ action: 'pause', dagId: DAG, isPaused: true });
    const unpause = await request(wb.server)
      .post(`${api}/entities/component/default/churn-prediction/airflow/dags/${DAG}/unpause`)
      .set('authorization', as('sam'));
    expect(unpause.body).toEqual({ action: 'unpause', dagId: DAG, isPaused: false });
    expect(calls.filter(c => !c.includes('GET'))).toEqual([
      `airflow TRIGGER ${DAG} {"logical_date":null,"note":"Triggered by user:default/sam through the MLOps Portal (${CHURN}): retrain after the schema fix"}`,
      `airflow PATCH ${DAG} {"is_paused":true}`,
      `airflow PATCH ${DAG} {"is_paused":false}`,
    ]);
    expect(wb.auditEvents.map(e => [e.eventId, e.meta.actor, e.meta.entityRef, e.outcome])).toEqual([
      ['airflow-dag-trigger', 'user:default/sam', CHURN, 'success'],
      ['airflow-dag-pause', 'user:default/sam', CHURN, 'success'],
      ['airflow-dag-unpause', 'user:default/sam', CHURN, 'success'],
    ]);
    expect(wb.signals.at(-1)).toMatchObject({ channel: 'ml-workbench', message: { type: 'changed', tool: 'airflow', entityRefs: [CHURN] } });
  });

  it("refuses another team's trigger and pause with 403, audited, and never calls Airflow", async () => {
    for (const action of ['trigger', 'pause', 'unpause']) {
      const res = await request(wb.server)
        .post(`${api}/entities/component/default/churn-prediction/airflow/dags/${DAG}/${action}`)
        .set('authorization', as('dana'))
        .send({});
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        `not allowed to ${action} DAG '${DAG}': mlops.airflow.dag.${action === 'trigger' ? 'trigger' : 'pause'} on ${CHURN} was denied`,
      );
    }
    expect(calls).toEqual([]);
    expect(wb.auditEvents.map(e => [e.eventId, e.meta.actor, e.outcome])).toEqual([
      ['airflow-dag-trigger', 'user:default/dana', 'fail'],
      ['airflow-dag-pause', 'user:default/dana', 'fail'],
      ['airflow-dag-unpause', 'user:default/dana', 'fail'],
    ]);
  });

  it('lets a platform admin act on any DAG', async () => {
    const res = await request(wb.server)
      .post(`${api}/entities/component/default/churn-prediction/airflow/dags/${DAG}/pause`)
      .set('authorization', as('morgan'));
    expect(res.status).toBe(200);
  });

  it('refuses to act on a DAG that two entities list, whoever asks', async () => {
    const res = await request(wb.server)
      .post(`${api}/entities/component/default/forecast/airflow/dags/shared_pipeline/trigger`)
      .set('authorization', as('sam'));
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      "DAG 'shared_pipeline' is also listed by component:default/forecast-copy; the portal does not act on a DAG that more than one entity claims",
    );
    expect(calls.filter(c => !c.includes('GET'))).toEqual([]);
  });

  it("refuses to act on a DAG whose own tags do not name the entity, even for the entity's owners", async () => {
    const res = await request(wb.server)
      .post(`${api}/entities/component/default/quality/airflow/dags/data_quality_checks/unpause`)
      .set('authorization', as('dana'));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(
      /^DAG 'data_quality_checks' does not name component:default\/quality in its tags \(portal-entity:component:default\/quality\)/,
    );
    expect(calls.filter(c => !c.includes('GET'))).toEqual([]);
  });

  it('answers 404 for a DAG the entity does not list, and for an entity that does not exist', async () => {
    const notListed = await request(wb.server)
      .post(`${api}/entities/component/default/churn-prediction/airflow/dags/data_quality_checks/trigger`)
      .set('authorization', as('sam'));
    expect(notListed.status).toBe(404);
    expect(notListed.body.error.message).toBe(
      `DAG 'data_quality_checks' is not one of ${CHURN}'s DAGs (annotation mlops-portal.io/airflow-dags)`,
    );
    const missing = await request(wb.server).get(`${api}/entities/component/default/nope/airflow`).set('authorization', as('sam'));
    expect(missing.status).toBe(404);
  });

  it('names the bad field of a request', async () => {
    const badDag = await request(wb.server)
      .post(`${api}/entities/component/default/churn-prediction/airflow/dags/bad%20dag/trigger`)
      .set('authorization', as('sam'));
    expect(badDag.status).toBe(400);
    expect(badDag.body.error.message).toBe('path.dagId: must be letters, digits, "_", "." and "-", at most 250 characters');
    const conf = await request(wb.server)
      .post(`${api}/entities/component/default/churn-prediction/airflow/dags/${DAG}/trigger`)
      .set('authorization', as('sam'))
      .send({ conf: { cmd: 'rm -rf /' } });
    expect(conf.status).toBe(400);
    expect(conf.body.error.message).toBe("body: unknown field(s) 'conf'");
    const version = await request(wb.server)
      .get(`${api}/entities/component/default/churn-prediction/mlflow/models/churn-prediction/versions/latest/promotion`)
      .set('authorization', as('sam'));
    expect(version.status).toBe(400);
    expect(version.body.error.message).toBe('path.version: must be a model version number (1, 2, …)');
    expect(calls.filter(c => !c.includes('GET'))).toEqual([]);
  });

  it('refuses requests without a user', async () => {
    const res = await request(wb.server)
      .get(`${api}/entities/component/default/churn-prediction/mlflow`)
      .set('authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });
});

describe('ml-workbench backend without configured instances', () => {
  let wb: Awaited<ReturnType<typeof startWorkbench>>;
  beforeAll(async () => {
    wb = await startWorkbench({ entities, config: {} });
  });
  afterAll(() => wb?.stop());

  it('answers every view with the problem instead of failing, and asks no tool', async () => {
    for (const tool of ['mlflow', 'airflow', 'kafka']) {
      const res = await request(wb.server)
        .get(`/api/ml-workbench/entities/component/default/churn-prediction/${tool}`)
        .set('authorization', mockCredentials.user.header(USERS.sam.ref));
      expect(res.status).toBe(200);
      expect(res.body.problems).toEqual([{ tool, message: 'no ML platform instance is configured (mlWorkbench.instances)' }]);
    }
  });
});
