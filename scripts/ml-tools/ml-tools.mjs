#!/usr/bin/env node
// The real ML tools for the local portal and CI: MLflow and Airflow from PyPI
// (pip, into git-ignored venvs under .tools/ml/), Apache Kafka's jars from
// Maven Central (into .tools/ml/kafka/libs), started on 127.0.0.1 and seeded
// with the demo ML project `churn-prediction`.
//
//   node scripts/ml-tools/ml-tools.mjs install   install what is missing (prints the time taken)
//   node scripts/ml-tools/ml-tools.mjs start     start, seed, keep Kafka traffic flowing; Ctrl-C stops all
//
// Ports (env): ML_KAFKA_PORT (19092), ML_KAFKA_CONTROLLER_PORT (19093),
// ML_MLFLOW_PORT (15000), ML_AIRFLOW_PORT (18080). Data (env PORTAL_DATA_DIR,
// default .data): <data>/ml/{kafka,mlflow,airflow}; `start` writes
// <data>/ml/ready.json (ports, times) when everything answers and is seeded.
// The Airflow user's password and JWT secret are generated per data folder
// into <data>/ml/secrets.json (git-ignored) and handed to the portal through
// the environment by scripts/start-local.mjs.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const tools = resolve(root, '.tools/ml');
const dataDir = resolve(root, process.env.PORTAL_DATA_DIR ?? '.data', 'ml');
const ports = {
  kafka: Number(process.env.ML_KAFKA_PORT ?? 19092),
  kafkaController: Number(process.env.ML_KAFKA_CONTROLLER_PORT ?? 19093),
  mlflow: Number(process.env.ML_MLFLOW_PORT ?? 15000),
  airflow: Number(process.env.ML_AIRFLOW_PORT ?? 18080),
};
const PROJECT = {
  entity: 'component:default/churn-prediction',
  dagId: 'churn_prediction_pipeline',
  topics: ['churn-prediction-events', 'churn-prediction-predictions'],
  group: 'churn-prediction-scorer',
};

function log(msg) {
  console.log(`\x1b[1m[ml-tools]\x1b[0m ${msg}`);
}

const sha = file => createHash('sha256').update(readFileSync(file)).digest('hex');
const seconds = started => ((Date.now() - started) / 1000).toFixed(0);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: opts.quiet ? 'pipe' : 'inherit', encoding: 'utf8', ...opts });
  if (r.status !== 0) {
    const out = opts.quiet ? `\n${(r.stdout ?? '').slice(-2000)}${(r.stderr ?? '').slice(-2000)}` : '';
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})${out}`);
  }
  return r;
}

// ---------------------------------------------------------------- install

/** A venv with the pinned requirements; skipped when its stamp matches the pins. */
function installVenv(name) {
  const venv = resolve(tools, name);
  const req = resolve(here, `requirements-${name}.txt`);
  const constraints = resolve(here, `constraints-${name}.txt`);
  const stamp = resolve(venv, '.portal-stamp');
  const want = `${sha(req)} ${sha(constraints)}`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return false;
  const started = Date.now();
  log(`installing ${name} from PyPI into ${venv} (pip; a few minutes the first time)`);
  rmSync(venv, { recursive: true, force: true });
  run('python3', ['-m', 'venv', venv]);
  run(resolve(venv, 'bin/pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', req, '-c', constraints]);
  writeFileSync(stamp, want);
  log(`${name} installed in ${seconds(started)} s`);
  return true;
}

/** Kafka's broker jars from Maven Central; skipped when the pom did not change. */
function installKafka() {
  const libs = resolve(tools, 'kafka/libs');
  const pom = resolve(here, 'kafka-pom.xml');
  const stamp = resolve(tools, 'kafka/.portal-stamp');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === sha(pom)) return false;
  const started = Date.now();
  log(`installing Kafka's jars from Maven Central into ${libs} (mvn)`);
  rmSync(libs, { recursive: true, force: true });
  run('mvn', ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${libs}`, '-DincludeScope=runtime']);
  writeFileSync(stamp, sha(pom));
  log(`Kafka installed in ${seconds(started)} s`);
  return true;
}

export function install() {
  const started = Date.now();
  mkdirSync(tools, { recursive: true });
  const did = [installVenv('mlflow'), installVenv('airflow'), installKafka()].some(Boolean);
  log(did ? `ML tools installed in ${seconds(started)} s` : 'ML tools already installed');
}

// ---------------------------------------------------------------- start

const children = [];
let stopping = false;

function startChild(name, cmd, args, opts = {}) {
  mkdirSync(resolve(dataDir, 'logs'), { recursive: true });
  const logFile = resolve(dataDir, 'logs', `${name}.log`);
  // Each server's output goes to its own log file; the portal's terminal stays readable.
  const child = spawn('sh', ['-c', 'exec "$@" >>"$LOG_FILE" 2>&1', 'sh', cmd, ...args], {
    cwd: opts.cwd ?? dataDir,
    env: { ...process.env, ...opts.env, LOG_FILE: logFile },
    stdio: 'ignore',
  });
  children.push({ name, child });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${signal ?? code}); see ${logFile}`);
      shutdown(1);
    }
  });
  return child;
}

