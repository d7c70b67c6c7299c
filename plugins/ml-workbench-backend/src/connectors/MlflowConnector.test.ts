import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { MlflowConnector } from './MlflowConnector';
import { ToolError } from './ToolError';
import experiment from '../__fixtures__/mlflow/experiments-get-by-name.json';
import runsSearch from '../__fixtures__/mlflow/runs-search.json';
import registeredModel from '../__fixtures__/mlflow/registered-models-get.json';
import versionsSearch from '../__fixtures__/mlflow/model-versions-search.json';
import runsGet from '../__fixtures__/mlflow/runs-get.json';
import notFound from '../__fixtures__/mlflow/not-found.json';

// Answers recorded from a real `mlflow server` 3.17 seeded by scripts/ml-tools.
const BASE = 'http://mlflow.test:5000';
const API = `${BASE}/api/2.0/mlflow`;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const connector = (extra: Partial<ConstructorParameters<typeof MlflowConnector>[0]> = {}) =>
  new MlflowConnector({ baseUrl: BASE, uiUrl: BASE, ...extra }, 2000);

function recordedMlflow(seen: Request[] = []) {
  server.use(
    http.get(`${API}/experiments/get-by-name`, ({ request }) => {
      seen.push(request);
      const name = new URL(request.url).searchParams.get('experiment_name');
      return name === 'churn-prediction' ? HttpResponse.json(experiment) : HttpResponse.json(notFound, { status: 404 });
    }),
    http.post(`${API}/runs/search`, async ({ request }) => {
      seen.push(request.clone());
      const body = (await request.json()) as { experiment_ids: string[]; order_by: string[]; max_results: number };
      expect(body).toEqual({ experiment_ids: ['1'], max_results: 3, order_by: ['attributes.start_time DESC'] });
      return HttpResponse.json(runsSearch);
    }),
    http.get(`${API}/registered-models/get`, ({ request }) =>
      new URL(request.url).searchParams.get('name') === 'churn-prediction'
        ? HttpResponse.json(registeredModel)
        : HttpResponse.json({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'Registered Model with name=x not found' }, { status: 404 }),
    ),
    http.get(`${API}/model-versions/search`, ({ request }) => {
      expect(new URL(request.url).searchParams.get('filter')).toBe("name='churn-prediction'");
      return HttpResponse.json(versionsSearch);
    }),
    http.get(`${API}/runs/get`, ({ request }) => {
      const id = new URL(request.url).searchParams.get('run_id')!;
      const run = (runsGet as Record<string, unknown>)[id];
      return run ? HttpResponse.json(run) : HttpResponse.json(notFound, { status: 404 });
    }),
  );
}

describe('MlflowConnector', () => {
  it('reads an experiment with its newest runs, their params and latest metrics', async () => {
    recordedMlflow();
    const view = await connector().getExperiment('churn-prediction', 3);
    expect(view.found).toBe(true);
    expect(view.experimentId).toBe('1');
    expect(view.runs.map(r => [r.runName, r.status])).toEqual([
      ['rf-oom', 'FAILED'],
      ['rf-300-12', 'FINISHED'],
      ['rf-200-10', 'FINISHED'],
    ]);
    const best = view.runs[1];
    expect(best.params).toEqual({ n_estimators: '300', max_depth: '12', model: 'RandomForestClassifier' });
    expect(best.metrics).toEqual({ accuracy: 0.912, f1: 0.884, loss: 0.14 });
    expect(best.startTime).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(view.metricKeys).toEqual(['accuracy', 'f1', 'loss']);
  });

  it('reports an experiment MLflow does not know as not found, not as an error', async () => {
    recordedMlflow();
    await expect(connector().getExperiment('nope', 3)).resolves.toEqual({
      name: 'nope',
      found: false,
      runs: [],
      metricKeys: [],
    });
  });

  it('reads a registered model: versions newest first, aliases, stage and the metrics of the producing run', async () => {
    recordedMlflow();
    const model = await connector().getModel('churn-prediction', 10);
    expect(model.aliases).toEqual({ challenger: '3', production: '2' });
    expect(model.description).toBe('Predicts which customers are about to leave.');
    expect(model.versions.map(v => [v.version, v.status, v.stage, v.aliases, v.runName])).toEqual([
      ['3', 'READY', 'None', ['challenger'], 'rf-300-12'],
      ['2', 'READY', 'None', ['production'], 'rf-100-8'],
      ['1', 'READY', 'None', [], 'rf-50-4'],
    ]);
    expect(model.versions[0].metrics.accuracy).toBe(0.912);
    expect(model.versions[1].metrics.accuracy).toBe(0.889);
  });

  it('sends the configured token, and never puts it in an error', async () => {
    const seen: Request[] = [];
    recordedMlflow(seen);
    await connector({ token: 's3cret-token' }).getExperiment('churn-prediction', 3);
    expect(seen.map(r => r.headers.get('authorization'))).toEqual(['Bearer s3cret-token', 'Bearer s3cret-token']);

    server.use(http.get(`${API}/experiments/get-by-name`, () => HttpResponse.json({ message: 'no' }, { status: 403 })));
    const error = await connector({ token: 's3cret-token' }).getExperiment('churn-prediction', 3).catch(e => e);
    expect(error).toBeInstanceOf(ToolError);
    expect(error.kind).toBe('credentials');
    expect(error.message).toBe(
      "MLflow: http://mlflow.test:5000 refused the portal's credentials (403) for experiment 'churn-prediction': no",
    );
  });

  it('says which server is unreachable', async () => {
    server.use(http.get(`${API}/experiments/get-by-name`, () => HttpResponse.error()));
    const error = await connector().getExperiment('churn-prediction', 3).catch(e => e);
    expect(error.kind).toBe('unreachable');
    expect(error.message).toMatch(/^MLflow: http:\/\/mlflow.test:5000 is unreachable \(.+\) while reading experiment 'churn-prediction'$/);
  });
});
