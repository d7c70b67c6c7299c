import type {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ML_LINK_ANNOTATIONS,
  mlWorkbenchReadPermission,
  readMlLinks,
  type AirflowDagView,
  type EntityAirflow,
  type EntityKafka,
  type EntityMlflow,
  type KafkaConsumerGroupView,
  type KafkaTopicView,
  type MlLinks,
  type MlProblem,
  type MlTool,
  type MlflowExperimentView,
  type MlflowModelView,
  type ModelPromotionPreview,
  type OwnedMlProjects,
} from '@mlops-portal/plugin-ml-workbench-common';
import type { MlWorkbenchConfig } from '../config/readMlWorkbenchConfig';
import type { WorkbenchAuthorizer } from '../permissions/WorkbenchAuthorizer';
import { AnswerCache } from './AnswerCache';
import { LagHistory } from './LagHistory';
import { summarizeProject } from './projectHealth';
import type { MlInstance, ToolRegistry } from './ToolRegistry';

/** What a tool answered for a list of names, before it is tied to an entity. */
interface Loaded<T> {
  rows: T;
  problems: MlProblem[];
}
type MlflowRows = { experiments: MlflowExperimentView[]; models: MlflowModelView[] };
type AirflowRows = { dags: AirflowDagView[] };
type KafkaRows = { topics: KafkaTopicView[]; groups: Array<Omit<KafkaConsumerGroupView, 'history'>> };

/** Most projects one Group or System view summarizes. */
const MAX_PROJECTS = 50;
/** Model versions shown per registered model. */
const MAX_VERSIONS = 10;

const TOOL_OF_ANNOTATION: Record<string, MlTool> = {
  mlflow: 'mlflow',
  airflow: 'airflow',
  kafka: 'kafka',
};

/** Runs each loader; a failure becomes a problem on its row, not on the answer. */
async function settle<T>(
  tool: MlTool,
  names: string[],
  load: (name: string) => Promise<T>,
  missing: (name: string) => T,
): Promise<{ rows: T[]; problems: MlProblem[] }> {
  const results = await Promise.allSettled(names.map(load));
  const problems: MlProblem[] = [];
  const rows = results.map((r, i) => {
    if (r.status === 'fulfilled') return r.value;
    problems.push({ tool, target: names[i], message: (r.reason as Error).message });
    return missing(names[i]);
  });
  return { rows, problems: dedupe(problems) };
}

/** The same message for every row (the tool is down) is said once, for the whole tool. */
function dedupe(problems: MlProblem[]): MlProblem[] {
  const byMessage = new Map<string, MlProblem[]>();
  for (const p of problems) byMessage.set(p.message, [...(byMessage.get(p.message) ?? []), p]);
  return [...byMessage.values()].map(list => (list.length > 1 ? { tool: list[0].tool, message: list[0].message } : list[0]));
}

function linkProblems(links: MlLinks, tool: MlTool): MlProblem[] {
  return links.problems
    .filter(p => Object.entries(TOOL_OF_ANNOTATION).some(([k, t]) => t === tool && p.includes(`/${k}-`)))
    .map(message => ({ tool, message }));
}

/**
 * The read side of the workbench: an entity's MLflow, Airflow and Kafka views,
 * a Group's or System's ML projects, and the promotion preview. Every answer
 * comes through the shared caches; the read permission is checked per request
 * on the entity, and entities are read with the caller's credentials, so a
 * user sees only entities the catalog shows them.
 */
