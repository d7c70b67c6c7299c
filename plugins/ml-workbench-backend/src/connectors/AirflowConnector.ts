import type {
  AirflowDagRun,
  AirflowDagView,
  AirflowTaskInstance,
} from '@mlops-portal/plugin-ml-workbench-common';
import type { AirflowInstanceConfig } from '../config/readMlWorkbenchConfig';
import { httpJson } from './httpJson';
import { ToolError } from './ToolError';

/*
 * Airflow 3's REST API (`/api/v2`, airflow-core api_fastapi/core_api/routes/public)
 * with a JWT from the auth manager's `POST /auth/token` (simple auth manager:
 * api_fastapi/auth/managers/simple/routes/login.py; other auth managers serve
 * the same route). Fields below are those the portal reads.
 */
interface RawDag {
  dag_id: string;
  is_paused: boolean;
  timetable_description?: string | null;
  timetable_summary?: string | null;
  next_dagrun_run_after?: string | null;
  has_import_errors?: boolean;
  tags?: Array<{ name: string }>;
}
interface RawDagRun {
  dag_run_id: string;
  state: string;
  run_type?: string;
  run_after?: string | null;
  start_date?: string | null;
  end_date?: string | null;
  triggered_by?: string | null;
  triggering_user_name?: string | null;
  note?: string | null;
}
interface RawTaskInstance {
  task_id: string;
  dag_run_id: string;
  state: string | null;
  try_number?: number;
  start_date?: string | null;
  end_date?: string | null;
  priority_weight?: number;
}

/** Refresh a token this long before it expires. */
const TOKEN_MARGIN_MS = 60_000;

/** The `exp` claim of a JWT, in ms; undefined when it cannot be read. */
export function jwtExpiry(token: string): number | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

const opt = (v: string | null | undefined) => v ?? undefined;

/** Talks to one Airflow 3 API server with the backend's own user. */
export class AirflowConnector {
  private token?: { value: string; expiresAt: number };
  private pendingToken?: Promise<string>;

