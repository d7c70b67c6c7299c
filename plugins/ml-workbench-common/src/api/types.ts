/*
 * Answers of the ML workbench HTTP API (`/api/ml-workbench`). Each tool has its
 * own endpoint per entity, so a tool that is down degrades its own card; and
 * inside one answer each named thing (experiment, DAG, topic) is one row that
 * may carry its own problem.
 */

/** The tools the workbench reads. @public */
export type MlTool = 'mlflow' | 'airflow' | 'kafka';

/** Something that degraded part of an answer, with the name it is about. @public */
export interface MlProblem {
  tool: MlTool;
  /** The experiment, model, DAG, topic or group the problem is about; absent for the whole tool. */
  target?: string;
  message: string;
}

/** Common head of every per-entity answer. @public */
export interface MlAnswerHead {
  entityRef: string;
  /** The configured platform instance that answered. */
  instance: string;
  /** When the backend fetched this from the tool (RFC 3339); answers are cached. */
  fetchedAt: string;
  /** Link to the tool's own UI, when configured. */
  uiUrl?: string;
  problems: MlProblem[];
}

/** An MLflow run: `RUNNING`, `SCHEDULED`, `FINISHED`, `FAILED` or `KILLED`. @public */
export interface MlflowRun {
  runId: string;
  runName?: string;
  status: string;
  startTime?: string;
  endTime?: string;
  user?: string;
  params: Record<string, string>;
  /** Latest value of each metric. */
  metrics: Record<string, number>;
}

/** One experiment named by the entity, with its most recent runs (newest first). @public */
export interface MlflowExperimentView {
  name: string;
  found: boolean;
  experimentId?: string;
  lifecycleStage?: string;
  runs: MlflowRun[];
  /** Every metric key among the runs, sorted. */
  metricKeys: string[];
}

/** A registered model version (`PENDING_REGISTRATION`, `FAILED_REGISTRATION`, `READY`). @public */
export interface MlflowModelVersion {
  version: string;
  status: string;
  /** The legacy stage (`None`, `Staging`, `Production`, `Archived`). */
  stage: string;
  aliases: string[];
  createdAt?: string;
  source?: string;
  /** The run that produced this version, with its metrics. */
  runId?: string;
  runName?: string;
  metrics: Record<string, number>;
}

/** A registered model named by the entity, versions newest first. @public */
export interface MlflowModelView {
  name: string;
  found: boolean;
  description?: string;
  /** alias → version */
  aliases: Record<string, string>;
  versions: MlflowModelVersion[];
}

/** `GET /entities/:kind/:namespace/:name/mlflow` @public */
export interface EntityMlflow extends MlAnswerHead {
  experiments: MlflowExperimentView[];
  models: MlflowModelView[];
}

/** A task instance of a DAG run. @public */
export interface AirflowTaskInstance {
  taskId: string;
  /** Airflow's task state (`success`, `failed`, `upstream_failed`, `running`, …) or null when not yet scheduled. */
  state: string | null;
  tryNumber?: number;
  startDate?: string;
  endDate?: string;
}

/** A DAG run: `queued`, `running`, `success`, `failed`. @public */
export interface AirflowDagRun {
  runId: string;
  state: string;
  runType?: string;
  runAfter?: string;
  startDate?: string;
  endDate?: string;
  triggeredBy?: string;
  note?: string;
  tasks: AirflowTaskInstance[];
  /** Task ids whose state is `failed` (not `upstream_failed`): where the run broke. */
  failedTasks: string[];
}

/** One DAG named by the entity. @public */
export interface AirflowDagView {
  dagId: string;
  found: boolean;
  isPaused?: boolean;
  /** The timetable's description, e.g. "At 00:00". */
  schedule?: string;
  nextRunAt?: string;
  hasImportErrors?: boolean;
  tags: string[];
  /**
   * True when the DAG's tags name this entity (`portal-entity:<ref>`), or the
   * instance does not require it: only then does the backend act on it for
   * this entity.
   */
  acceptsEntity: boolean;
  /** Most recent runs, newest first. */
  runs: AirflowDagRun[];
}

/** `GET /entities/:kind/:namespace/:name/airflow` @public */
export interface EntityAirflow extends MlAnswerHead {
  dags: AirflowDagView[];
}

/** Answer of trigger / pause / unpause. @public */
export interface DagActionResult {
  action: 'trigger' | 'pause' | 'unpause';
  dagId: string;
  /** trigger: the new run. */
  runId?: string;
  state?: string;
  /** pause/unpause: the DAG's state afterwards. */
  isPaused?: boolean;
}

/** One partition of a topic. @public */
export interface KafkaPartitionView {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
  /** Log end offset (high watermark). */
  endOffset?: number;
}

/** A topic named by the entity. @public */
export interface KafkaTopicView {
  name: string;
  found: boolean;
  partitions: KafkaPartitionView[];
  /** Partitions whose in-sync replicas are fewer than their replicas. */
  underReplicated: number;
}

/** Lag of a consumer group on one partition. @public */
export interface KafkaPartitionLag {
  topic: string;
  partition: number;
  /** Committed offset; null when the group never committed on this partition. */
  committed: number | null;
  endOffset: number;
  lag: number;
}

/** A consumer group named by the entity. @public */
export interface KafkaConsumerGroupView {
  groupId: string;
  found: boolean;
  /** The group's state as the broker reports it (`Stable`, `Empty`, …). */
  state?: string;
  members?: number;
  /** Sum of the partitions' lag. */
  lag: number;
  partitions: KafkaPartitionLag[];
  /** Total lag sampled by the backend over time, oldest first. */
  history: Array<{ at: string; lag: number }>;
}

/** `GET /entities/:kind/:namespace/:name/kafka` @public */
export interface EntityKafka extends MlAnswerHead {
  topics: KafkaTopicView[];
  consumerGroups: KafkaConsumerGroupView[];
}

/** Health of an ML project: from its last DAG run and its model. @public */
export type MlProjectHealth = 'healthy' | 'failing' | 'running' | 'unknown';

/** One ML project in a Group's or System's view. @public */
export interface MlProjectSummary {
  entityRef: string;
  title?: string;
  lastRun?: { dagId: string; runId: string; state: string; at?: string };
  model?: { name: string; latestVersion?: string; aliases: Record<string, string> };
  health: MlProjectHealth;
  /** Why the health is what it is, one line each. */
  reasons: string[];
}

/** `GET /owners/:kind/:namespace/:name/projects` (a Group or a System). @public */
export interface OwnedMlProjects {
  ownerRef: string;
  projects: MlProjectSummary[];
  problems: MlProblem[];
}

/** `GET /entities/:kind/:namespace/:name/mlflow/models/:model/versions/:version/promotion` @public */
export interface ModelPromotionPreview {
  entityRef: string;
  model: string;
  environment: string;
  /** The alias that marks the version serving in this environment. */
  alias: string;
  candidate: MlflowModelVersion;
  /** The version holding the alias now, if any. */
  current?: MlflowModelVersion;
  /** Metric keys of either version, sorted. */
  metricKeys: string[];
  /** The serving component's GitOps folder (annotation); promotion needs it. */
  servingPath?: string;
}
