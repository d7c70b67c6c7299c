import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import type { EntityMlflow } from '@mlops-portal/plugin-ml-workbench-common';
import { describeWithRealTools } from '../__testUtils__/realTools';
import { startWorkbench } from '../__testUtils__/testBackend';
import { renderNewMlProject } from '../__testUtils__/renderNewMlProject';

/*
 * The New ML project template, for real (CI step ml-workbench):
 * 1. the generated project's own tests pass with pytest, in a venv made from
 *    the project's own requirements.txt;
 * 2. its DAG loads in a real Airflow 3 DagBag without import errors;
 * 3. its training step (`python -m <pkg>.train`, unchanged) reads features
 *    from S3, logs a run and registers a model version in the real MLflow.
 *    S3 is moto's server from PyPI standing in for MinIO (a Go build of MinIO
 *    is not part of this setup); MLflow is real.
 * Then the workbench shows that run and version through the annotations the
 * template wrote.
 */

const root = path.resolve(__dirname, '../../../..');
const toolsDir = path.join(root, '.tools/ml');
const NAME = `credit-scoring-${Date.now().toString(36)}`;
const PKG = NAME.replace(/-/g, '_');

function sh(cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}) {
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 600_000,
  });
  if (r.status !== 0) {
    throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout?.slice(-3000)}\n${r.stderr?.slice(-3000)}`);
  }
  return r.stdout;
}

/** A venv with `pip install <args>`, reused while the args are the same. */
function venvWith(name: string, args: string[], files: string[] = []): string {
  const venv = path.join(toolsDir, name);
  const want = createHash('sha256')
    .update(JSON.stringify([args, files.map(f => fs.readFileSync(f, 'utf8'))]))
    .digest('hex');
  const stamp = path.join(venv, '.portal-stamp');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return venv;
  fs.rmSync(venv, { recursive: true, force: true });
  sh('python3', ['-m', 'venv', venv]);
  sh(path.join(venv, 'bin/pip'), ['install', '--quiet', '--disable-pip-version-check', ...args], { timeoutMs: 1_200_000 });
  fs.writeFileSync(stamp, want);
  return venv;
}

/**
 * The project's own requirements.txt, with the MLflow client at the server's
 * version (scripts/ml-tools/requirements-mlflow.txt) so both speak one API.
 */
function projectVenv(projectDir: string): string {
  const requirements = path.join(projectDir, 'requirements.txt');
  const mlflowPin = fs
    .readFileSync(path.join(root, 'scripts/ml-tools/requirements-mlflow.txt'), 'utf8')
    .split('\n')
    .find(l => l.startsWith('mlflow=='))!;
  return venvWith('project', ['-r', requirements, mlflowPin], [requirements]);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

describeWithRealTools('the New ML project template on the real tools', tools => {
  let project: Awaited<ReturnType<typeof renderNewMlProject>>;
  let venv: string;
  let motoVenv: string;
  let s3: ChildProcess | undefined;

  beforeAll(async () => {
    project = await renderNewMlProject({ name: NAME, owner: 'group:default/ml-team' });
    venv = projectVenv(project.dir);
    // moto's S3 server in a venv of its own: it brings its own boto3/botocore pins.
    motoVenv = venvWith('moto', ['moto[server]>=5']);
  }, 1_500_000);
  afterAll(() => {
    s3?.kill();
    project?.cleanup();
  });

  it("passes the project's own tests with pytest", () => {
    const out = sh(path.join(venv, 'bin/python'), ['-m', 'pytest', 'tests', '-q', '-p', 'no:cacheprovider'], {
      cwd: project.dir,
      env: { PYTHONPATH: 'src' },
    });
    expect(out).toMatch(/3 passed/);
  }, 300_000);

  it('loads its DAG in a real Airflow DagBag without import errors', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'airflow-home-'));
    const script = [
      'import json, sys',
      'from airflow.dag_processing.dagbag import DagBag',
      // Airflow 3.3's DagBag has no include_examples; AIRFLOW__CORE__LOAD_EXAMPLES=False below keeps them out.
      'bag = DagBag(dag_folder=sys.argv[1])',
      'print(json.dumps({"errors": {k: str(v) for k, v in bag.import_errors.items()}, "dags": {d: sorted(bag.dags[d].tags) for d in bag.dags}}))',
    ].join('\n');
    const out = sh(path.join(toolsDir, 'airflow/bin/python'), ['-c', script, path.join(project.dir, 'dags')], {
      cwd: project.dir,
      env: {
        AIRFLOW_HOME: home,
        PYTHONPATH: path.join(project.dir, 'src'),
        AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: `sqlite:///${home}/airflow.db`,
      },
    });
    const bag = JSON.parse(out.trim().split('\n').pop()!);
    expect(bag.errors).toEqual({});
    expect(bag.dags[`${PKG}_pipeline`]).toEqual(['ml-pipeline', NAME, `portal-entity:component:default/${NAME}`].sort());
    fs.rmSync(home, { recursive: true, force: true });
  }, 300_000);

  it('its training step logs a run and registers a model version in the real MLflow, shown by the workbench', async () => {
    const port = await freePort();
    s3 = spawn(path.join(motoVenv, 'bin/moto_server'), ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    const endpoint = `http://127.0.0.1:${port}`;
    const awsEnv = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1' };
    // Features as Spark would write them: Parquet part files under features/.
    const prepare = [
      'import sys, time, numpy as np, pandas as pd, s3fs',
      'endpoint, bucket = sys.argv[1], sys.argv[2]',
      'opts = {"client_kwargs": {"endpoint_url": endpoint}}',
      'fs = s3fs.S3FileSystem(**opts)',
      'for _ in range(100):',
      '    try:',
      '        fs.mkdir(bucket); break',
      '    except Exception:',
      '        time.sleep(0.2)',
      'rng = np.random.default_rng(7)',
      'x = rng.normal(size=(400, 3))',
      'frame = pd.DataFrame({"event_count": x[:, 0], "recency": x[:, 1], "spend": x[:, 2], "label": (x[:, 0] + x[:, 2] > 0).astype(int)})',
      'frame.to_parquet("s3://%s/features/part-00000.parquet" % bucket, storage_options=opts)',
    ].join('\n');
    sh(path.join(venv, 'bin/python'), ['-c', prepare, endpoint, `${NAME}-data`], { env: awsEnv });
    sh(path.join(venv, 'bin/python'), ['-m', `${PKG}.train`], {
      cwd: project.dir,
      env: { ...awsEnv, PYTHONPATH: 'src', MINIO_ENDPOINT: endpoint, MLFLOW_TRACKING_URI: tools.mlflowUrl, GIT_PYTHON_REFRESH: 'quiet' },
      timeoutMs: 600_000,
    });
    // The metrics file the training step writes back to the bucket.
    const keys = sh(
      path.join(venv, 'bin/python'),
      ['-c', 'import sys, s3fs; print(s3fs.S3FileSystem(client_kwargs={"endpoint_url": sys.argv[1]}).ls(sys.argv[2]))', endpoint, `${NAME}-data/metrics`],
      { env: awsEnv },
    );
    expect(keys).toMatch(/metrics\/[0-9a-f]{32}\.json/);

    // The portal's view of the new project, from the annotations the template wrote.
    const wb = await startWorkbench({
      entities: [{ ...project.component, metadata: { ...project.component.metadata, namespace: 'default' } }],
      config: { mlWorkbench: { instances: [{ name: 'local', mlflow: { baseUrl: tools.mlflowUrl } }] } },
    });
    try {
      const res = await request(wb.server)
        .get(`/api/ml-workbench/entities/component/default/${NAME}/mlflow`)
        .set('authorization', mockCredentials.user.header('user:default/sam'));
      expect(res.status).toBe(200);
      const body = res.body as EntityMlflow;
      const [run] = body.experiments[0].runs;
      expect(run).toMatchObject({ status: 'FINISHED', params: { n_estimators: '100', max_depth: '8' } });
      expect(run.metrics.accuracy).toBeGreaterThan(0.5);
      const [version] = body.models[0].versions;
      expect(version).toMatchObject({ version: '1', status: 'READY', runId: run.runId });
      expect(version.metrics.accuracy).toBe(run.metrics.accuracy);
    } finally {
      await wb.stop();
    }
  }, 900_000);
});