  constructor(
    private readonly config: AirflowInstanceConfig,
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private async fetchToken(): Promise<string> {
    const { access_token: value } = await httpJson<{ access_token?: string }>({
      tool: 'airflow',
      method: 'POST',
      url: `${this.config.baseUrl}/auth/token`,
      body: { username: this.config.username, password: this.config.password },
      timeoutMs: this.timeoutMs,
      what: 'a token for the portal',
    });
    if (!value) throw new ToolError('airflow', 'bad-answer', 'POST /auth/token answered without an access_token');
    // Without a readable expiry, keep it for five minutes.
    this.token = { value, expiresAt: jwtExpiry(value) ?? this.now() + 5 * 60_000 };
    return value;
  }

  private async bearer(): Promise<string> {
    if (this.token && this.token.expiresAt - TOKEN_MARGIN_MS > this.now()) return this.token.value;
    // One token request at a time, however many calls wait for it.
    this.pendingToken ??= this.fetchToken().finally(() => {
      this.pendingToken = undefined;
    });
    return this.pendingToken;
  }

  private async call<T>(method: 'GET' | 'POST' | 'PATCH', path: string, what: string, body?: unknown): Promise<T> {
    const send = async () =>
      httpJson<T>({
        tool: 'airflow',
        method,
        url: `${this.config.baseUrl}/api/v2/${path}`,
        headers: { authorization: `Bearer ${await this.bearer()}` },
        body,
        timeoutMs: this.timeoutMs,
        what,
      });
    try {
      return await send();
    } catch (e) {
      // A token revoked or expired early (JWT secret rotated): one new token, once.
      if (e instanceof ToolError && e.kind === 'credentials' && e.status === 401) {
        this.token = undefined;
        return send();
      }
      throw e;
    }
  }

  async ping(): Promise<void> {
    await httpJson({
      tool: 'airflow',
      method: 'GET',
      url: `${this.config.baseUrl}/api/v2/monitor/health`,
      timeoutMs: this.timeoutMs,
      what: 'health',
    });
  }

  /** The DAG's settings, or undefined when Airflow does not know it. */
  async getDagInfo(dagId: string): Promise<RawDag | undefined> {
    try {
      return await this.call<RawDag>('GET', `dags/${encodeURIComponent(dagId)}`, `DAG '${dagId}'`);
    } catch (e) {
      if (e instanceof ToolError && e.kind === 'not-found') return undefined;
      throw e;
    }
  }

  /** One DAG with its recent runs (newest first) and their task instances. */
  async getDag(dagId: string, recentRuns: number, entityRef: string): Promise<AirflowDagView> {
    const dag = await this.getDagInfo(dagId);
    if (!dag) return { dagId, found: false, tags: [], acceptsEntity: false, runs: [] };
    const id = encodeURIComponent(dagId);
    const { dag_runs: rawRuns = [] } = await this.call<{ dag_runs?: RawDagRun[] }>(
      'GET',
      `dags/${id}/dagRuns?order_by=-run_after&limit=${recentRuns}`,
      `the runs of DAG '${dagId}'`,
    );
    const tasksByRun = new Map<string, RawTaskInstance[]>();
    if (rawRuns.length) {
      // One batch request for the task instances of every listed run.
      const { task_instances: tis = [] } = await this.call<{ task_instances?: RawTaskInstance[] }>(
        'POST',
        'dags/~/dagRuns/~/taskInstances/list',
        `the task instances of DAG '${dagId}'`,
        { dag_ids: [dagId], dag_run_ids: rawRuns.map(r => r.dag_run_id), page_limit: 1000 },
      );
      for (const ti of tis) {
        const list = tasksByRun.get(ti.dag_run_id) ?? [];
        list.push(ti);
        tasksByRun.set(ti.dag_run_id, list);
      }
    }
    const tags = (dag.tags ?? []).map(t => t.name).sort();
    const runs: AirflowDagRun[] = rawRuns.map(r => {
      // Upstream tasks first: Airflow gives upstream tasks the higher priority weight by default.
      const tis = (tasksByRun.get(r.dag_run_id) ?? []).sort(
        (a, b) => (b.priority_weight ?? 0) - (a.priority_weight ?? 0) || a.task_id.localeCompare(b.task_id),
      );
      const tasks: AirflowTaskInstance[] = tis.map(t => ({
        taskId: t.task_id,
        state: t.state,
        tryNumber: t.try_number,
        startDate: opt(t.start_date),
        endDate: opt(t.end_date),
      }));
      return {
        runId: r.dag_run_id,
        state: r.state,
        runType: r.run_type,
        runAfter: opt(r.run_after),
        startDate: opt(r.start_date),
        endDate: opt(r.end_date),
        triggeredBy: opt(r.triggering_user_name) ?? opt(r.triggered_by),
        note: opt(r.note),
        tasks,
        failedTasks: tasks.filter(t => t.state === 'failed').map(t => t.taskId),
      };
    });
    return {
      dagId,
      found: true,
      isPaused: dag.is_paused,
      schedule: opt(dag.timetable_description) ?? opt(dag.timetable_summary),
      nextRunAt: opt(dag.next_dagrun_run_after),
      hasImportErrors: dag.has_import_errors ?? false,
      tags,
      acceptsEntity: this.acceptsEntity(tags, entityRef),
      runs,
    };
  }

  /** Whether a DAG with these tags takes actions through this entity. */
  acceptsEntity(tags: string[], entityRef: string): boolean {
    if (!this.config.requireEntityTag) return true;
    const want = `portal-entity:${entityRef}`.toLocaleLowerCase('en-US');
    return tags.some(t => t.toLocaleLowerCase('en-US') === want);
  }

  /** Starts a run now (no logical date, like the UI's trigger button). */
  async trigger(dagId: string, note: string): Promise<{ runId: string; state: string }> {
    const run = await this.call<RawDagRun>('POST', `dags/${encodeURIComponent(dagId)}/dagRuns`, `a new run of DAG '${dagId}'`, {
      logical_date: null,
      note,
    });
    return { runId: run.dag_run_id, state: run.state };
  }

  async setPaused(dagId: string, paused: boolean): Promise<boolean> {
    const dag = await this.call<RawDag>(
      'PATCH',
      `dags/${encodeURIComponent(dagId)}?update_mask=is_paused`,
      `DAG '${dagId}'`,
      { is_paused: paused },
    );
    return dag.is_paused;
  }
}
