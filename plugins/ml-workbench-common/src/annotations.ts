import type { Entity } from '@backstage/catalog-model';

/*
 * Annotations that link a catalog entity to its ML work in MLflow, Airflow and
 * Kafka. The New ML project template writes them into the project's
 * catalog-info.yaml; the catalog module writes the topic annotation on the
 * KafkaTopic resources it generates. Values are comma- (or newline-)
 * separated lists, so one project can name several DAGs, topics or models.
 */

const PREFIX = 'mlops-portal.io';

/** Which configured ML platform instance the names below live on (`mlWorkbench.instances[].name`). Absent: the default instance. @public */
export const ANNOTATION_ML_PLATFORM = `${PREFIX}/ml-platform`;
/** MLflow experiment names. @public */
export const ANNOTATION_MLFLOW_EXPERIMENTS = `${PREFIX}/mlflow-experiments`;
/** MLflow registered model names. @public */
export const ANNOTATION_MLFLOW_MODELS = `${PREFIX}/mlflow-models`;
/** Airflow DAG ids. @public */
export const ANNOTATION_AIRFLOW_DAGS = `${PREFIX}/airflow-dags`;
/** Kafka topic names. @public */
export const ANNOTATION_KAFKA_TOPICS = `${PREFIX}/kafka-topics`;
/** Kafka consumer group ids. @public */
export const ANNOTATION_KAFKA_CONSUMER_GROUPS = `${PREFIX}/kafka-consumer-groups`;
/**
 * Folder of the project's serving component in the GitOps repository (Flux
 * tree), holding `overlays/<environment>/`; where "promote to production"
 * changes the model version.
 * @public
 */
export const ANNOTATION_SERVING_PATH = `${PREFIX}/serving-path`;

/**
 * The tag an Airflow DAG carries to accept actions from the portal through
 * one catalog entity: `portal-entity:<entity ref>`, e.g.
 * `portal-entity:component:default/churn-prediction`. The DAG's tags live in
 * the DAG's code (its own repository), so a catalog entity alone cannot claim
 * someone else's DAG; see the backend README.
 * @public
 */
export const AIRFLOW_ENTITY_TAG_PREFIX = 'portal-entity:';

/** Every annotation of the workbench that names something on a tool. @public */
export const ML_LINK_ANNOTATIONS = [
  ANNOTATION_MLFLOW_EXPERIMENTS,
  ANNOTATION_MLFLOW_MODELS,
  ANNOTATION_AIRFLOW_DAGS,
  ANNOTATION_KAFKA_TOPICS,
  ANNOTATION_KAFKA_CONSUMER_GROUPS,
] as const;

/*
 * Name rules, from the tools: Airflow's KEY_REGEX (airflow/utils/helpers.py),
 * Kafka's topic names (Topic.java: legal chars and 249 max). MLflow names are
 * free text; the portal takes printable text without commas (the list
 * separator), quotes, backslashes and control characters.
 */
