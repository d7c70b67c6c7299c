import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import type { EntityAirflow, EntityKafka, EntityMlflow, OwnedMlProjects } from '@mlops-portal/plugin-ml-workbench-common';
import { USERS, mlProjectEntity, startWorkbench } from './__testUtils__/testBackend';
import { describeWithRealTools, type RealTools } from './__testUtils__/realTools';

/*
 * The plugin against the REAL MLflow, Airflow 3 and Kafka that
 * scripts/ml-tools starts and seeds with the demo project churn-prediction
 * (CI step ml-workbench: scripts/ml-tools/test-ml.mjs). Nothing here is a
 * recording: every answer comes from the servers.
 */

const CHURN = 'component:default/churn-prediction';
const DAG = 'churn_prediction_pipeline';
const api = '/api/ml-workbench';
const as = (user: keyof typeof USERS) => mockCredentials.user.header(USERS[user].ref);

async function airflowDag(tools: RealTools): Promise<{ is_paused: boolean }> {
  const token = await (
    await fetch(`${tools.airflowUrl}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: tools.airflowUsername, password: tools.airflowPassword }),
    })
  ).json();
  return (await fetch(`${tools.airflowUrl}/api/v2/dags/${DAG}`, { headers: { authorization: `Bearer ${token.access_token}` } })).json();
}

async function airflowRuns(tools: RealTools): Promise<Array<{ dag_run_id: string; note: string | null }>> {
  const token = await (
    await fetch(`${tools.airflowUrl}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: tools.airflowUsername, password: tools.airflowPassword }),
    })
  ).json();
  const res = await fetch(`${tools.airflowUrl}/api/v2/dags/${DAG}/dagRuns?order_by=-run_after&limit=20`, {
    headers: { authorization: `Bearer ${token.access_token}` },
  });
  return (await res.json()).dag_runs;
}

