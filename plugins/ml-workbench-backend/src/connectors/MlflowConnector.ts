import type {
  MlflowExperimentView,
  MlflowModelVersion,
  MlflowModelView,
  MlflowRun,
} from '@mlops-portal/plugin-ml-workbench-common';
import type { MlflowInstanceConfig } from '../config/readMlWorkbenchConfig';
import { httpJson } from './httpJson';
import { ToolError } from './ToolError';

/*
 * MLflow's REST API (https://mlflow.org/docs/latest/api_reference/rest-api.html),
 * as served by `mlflow server` under /api/2.0/mlflow. Shapes below are the
 * fields the portal reads; the server sends more.
 */
interface KeyValue<V = string> {
  key: string;
  value: V;
}
interface RawRun {
  info: {
    run_id: string;
    run_name?: string;
    status: string;
    start_time?: number;
    end_time?: number;
    user_id?: string;
    experiment_id: string;
  };
  data?: { params?: KeyValue[]; metrics?: Array<KeyValue<number> & { step?: number }>; tags?: KeyValue[] };
}
interface RawExperiment {
  experiment_id: string;
  name: string;
  lifecycle_stage?: string;
}
interface RawModelVersion {
  name: string;
  version: string;
  creation_timestamp?: number;
  current_stage?: string;
  source?: string;
  run_id?: string;
  status?: string;
  aliases?: string[];
}
interface RawRegisteredModel {
  name: string;
  description?: string;
  aliases?: Array<{ alias: string; version: string }>;
}

const iso = (ms?: number) => (typeof ms === 'number' && ms > 0 ? new Date(ms).toISOString() : undefined);

/** A run as the portal shows it: params as given, the latest value of each metric. */
export function toRun(raw: RawRun): MlflowRun {
  const params: Record<string, string> = {};
  for (const p of raw.data?.params ?? []) params[p.key] = p.value;
  const metrics: Record<string, number> = {};
  for (const m of raw.data?.metrics ?? []) metrics[m.key] = m.value;
  return {
    runId: raw.info.run_id,
    runName: raw.info.run_name || undefined,
    status: raw.info.status,
    startTime: iso(raw.info.start_time),
    endTime: iso(raw.info.end_time),
    user: raw.info.user_id || undefined,
    params,
    metrics,
  };
}

/** Talks to one MLflow tracking server. */
export class MlflowConnector {
  constructor(
    private readonly config: MlflowInstanceConfig,
    private readonly timeoutMs: number,
  ) {}

  private headers(): Record<string, string> {
    if (this.config.token) return { authorization: `Bearer ${this.config.token}` };
    if (this.config.basic) {
      const { username, password } = this.config.basic;
      return { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
    }
    return {};
  }

  private call<T>(method: 'GET' | 'POST', path: string, what: string, body?: unknown): Promise<T> {
    return httpJson<T>({
      tool: 'mlflow',
      method,
      url: `${this.config.baseUrl}/api/2.0/mlflow/${path}`,
      headers: this.headers(),
      body,
      timeoutMs: this.timeoutMs,
      what,
    });
  }

  /** Liveness, for the instance list: MLflow's `/health` answers `OK`. */
  async ping(): Promise<void> {
    await this.call('POST', 'experiments/search', 'the experiment list', { max_results: 1 });
  }

  /** One experiment with its most recent runs; `found: false` when it does not exist. */
  async getExperiment(name: string, recentRuns: number): Promise<MlflowExperimentView> {
    let experiment: RawExperiment;
    try {
      ({ experiment } = await this.call<{ experiment: RawExperiment }>(
        'GET',
        `experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`,
        `experiment '${name}'`,
      ));
    } catch (e) {
      if (e instanceof ToolError && e.kind === 'not-found') {
        return { name, found: false, runs: [], metricKeys: [] };
      }
      throw e;
    }
    const { runs = [] } = await this.call<{ runs?: RawRun[] }>('POST', 'runs/search', `the runs of experiment '${name}'`, {
      experiment_ids: [experiment.experiment_id],
      max_results: recentRuns,
      order_by: ['attributes.start_time DESC'],
    });
    const views = runs.map(toRun);
    const metricKeys = [...new Set(views.flatMap(r => Object.keys(r.metrics)))].sort();
    return {
      name,
      found: true,
      experimentId: experiment.experiment_id,
      lifecycleStage: experiment.lifecycle_stage,
      runs: views,
      metricKeys,
    };
  }

  /** A run by id, or undefined when it is gone. */
  async getRun(runId: string): Promise<MlflowRun | undefined> {
    try {
      const { run } = await this.call<{ run: RawRun }>('GET', `runs/get?run_id=${encodeURIComponent(runId)}`, `run ${runId}`);
      return toRun(run);
    } catch (e) {
      if (e instanceof ToolError && e.kind === 'not-found') return undefined;
      throw e;
    }
  }

  /**
   * A registered model with its most recent versions, each with its aliases
   * and the metrics of the run that produced it.
   */
  async getModel(name: string, maxVersions: number): Promise<MlflowModelView> {
    let model: RawRegisteredModel;
    try {
      ({ registered_model: model } = await this.call<{ registered_model: RawRegisteredModel }>(
        'GET',
        `registered-models/get?name=${encodeURIComponent(name)}`,
        `registered model '${name}'`,
      ));
    } catch (e) {
      if (e instanceof ToolError && e.kind === 'not-found') {
        return { name, found: false, aliases: {}, versions: [] };
      }
      throw e;
    }
    const aliases: Record<string, string> = {};
    for (const a of model.aliases ?? []) aliases[a.alias] = a.version;
    // Model names cannot hold quotes (readMlLinks refuses them), so the
    // filter string is well-formed.
    const filter = encodeURIComponent(`name='${name}'`);
    const { model_versions: raw = [] } = await this.call<{ model_versions?: RawModelVersion[] }>(
      'GET',
      `model-versions/search?filter=${filter}&max_results=${maxVersions}&order_by=${encodeURIComponent('version_number DESC')}`,
      `the versions of model '${name}'`,
    );
    const runs = new Map<string, MlflowRun | undefined>();
    await Promise.all(
      [...new Set(raw.map(v => v.run_id).filter((r): r is string => !!r))].map(async runId => {
        runs.set(runId, await this.getRun(runId));
      }),
    );
    const versions: MlflowModelVersion[] = raw.map(v => {
      const run = v.run_id ? runs.get(v.run_id) : undefined;
      return {
        version: v.version,
        status: v.status ?? 'READY',
        stage: v.current_stage ?? 'None',
        aliases: Object.entries(aliases)
          .filter(([, version]) => version === v.version)
          .map(([alias]) => alias)
          .sort(),
        createdAt: iso(v.creation_timestamp),
        source: v.source,
        runId: v.run_id || undefined,
        runName: run?.runName,
        metrics: run?.metrics ?? {},
      };
    });
    return { name, found: true, description: model.description || undefined, aliases, versions };
  }
}