const NAME_RULES = {
  // No quotes or backslashes: names go into MLflow's search filter strings.
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  mlflow: { re: /^[^,'"\\\u0000-\u001f\u007f]{1,256}$/, rule: 'printable text without commas, quotes or backslashes, at most 256 characters' },
  dag: { re: /^[A-Za-z0-9_.-]{1,250}$/, rule: 'letters, digits, "_", "." and "-", at most 250 characters' },
  topic: { re: /^[A-Za-z0-9._-]{1,249}$/, rule: 'letters, digits, ".", "_" and "-", at most 249 characters' },
  group: { re: /^[A-Za-z0-9._-]{1,255}$/, rule: 'letters, digits, ".", "_" and "-", at most 255 characters' },
  instance: { re: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, rule: 'a DNS-1123 label' },
  path: { re: /^(?!\/)(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._/-]{1,200}$/, rule: 'a relative path of letters, digits, ".", "_", "-" and "/" without "." or ".." segments' },
} as const;

/** The name rules of the workbench, for the schemas that share them. @public */
export const mlNameRules = NAME_RULES;

/** What an entity links to, read from its annotations. @public */
export interface MlLinks {
  /** Instance name from the annotation; undefined means the default instance. */
  instance?: string;
  experiments: string[];
  models: string[];
  dags: string[];
  topics: string[];
  consumerGroups: string[];
  servingPath?: string;
  /** One line per value that broke its rule; those values are left out. */
  problems: string[];
}

function list(
  annotations: Record<string, string>,
  key: string,
  rule: { re: RegExp; rule: string },
  problems: string[],
): string[] {
  const raw = annotations[key];
  if (raw === undefined) return [];
  const out: string[] = [];
  for (const value of raw.split(/[,\n]/).map(v => v.trim()).filter(Boolean)) {
    if (!rule.re.test(value)) {
      problems.push(`${key}: '${value.slice(0, 80)}' is not valid (${rule.rule})`);
    } else if (!out.includes(value)) {
      out.push(value);
    }
  }
  return out;
}

/**
 * Reads the workbench annotations of an entity. Invalid values are dropped
 * and reported in `problems` (one bad name degrades one row, not the view).
 * @public
 */
export function readMlLinks(entity: Entity): MlLinks {
  const a = entity.metadata.annotations ?? {};
  const problems: string[] = [];
  let instance: string | undefined = a[ANNOTATION_ML_PLATFORM]?.trim() || undefined;
  if (instance !== undefined && !NAME_RULES.instance.re.test(instance)) {
    problems.push(`${ANNOTATION_ML_PLATFORM}: '${instance.slice(0, 80)}' is not valid (${NAME_RULES.instance.rule})`);
    instance = undefined;
  }
  let servingPath: string | undefined = a[ANNOTATION_SERVING_PATH]?.trim() || undefined;
  if (servingPath !== undefined && !NAME_RULES.path.re.test(servingPath)) {
    problems.push(`${ANNOTATION_SERVING_PATH}: '${servingPath.slice(0, 80)}' is not valid (${NAME_RULES.path.rule})`);
    servingPath = undefined;
  }
  return {
    instance,
    experiments: list(a, ANNOTATION_MLFLOW_EXPERIMENTS, NAME_RULES.mlflow, problems),
    models: list(a, ANNOTATION_MLFLOW_MODELS, NAME_RULES.mlflow, problems),
    dags: list(a, ANNOTATION_AIRFLOW_DAGS, NAME_RULES.dag, problems),
    topics: list(a, ANNOTATION_KAFKA_TOPICS, NAME_RULES.topic, problems),
    consumerGroups: list(a, ANNOTATION_KAFKA_CONSUMER_GROUPS, NAME_RULES.group, problems),
    servingPath,
    problems,
  };
}

/** True when the entity names anything on MLflow, Airflow or Kafka. @public */
export function hasMlLinks(entity: Entity): boolean {
  const a = entity.metadata.annotations ?? {};
  return ML_LINK_ANNOTATIONS.some(k => Boolean(a[k]?.trim()));
}

/** True when the entity names MLflow experiments or models. @public */
export function hasMlflowLinks(entity: Entity): boolean {
  const a = entity.metadata.annotations ?? {};
  return Boolean(a[ANNOTATION_MLFLOW_EXPERIMENTS]?.trim() || a[ANNOTATION_MLFLOW_MODELS]?.trim());
}

/** True when the entity names Airflow DAGs. @public */
export function hasAirflowLinks(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[ANNOTATION_AIRFLOW_DAGS]?.trim());
}

/** True when the entity names Kafka topics or consumer groups. @public */
export function hasKafkaLinks(entity: Entity): boolean {
  const a = entity.metadata.annotations ?? {};
  return Boolean(a[ANNOTATION_KAFKA_TOPICS]?.trim() || a[ANNOTATION_KAFKA_CONSUMER_GROUPS]?.trim());
}