function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const { child } of children) if (child.exitCode === null) child.kill('SIGTERM');
  // Airflow's scheduler and Kafka take a few seconds to close cleanly.
  const force = setTimeout(() => {
    for (const { child } of children) if (child.exitCode === null) child.kill('SIGKILL');
    process.exit(code);
  }, 20_000);
  force.unref();
  Promise.all(children.map(({ child }) => (child.exitCode === null ? new Promise(r => child.once('exit', r)) : undefined))).then(
    () => process.exit(code),
  );
}

async function waitFor(what, check, ms) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    if (stopping) throw new Error('stopping');
    try {
      if (await check()) return;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`${what} did not come up within ${ms / 1000} s${last ? ` (${last.message})` : ''}`);
}

const httpOk = url => async () => (await fetch(url, { signal: AbortSignal.timeout(3000) })).ok;

function secrets() {
  const file = resolve(dataDir, 'secrets.json');
  if (!existsSync(file)) {
    writeFileSync(
      file,
      JSON.stringify({ airflowPassword: randomBytes(18).toString('base64url'), airflowJwtSecret: randomBytes(32).toString('hex') }),
      { mode: 0o600 },
    );
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

async function startKafka() {
  const dir = resolve(dataDir, 'kafka');
  mkdirSync(dir, { recursive: true });
  const props = resolve(dir, 'server.properties');
  writeFileSync(
    props,
    [
      '# Single-node KRaft broker for the local portal (scripts/ml-tools); regenerated at every start.',
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.bootstrap.servers=127.0.0.1:${ports.kafkaController}`,
      `listeners=PLAINTEXT://127.0.0.1:${ports.kafka},CONTROLLER://127.0.0.1:${ports.kafkaController}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${ports.kafka}`,
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'inter.broker.listener.name=PLAINTEXT',
      `log.dirs=${resolve(dir, 'data')}`,
      'num.partitions=3',
      'offsets.topic.replication.factor=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      '',
    ].join('\n'),
  );
  const log4j = resolve(dir, 'log4j2.yaml');
  writeFileSync(
    log4j,
    'Configuration:\n  Appenders:\n    Console:\n      name: STDOUT\n      PatternLayout:\n        pattern: "[%d] %p %m (%c)%n"\n  Loggers:\n    Root:\n      level: WARN\n      AppenderRef:\n        - ref: STDOUT\n',
  );
  const cp = `${resolve(tools, 'kafka/libs')}/*`;
  const java = ['-Xms256m', '-Xmx512m', `-Dlog4j2.configurationFile=${log4j}`, '-cp', cp];
  if (!existsSync(resolve(dir, 'data/meta.properties'))) {
    const clusterId = run('java', [...java, 'kafka.tools.StorageTool', 'random-uuid'], { quiet: true }).stdout.trim().split('\n').pop();
    run('java', [...java, 'kafka.tools.StorageTool', 'format', '--standalone', '-t', clusterId, '-c', props], { quiet: true });
  }
  startChild('kafka', 'java', [...java, 'kafka.Kafka', props]);
  const { Admin } = await import('@platformatic/kafka');
  await waitFor(
    'Kafka',
    async () => {
      const admin = new Admin({ clientId: 'ml-tools', bootstrapBrokers: [`127.0.0.1:${ports.kafka}`], retries: 0 });
      try {
        await admin.listTopics();
        return true;
      } finally {
        await admin.close().catch(() => {});
      }
    },
    120_000,
  );
}

async function startMlflow() {
  const dir = resolve(dataDir, 'mlflow');
  mkdirSync(dir, { recursive: true });
  startChild('mlflow', resolve(tools, 'mlflow/bin/mlflow'), [
    'server',
    '--backend-store-uri', `sqlite:///${resolve(dir, 'mlflow.db')}`,
    '--artifacts-destination', resolve(dir, 'artifacts'),
    '--host', '127.0.0.1',
    '--port', String(ports.mlflow),
    '--workers', '1',
  ], {
    // MLflow 3's background job runner (GenAI evaluation jobs: seven huey
    // worker processes) is not used here and costs memory and CPU.
    env: { MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false' },
  });
  await waitFor('MLflow', httpOk(`http://127.0.0.1:${ports.mlflow}/health`), 180_000);
}

export function airflowEnv(s) {
  const dir = resolve(dataDir, 'airflow');
  return {
    AIRFLOW_HOME: dir,
    AIRFLOW__CORE__DAGS_FOLDER: resolve(dir, 'dags'),
    AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
    AIRFLOW__CORE__EXECUTOR: 'LocalExecutor',
    AIRFLOW__CORE__PARALLELISM: '2',
    AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION: 'False',
    // The simple auth manager (Airflow's default) with one user for the portal's backend.
    AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS: 'portal:admin',
    AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE: resolve(dir, 'passwords.json'),
    AIRFLOW__CORE__EXECUTION_API_SERVER_URL: `http://127.0.0.1:${ports.airflow}/execution/`,
    AIRFLOW__API__HOST: '127.0.0.1',
    AIRFLOW__API__PORT: String(ports.airflow),
    AIRFLOW__API__WORKERS: '1',
    AIRFLOW__API_AUTH__JWT_SECRET: s.airflowJwtSecret,
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: `sqlite:///${resolve(dir, 'airflow.db')}`,
    AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL: '10',
    AIRFLOW__LOGGING__BASE_LOG_FOLDER: resolve(dir, 'logs'),
  };
}

async function startAirflow(s) {
  const dir = resolve(dataDir, 'airflow');
  mkdirSync(resolve(dir, 'dags'), { recursive: true });
  cpSync(resolve(here, 'seed/dags'), resolve(dir, 'dags'), { recursive: true, filter: src => !src.includes('__pycache__') });
  writeFileSync(resolve(dir, 'passwords.json'), JSON.stringify({ portal: s.airflowPassword }), { mode: 0o600 });
  const env = airflowEnv(s);
  const airflow = resolve(tools, 'airflow/bin/airflow');
  const stamp = resolve(dir, '.migrated');
  const want = sha(resolve(here, 'requirements-airflow.txt'));
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== want) {
    log('creating the Airflow database (airflow db migrate)');
    run(airflow, ['db', 'migrate'], { env: { ...process.env, ...env }, quiet: true });
    writeFileSync(stamp, want);
  }
  // The API server first: the scheduler's tasks report to its execution API.
  startChild('airflow-api-server', airflow, ['api-server'], { env });
  await waitFor('Airflow API server', httpOk(`http://127.0.0.1:${ports.airflow}/api/v2/monitor/health`), 240_000);
  startChild('airflow-scheduler', airflow, ['scheduler'], { env });
  startChild('airflow-dag-processor', airflow, ['dag-processor'], { env });
}

// ---------------------------------------------------------------- seed

function seedMlflow() {
  run(resolve(tools, 'mlflow/bin/python'), [resolve(here, 'seed/seed_mlflow.py'), `http://127.0.0.1:${ports.mlflow}`], {
    quiet: true,
    env: { ...process.env, MLFLOW_TRACKING_URI: `http://127.0.0.1:${ports.mlflow}`, GIT_PYTHON_REFRESH: 'quiet' },
  });
}

async function airflowApi(s, method, path, body) {
  const base = `http://127.0.0.1:${ports.airflow}`;
  const tokenRes = await fetch(`${base}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'portal', password: s.airflowPassword }),
  });
  const { access_token: token } = await tokenRes.json();
  const res = await fetch(`${base}/api/v2/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`Airflow ${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Two runs of the demo DAG through the real API: one succeeds, one fails in `evaluate`. */
async function seedAirflow(s) {
  const dag = `dags/${PROJECT.dagId}`;
  await waitFor('the demo DAG to be parsed', async () => (await airflowApi(s, 'GET', dag)).dag_id === PROJECT.dagId, 180_000);
  const { dag_runs: runs } = await airflowApi(s, 'GET', `${dag}/dagRuns?run_type=manual&limit=5`);
  if (runs.length < 2) {
    await airflowApi(s, 'POST', `${dag}/dagRuns`, { logical_date: null, note: 'seed: a good run' });
    await airflowApi(s, 'POST', `${dag}/dagRuns`, { logical_date: null, conf: { fail_evaluation: true }, note: 'seed: evaluation fails' });
  }
  await waitFor(
    'the seeded DAG runs to finish',
    async () => {
      const { dag_runs: all } = await airflowApi(s, 'GET', `${dag}/dagRuns?run_type=manual&limit=5`);
      return all.length >= 2 && all.every(r => r.state === 'success' || r.state === 'failed');
    },
    300_000,
  );
}

/**
 * Topics with traffic and a consumer group that lags: 300 events, of which a
 * real consumer in group churn-prediction-scorer reads and commits 200.
 */
async function seedKafka() {
  const { Admin, Producer, Consumer, stringSerializers, stringDeserializers } = await import('@platformatic/kafka');
  const brokers = [`127.0.0.1:${ports.kafka}`];
  const admin = new Admin({ clientId: 'ml-tools', bootstrapBrokers: brokers });
  try {
    const existing = new Set(await admin.listTopics());
    const missing = PROJECT.topics.filter(t => !existing.has(t));
    if (missing.length) {
      await admin.createTopics({ topics: missing.map(topic => ({ topic, partitions: topic.endsWith('events') ? 3 : 1, replicas: 1 })) });
    }
    const offsets = await admin.listConsumerGroupOffsets({ groups: [PROJECT.group] });
    if (offsets[0]?.topics?.length) return;
  } finally {
    await admin.close();
  }
  await produce(Producer, stringSerializers, brokers, 300);
  await consume(Consumer, stringDeserializers, brokers, 200);
}

async function produce(Producer, serializers, brokers, count) {
  const producer = new Producer({ clientId: 'ml-tools-traffic', bootstrapBrokers: brokers, serializers });
  try {
    const messages = Array.from({ length: count }, () => {
      const customer = `c-${Math.floor(Math.random() * 5000)}`;
      return {
        topic: PROJECT.topics[0],
        key: customer,
        value: JSON.stringify({ customer, event: 'session', at: new Date().toISOString() }),
      };
    });
    await producer.send({ messages });
  } finally {
    await producer.close();
  }
}

/** A real consumer of the group reads up to `count` events and commits them, then leaves. */
async function consume(Consumer, deserializers, brokers, count) {
  const consumer = new Consumer({ groupId: PROJECT.group, clientId: 'churn-scorer', bootstrapBrokers: brokers, deserializers });
  try {
    const stream = await consumer.consume({ topics: [PROJECT.topics[0]], mode: 'committed', fallbackMode: 'earliest', autocommit: false, maxWaitTime: 500 });
    let n = 0;
    const timer = setTimeout(() => stream.close(), 15_000);
    for await (const message of stream) {
      await message.commit();
      if (++n >= count) break;
    }
    clearTimeout(timer);
    await stream.close();
  } finally {
    await consumer.close();
  }
}

/** Keeps the lag moving for the lag chart: events arrive every 5 s, the scorer catches up every 20 s. */
function startTraffic() {
  let busy = false;
  let tick = 0;
  const timer = setInterval(async () => {
    if (busy || stopping) return;
    busy = true;
    try {
      const k = await import('@platformatic/kafka');
      const brokers = [`127.0.0.1:${ports.kafka}`];
      await produce(k.Producer, k.stringSerializers, brokers, 10 + Math.floor(Math.random() * 30));
      if (++tick % 4 === 0) await consume(k.Consumer, k.stringDeserializers, brokers, 60 + Math.floor(Math.random() * 40));
    } catch (e) {
      log(`traffic: ${e.message}`);
    } finally {
      busy = false;
    }
  }, 5_000);
  timer.unref();
}

export async function start() {
  for (const [name, dir] of [['mlflow', 'mlflow/bin/mlflow'], ['airflow', 'airflow/bin/airflow'], ['kafka', 'kafka/libs']]) {
    if (!existsSync(resolve(tools, dir))) throw new Error(`${name} is not installed: run node scripts/ml-tools/ml-tools.mjs install`);
  }
  mkdirSync(dataDir, { recursive: true });
  rmSync(resolve(dataDir, 'ready.json'), { force: true });
  const s = secrets();
  const started = Date.now();
  const times = {};
  const timed = async (name, fn) => {
    const t = Date.now();
    await fn();
    times[name] = Number(seconds(t));
  };
  log(`starting Kafka :${ports.kafka}, MLflow :${ports.mlflow}, Airflow :${ports.airflow} (data in ${dataDir})`);
  // One after the other: on two cores, starting the three JVM/Python servers at once is slower, not faster.
  await timed('kafka', startKafka);
  await timed('mlflow', startMlflow);
  await timed('airflow', () => startAirflow(s));
  const serversUp = Number(seconds(started));
  log(`servers up in ${serversUp} s; seeding the demo project churn-prediction`);
  await timed('seedKafka', seedKafka);
  await timed('seedMlflow', async () => seedMlflow());
  await timed('seedAirflow', () => seedAirflow(s));
  startTraffic();
  const ready = { ports, serversUp, total: Number(seconds(started)), times, at: new Date().toISOString() };
  writeFileSync(resolve(dataDir, 'ready.json'), JSON.stringify(ready, null, 2));
  log(`ready in ${ready.total} s (${JSON.stringify(times)})`);
}

/**
 * The demo project's serving component on `main` of the local GitOps
 * repository (as if its pull request had been merged), so "promote to
 * production" has an overlay to change. Once per repository.
 */
export function seedGitopsRemote(remote) {
  const work = mkdtempSync(resolve(tmpdir(), 'ml-gitops-seed-'));
  const git = (...args) => execFileSync('git', args, { cwd: work, stdio: 'pipe' });
  try {
    git('clone', '--quiet', remote, '.');
    const target = resolve(work, 'gitops/infrastructure/processing/churn-prediction/serving');
    if (existsSync(target)) return false;
    cpSync(resolve(here, 'seed/gitops'), resolve(work, 'gitops'), { recursive: true });
    git('add', '-A');
    git('-c', 'user.name=MLOps Portal', '-c', 'user.email=portal@mlops-portal.invalid', 'commit', '--quiet', '-m', 'ML demo: serving component of churn-prediction');
    git('push', '--quiet', 'origin', 'HEAD:main');
    return true;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** What the portal needs to talk to these tools (start-local.mjs passes it as environment). */
export function portalEnv() {
  const s = secrets();
  return {
    ML_MLFLOW_URL: `http://127.0.0.1:${ports.mlflow}`,
    ML_AIRFLOW_URL: `http://127.0.0.1:${ports.airflow}`,
    ML_AIRFLOW_USERNAME: 'portal',
    ML_AIRFLOW_PASSWORD: s.airflowPassword,
    ML_KAFKA_BROKERS: `127.0.0.1:${ports.kafka}`,
  };
}

export { ports, dataDir };

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const cmd = process.argv[2];
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
  try {
    if (cmd === 'install') {
      install();
    } else if (cmd === 'start') {
      await start();
      if (process.send) process.send({ ready: true });
    } else {
      console.error('usage: node scripts/ml-tools/ml-tools.mjs install|start');
      process.exit(2);
    }
  } catch (e) {
    log(`failed: ${e.message}`);
    shutdown(1);
  }
}