describeWithRealTools('ml-workbench backend against the real MLflow, Airflow and Kafka', tools => {
  let wb: Awaited<ReturnType<typeof startWorkbench>>;

  beforeAll(async () => {
    wb = await startWorkbench({
      entities: [
        mlProjectEntity('churn-prediction', 'group:default/ml-team', {
          'mlops-portal.io/mlflow-experiments': 'churn-prediction',
          'mlops-portal.io/mlflow-models': 'churn-prediction',
          'mlops-portal.io/airflow-dags': DAG,
          'mlops-portal.io/kafka-topics': 'churn-prediction-events,churn-prediction-predictions',
          'mlops-portal.io/kafka-consumer-groups': 'churn-prediction-scorer',
        }),
        { apiVersion: 'backstage.io/v1alpha1', kind: 'Group', metadata: { name: 'ml-team' }, spec: { type: 'team', children: [] } },
      ],
      config: {
        mlWorkbench: {
          cache: { ttlSeconds: 1 },
          instances: [
            {
              name: 'local',
              mlflow: { baseUrl: tools.mlflowUrl },
              airflow: { baseUrl: tools.airflowUrl, username: tools.airflowUsername, password: tools.airflowPassword },
              kafka: { brokers: tools.kafkaBrokers },
            },
          ],
        },
      },
    });
  }, 60_000);
  afterAll(() => wb?.stop());

  it('reads the experiment, its runs with params and metrics, and the model versions with aliases and runs', async () => {
    const res = await request(wb.server).get(`${api}/entities/component/default/churn-prediction/mlflow`).set('authorization', as('dana'));
    expect(res.status).toBe(200);
    const body = res.body as EntityMlflow;
    expect(body.problems).toEqual([]);
    const [exp] = body.experiments;
    expect(exp.found).toBe(true);
    expect(exp.runs.length).toBeGreaterThanOrEqual(7);
    expect(exp.runs.some(r => r.status === 'FAILED')).toBe(true);
    const best = exp.runs.find(r => r.runName === 'rf-300-12')!;
    expect(best.params).toMatchObject({ n_estimators: '300', max_depth: '12' });
    expect(best.metrics.accuracy).toBe(0.912);
    expect(exp.metricKeys).toEqual(expect.arrayContaining(['accuracy', 'f1', 'loss']));
    const [model] = body.models;
    expect(model.aliases).toMatchObject({ production: '2', challenger: '3' });
    const v2 = model.versions.find(v => v.version === '2')!;
    expect(v2).toMatchObject({ status: 'READY', aliases: ['production'], runName: 'rf-100-8' });
    expect(v2.metrics.accuracy).toBe(0.889);
  });

  it('reads the DAG, its runs and task states, with the failed evaluate task', async () => {
    const res = await request(wb.server).get(`${api}/entities/component/default/churn-prediction/airflow`).set('authorization', as('dana'));
    expect(res.status).toBe(200);
    const body = res.body as EntityAirflow;
    expect(body.problems).toEqual([]);
    const [dag] = body.dags;
    expect(dag).toMatchObject({ dagId: DAG, found: true, acceptsEntity: true, hasImportErrors: false, schedule: 'At 00:00' });
    expect(dag.nextRunAt).toBeDefined();
    const failed = dag.runs.find(r => r.note === 'seed: evaluation fails')!;
    expect(failed.state).toBe('failed');
    expect(failed.failedTasks).toEqual(['evaluate']);
    expect(failed.tasks.map(t => `${t.taskId}:${t.state}`)).toEqual(['extract_features:success', 'train:success', 'evaluate:failed']);
    expect(dag.runs.find(r => r.note === 'seed: a good run')!.state).toBe('success');
  });

  it('reads partitions, replicas and ISR of the topics and the lag of the consumer group', async () => {
    const res = await request(wb.server).get(`${api}/entities/component/default/churn-prediction/kafka`).set('authorization', as('dana'));
    expect(res.status).toBe(200);
    const body = res.body as EntityKafka;
    expect(body.problems).toEqual([]);
    const events = body.topics.find(t => t.name === 'churn-prediction-events')!;
    expect(events.partitions.map(p => [p.partition, p.leader, p.replicas, p.isr])).toEqual([
      [0, 1, [1], [1]],
      [1, 1, [1], [1]],
      [2, 1, [1], [1]],
    ]);
    expect(events.partitions.reduce((n, p) => n + (p.endOffset ?? 0), 0)).toBeGreaterThanOrEqual(300);
    const [group] = body.consumerGroups;
    expect(group.found).toBe(true);
    expect(group.partitions.length).toBeGreaterThan(0);
    expect(group.lag).toBe(group.partitions.reduce((n, p) => n + p.lag, 0));
    expect(group.lag).toBeGreaterThan(0);
    expect(group.history.length).toBeGreaterThanOrEqual(1);
  });

  it("lists the ML team's projects with their last run and model", async () => {
    const res = await request(wb.server).get(`${api}/owners/group/default/ml-team/projects`).set('authorization', as('dana'));
    expect(res.status).toBe(200);
    const [project] = (res.body as OwnedMlProjects).projects;
    expect(project.entityRef).toBe(CHURN);
    expect(project.lastRun?.dagId).toBe(DAG);
    expect(project.model).toMatchObject({ name: 'churn-prediction', aliases: { production: '2' } });
    expect(['healthy', 'failing', 'running']).toContain(project.health);
  });

  it('refuses a pause by another team with 403 and leaves the DAG as it was', async () => {
    const before = await airflowDag(tools);
    const res = await request(wb.server)
      .post(`${api}/entities/component/default/churn-prediction/airflow/dags/${DAG}/pause`)
      .set('authorization', as('dana'));
    expect(res.status).toBe(403);
    expect((await airflowDag(tools)).is_paused).toBe(before.is_paused);
    expect(wb.auditEvents.at(-1)).toMatchObject({ eventId: 'airflow-dag-pause', meta: { actor: USERS.dana.ref }, outcome: 'fail' });
  });

  it('lets the owning team pause and unpause the DAG in Airflow', async () => {
    const pause = await request(wb.server)
      .post(`${api}/entities/component/default/churn-prediction/airflow/dags/${DAG}/pause`)
      .set('authorization', as('sam'));
    expect(pause.status).toBe(200);
    expect((await airflowDag(tools)).is_paused).toBe(true);
    const view = await request(wb.server).get(`${api}/entities/component/default/churn-prediction/airflow`).set('authorization', as('sam'));
    expect(view.body.dags[0].isPaused).toBe(true);
    const unpause = await request(wb.server)
      .post(`${api}/entities/component/default/churn-prediction/airflow/dags/${DAG}/unpause`)
      .set('authorization', as('sam'));
    expect(unpause.body).toEqual({ action: 'unpause', dagId: DAG, isPaused: false });
    expect((await airflowDag(tools)).is_paused).toBe(false);
  });

  it('lets the owning team trigger a run that Airflow records with the user in its note', async () => {
    const res = await request(wb.server)
      .post(`${api}/entities/component/default/churn-prediction/airflow/dags/${DAG}/trigger`)
      .set('authorization', as('sam'))
      .send({ note: 'real-tools test' });
    expect(res.status).toBe(200);
    const runs = await airflowRuns(tools);
    const run = runs.find(r => r.dag_run_id === res.body.runId);
    expect(run?.note).toBe(`Triggered by user:default/sam through the MLOps Portal (${CHURN}): real-tools test`);
    const denied = await request(wb.server)
      .post(`${api}/entities/component/default/churn-prediction/airflow/dags/${DAG}/trigger`)
      .set('authorization', as('dana'));
    expect(denied.status).toBe(403);
    expect((await airflowRuns(tools)).length).toBe(runs.length);
  });
});