export class WorkbenchService {
  readonly mlflowCache: AnswerCache<Loaded<MlflowRows>>;
  readonly airflowCache: AnswerCache<Loaded<AirflowRows>>;
  readonly kafkaCache: AnswerCache<Loaded<KafkaRows>>;
  readonly lagHistory: LagHistory;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      authorizer: WorkbenchAuthorizer;
      registry: ToolRegistry;
      config: MlWorkbenchConfig;
      now?: () => Date;
    },
  ) {
    const opts = { ttlMs: deps.config.ttlMs, keepWarmMs: deps.config.keepWarmMs };
    this.mlflowCache = new AnswerCache(opts);
    this.airflowCache = new AnswerCache(opts);
    this.kafkaCache = new AnswerCache(opts);
    this.lagHistory = new LagHistory(deps.config.lagHistorySamples);
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** The entity, read with the caller's credentials, after the read permission. */
  async readableEntity(entityRef: string, credentials: BackstageCredentials): Promise<{ entity: Entity; links: MlLinks }> {
    const entity = await this.deps.catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) throw new NotFoundError(`${entityRef} is not in the catalog`);
    await this.deps.authorizer.assert(mlWorkbenchReadPermission, entityRef, credentials, `read the ML views of ${entityRef}`);
    return { entity, links: readMlLinks(entity) };
  }

  private head(entityRef: string, instance: MlInstance, fetchedAt: number, uiUrl?: string) {
    return { entityRef, instance: instance.name, fetchedAt: new Date(fetchedAt).toISOString(), uiUrl };
  }

  async getMlflow(entityRef: string, credentials: BackstageCredentials): Promise<EntityMlflow> {
    const { links } = await this.readableEntity(entityRef, credentials);
    return this.mlflowFor(entityRef, links);
  }

  /** The MLflow view of an entity whose links are known (no permission check). */
  async mlflowFor(entityRef: string, links: MlLinks): Promise<EntityMlflow> {
    const instance = this.deps.registry.resolve(links.instance, entityRef);
    const problems = linkProblems(links, 'mlflow');
    const mlflow = instance.mlflow;
    if (!mlflow) {
      return {
        ...this.head(entityRef, instance, this.now().getTime()),
        experiments: links.experiments.map(name => ({ name, found: false, runs: [], metricKeys: [] })),
        models: links.models.map(name => ({ name, found: false, aliases: {}, versions: [] })),
        problems: [...problems, { tool: 'mlflow', message: instance.problem ?? `MLflow is not configured for instance '${instance.name}'` }],
      };
    }
    const key = `${instance.name}|${links.experiments.join(',')}|${links.models.join(',')}`;
    const { value, fetchedAt } = await this.mlflowCache.get(key, entityRef, async () => {
      const [e, m] = await Promise.all([
        settle(
          'mlflow',
          links.experiments,
          name => mlflow.getExperiment(name, this.deps.config.recentRuns),
          name => ({ name, found: false, runs: [], metricKeys: [] }),
        ),
        settle(
          'mlflow',
          links.models,
          name => mlflow.getModel(name, MAX_VERSIONS),
          name => ({ name, found: false, aliases: {}, versions: [] }),
        ),
      ]);
      return { rows: { experiments: e.rows, models: m.rows }, problems: dedupe([...e.problems, ...m.problems]) };
    });
    return {
      ...this.head(entityRef, instance, fetchedAt, instance.config.mlflow?.uiUrl),
      ...value.rows,
      problems: [...problems, ...value.problems],
    };
  }

  async getAirflow(entityRef: string, credentials: BackstageCredentials): Promise<EntityAirflow> {
    const { links } = await this.readableEntity(entityRef, credentials);
    return this.airflowFor(entityRef, links);
  }

  /** Cache keys of Airflow answers that include a DAG, to drop after an action. */
  static airflowKeyHasDag(key: string, instance: string, dagId: string): boolean {
    const [inst, dags] = key.split('|');
    return inst === instance && dags.split(',').includes(dagId);
  }

  async airflowFor(entityRef: string, links: MlLinks): Promise<EntityAirflow> {
    const instance = this.deps.registry.resolve(links.instance, entityRef);
    const problems = linkProblems(links, 'airflow');
    const airflow = instance.airflow;
    if (!airflow) {
      return {
        ...this.head(entityRef, instance, this.now().getTime()),
        dags: links.dags.map(dagId => ({ dagId, found: false, tags: [], acceptsEntity: false, runs: [] })),
        problems: [...problems, { tool: 'airflow', message: instance.problem ?? `Airflow is not configured for instance '${instance.name}'` }],
      };
    }
    const key = `${instance.name}|${links.dags.join(',')}`;
    const { value, fetchedAt } = await this.airflowCache.get(key, entityRef, async () => {
      const d = await settle(
        'airflow',
        links.dags,
        dagId => airflow.getDag(dagId, this.deps.config.recentRuns, ''),
        dagId => ({ dagId, found: false, tags: [], acceptsEntity: false, runs: [] }),
      );
      return { rows: { dags: d.rows }, problems: d.problems };
    });
    return {
      ...this.head(entityRef, instance, fetchedAt, instance.config.airflow?.uiUrl),
      // Whether a DAG accepts actions depends on the entity asking: decided here, after the shared cache.
      dags: value.rows.dags.map(d => ({ ...d, acceptsEntity: d.found && airflow.acceptsEntity(d.tags, entityRef) })),
      problems: [...problems, ...value.problems],
    };
  }

  async getKafka(entityRef: string, credentials: BackstageCredentials): Promise<EntityKafka> {
    const { links } = await this.readableEntity(entityRef, credentials);
    return this.kafkaFor(entityRef, links);
  }

  async kafkaFor(entityRef: string, links: MlLinks): Promise<EntityKafka> {
    const instance = this.deps.registry.resolve(links.instance, entityRef);
    const problems = linkProblems(links, 'kafka');
    const kafka = instance.kafka;
    if (!kafka) {
      return {
        ...this.head(entityRef, instance, this.now().getTime()),
        topics: links.topics.map(name => ({ name, found: false, partitions: [], underReplicated: 0 })),
        consumerGroups: links.consumerGroups.map(groupId => ({ groupId, found: false, lag: 0, partitions: [], history: [] })),
        problems: [...problems, { tool: 'kafka', message: instance.problem ?? `Kafka is not configured for instance '${instance.name}'` }],
      };
    }
    const key = `${instance.name}|${links.topics.join(',')}|${links.consumerGroups.join(',')}`;
    const { value, fetchedAt } = await this.kafkaCache.get(key, entityRef, async () => {
      const out: Loaded<KafkaRows> = { rows: { topics: [], groups: [] }, problems: [] };
      const [topics, groups] = await Promise.allSettled([
        kafka.describeTopics(links.topics),
        kafka.describeGroups(links.consumerGroups),
      ]);
      if (topics.status === 'fulfilled') out.rows.topics = topics.value;
      else {
        out.rows.topics = links.topics.map(name => ({ name, found: false, partitions: [], underReplicated: 0 }));
        out.problems.push({ tool: 'kafka', message: (topics.reason as Error).message });
      }
      if (groups.status === 'fulfilled') {
        out.rows.groups = groups.value;
        const at = this.now();
        for (const g of groups.value) if (g.found) this.lagHistory.record(`${instance.name}/${g.groupId}`, g.lag, at);
      } else {
        out.rows.groups = links.consumerGroups.map(groupId => ({ groupId, found: false, lag: 0, partitions: [] }));
        out.problems.push({ tool: 'kafka', message: (groups.reason as Error).message });
      }
      out.problems = dedupe(out.problems);
      return out;
    });
    return {
      ...this.head(entityRef, instance, fetchedAt),
      topics: value.rows.topics,
      consumerGroups: value.rows.groups.map(g => ({ ...g, history: this.lagHistory.get(`${instance.name}/${g.groupId}`) })),
      problems: [...problems, ...value.problems],
    };
  }

  /**
   * The ML projects (entities with any workbench annotation) a Group owns or a
   * System contains, each with its newest run, model and health.
   */
  async getOwnedProjects(ownerRef: string, credentials: BackstageCredentials): Promise<OwnedMlProjects> {
    const owner = await this.deps.catalog.getEntityByRef(ownerRef, { credentials });
    if (!owner) throw new NotFoundError(`${ownerRef} is not in the catalog`);
    const kind = owner.kind.toLocaleLowerCase('en-US');
    if (kind !== 'group' && kind !== 'system') {
      throw new InputError(`kind: ML projects are listed for a Group or a System, not a ${owner.kind}`);
    }
    const relation = kind === 'group' ? 'relations.ownedBy' : 'relations.partOf';
    const target = stringifyEntityRef(owner).toLocaleLowerCase('en-US');
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: ML_LINK_ANNOTATIONS.map(a => ({ [relation]: target, [`metadata.annotations.${a}`]: CATALOG_FILTER_EXISTS })),
        fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title', 'metadata.annotations'],
        order: { field: 'metadata.name', order: 'asc' },
        limit: MAX_PROJECTS,
      },
      { credentials },
    );
    const problems: MlProblem[] = [];
    const projects = await Promise.all(
      items.map(async entity => {
        const ref = stringifyEntityRef(entity);
        const links = readMlLinks(entity);
        const [airflow, mlflow] = await Promise.all([
          links.dags.length ? this.airflowFor(ref, links).catch(e => this.failed(problems, 'airflow', ref, e)) : undefined,
          links.models.length ? this.mlflowFor(ref, links).catch(e => this.failed(problems, 'mlflow', ref, e)) : undefined,
        ]);
        return summarizeProject(ref, entity.metadata.title, airflow, mlflow);
      }),
    );
    return { ownerRef: stringifyEntityRef(owner), projects, problems };
  }

  private failed(problems: MlProblem[], tool: MlTool, target: string, e: unknown): undefined {
    problems.push({ tool, target, message: (e as Error).message });
    return undefined;
  }

  /**
   * A model version next to the version that holds the environment's alias
   * now, for the "promote to production" dialog.
   */
  async getPromotionPreview(
    entityRef: string,
    model: string,
    version: string,
    environment: string,
    credentials: BackstageCredentials,
  ): Promise<ModelPromotionPreview> {
    const { links } = await this.readableEntity(entityRef, credentials);
    if (!links.models.includes(model)) {
      throw new NotFoundError(`model '${model}' is not one of ${entityRef}'s models (annotation mlops-portal.io/mlflow-models)`);
    }
    const instance = this.deps.registry.resolve(links.instance, entityRef);
    if (!instance.mlflow) throw new NotFoundError(instance.problem ?? `MLflow is not configured for instance '${instance.name}'`);
    // Fresh, not cached: this is what the promotion will be decided on.
    const view = await instance.mlflow.getModel(model, 1000);
    if (!view.found) throw new NotFoundError(`model '${model}' does not exist in MLflow`);
    const candidate = view.versions.find(v => v.version === version);
    if (!candidate) throw new NotFoundError(`model '${model}' has no version ${version}`);
    const alias = environment;
    const currentVersion = view.aliases[alias];
    const current = currentVersion ? view.versions.find(v => v.version === currentVersion) : undefined;
    const metricKeys = [...new Set([...Object.keys(candidate.metrics), ...Object.keys(current?.metrics ?? {})])].sort();
    return { entityRef, model, environment, alias, candidate, current, metricKeys, servingPath: links.servingPath };
  }

  /** Canonical ref from path params. */
  static entityRefOf(p: { kind: string; namespace: string; name: string }): string {
    return stringifyEntityRef(parseEntityRef(`${p.kind}:${p.namespace}/${p.name}`));
  }
}
