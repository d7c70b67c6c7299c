import {
  LoggerService,
  SchedulerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { resolve } from 'path';
import {
  MlopsProviderConfig,
  readProviderConfigs,
} from '../config/readProviderConfigs';
import { FluxObjectLister, mapDriftEntities } from '../drift/mapDriftEntities';
import {
  createLocalRepoLinks,
  createUrlRepoLinks,
  RepoLinks,
} from '../mapping/repoLinks';
import {
  readLocalRepository,
  createCachedUrlRepositoryReader,
} from '../reader/readRepository';
import { withSourceRepositories } from '../reader/readSourceRepositories';
import { RepoFile } from '../reader/types';
import { ProblemLog } from '../reporting/ProblemLog';
import { ingestRepository, IngestResult } from './ingest';
import {
  IngestionState,
  IngestionStats,
  initialIngestionState,
  MutationPlan,
  planMutation,
  seedIngestionState,
} from './planMutation';

type PlanRefusal = NonNullable<MutationPlan['refused']>;

/** The outcome of one run, for logs and tests. @public */
export type IngestionRunReport =
  | {
      ok: true;
      /** Entities emitted by this run (drift entities included). */
      entities: number;
      /** Files or objects skipped, each logged as a warning. */
      problems: number;
      /** Files that fail to parse, read in their last good version instead. */
      keptFiles: string[];
      stats: IngestionStats;
      /** Whether a mutation was applied (false: nothing changed). */
      applied: boolean;
    }
  | {
      ok: false;
      error: string;
      /** Set when the run was refused for removing too much (`maxRemovalShare`). */
      refused?: { missing: number; known: number; maxRemovalShare: number };
    };

/** Options of {@link MlopsEntityProvider}. @public */
export interface MlopsEntityProviderOptions {
  /** One provider's config, from {@link readProviderConfigs}. */
  config: MlopsProviderConfig;
  /** Where runs, skipped files and errors are logged. */
  logger: LoggerService;
  /** Reads the repository's manifest files ({@link readLocalRepository}, {@link readUrlRepository}). */
  readFiles: () => Promise<RepoFile[]>;
  /** How entities link back to their files. */
  links: RepoLinks;
  /** Schedules the runs; without it, call `run()` yourself. */
  scheduler?: SchedulerService;
  /** Cluster access for the drift view (`drift.enabled`). */
  drift?: FluxObjectLister;
  /**
   * Refs of the entities the catalog holds from this provider. Asked before
   * the first run after start-up, so that a restart does not reset the
   * deletion grace period nor skip the removal limit; while it fails, runs
   * fail and apply nothing. Without it the first run is a full mutation.
   */
  listExisting?: () => Promise<string[]>;
}

/**
 * Emits the platform found in a GitOps repository as catalog entities. Thin
 * on purpose: reading, mapping and diffing are pure functions elsewhere.
 * @public
 */
export class MlopsEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private state: IngestionState = initialIngestionState();
  /** The text of each file as last applied, read instead of a file that fails to parse. */
  private lastGood: ReadonlyMap<string, string> = new Map();
  private lastDrift: Entity[] = [];
  private running?: Promise<IngestionRunReport>;
  /** Logs each problem once, not on every run. */
  private readonly problemLog: ProblemLog;
  /** The last run's error, if the last run failed. */
  lastError?: string;

  /** One provider per `catalog.providers.mlops.<id>`. */
  static fromConfig(
    config: Config,
    deps: {
      logger: LoggerService;
      scheduler?: SchedulerService;
      urlReader: UrlReaderService;
      drift?: FluxObjectLister;
      /** Refs of the catalog's entities with a given managed-by-location. */
      listExisting?: (managedByLocation: string) => Promise<string[]>;
    },
  ): MlopsEntityProvider[] {
    return readProviderConfigs(config).map(providerConfig => {
      const { source } = providerConfig;
      const local = source.type === 'local' ? resolve(source.path) : undefined;
      return new MlopsEntityProvider({
        config: providerConfig,
        logger: deps.logger.child({
          target: `mlops-provider:${providerConfig.id}`,
        }),
        scheduler: deps.scheduler,
        drift: deps.drift,
        listExisting: deps.listExisting
          ? () => deps.listExisting!(`mlops-provider:${providerConfig.id}`)
          : undefined,
        readFiles: withSourceRepositories(
          source.type === 'url'
            ? createCachedUrlRepositoryReader(deps.urlReader, source.target)
            : () => readLocalRepository(local!),
          providerConfig.repositories,
          deps.urlReader,
        ),
        links:
          source.type === 'url'
            ? createUrlRepoLinks(source.target, providerConfig.branch)
            : createLocalRepoLinks(
                local!,
                providerConfig.repoUrl,
                providerConfig.branch,
              ),
      });
    });
  }

  constructor(private readonly options: MlopsEntityProviderOptions) {
    this.problemLog = new ProblemLog(options.logger);
  }

  /** `mlops-provider:<id>`; also the entities' location key. */
  getProviderName(): string {
    return `mlops-provider:${this.options.config.id}`;
  }

  /** Called by the catalog; schedules the runs when a scheduler was given. */
  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    const { scheduler, config, logger } = this.options;
    if (config.drift.enabled && !this.options.drift) {
      logger.warn(
        'drift.enabled is set but no cluster access is wired; the drift view is off',
      );
    }
    if (!scheduler) return;
    await scheduler.scheduleTask({
      id: `${this.getProviderName()}:refresh`,
      ...config.schedule,
      fn: async () => {
        await this.run();
      },
    });
  }

  /**
   * One ingestion. Never throws: a failed read keeps the last good set in the
   * catalog (no mutation) and is logged and remembered in `lastError`.
   */
  run(): Promise<IngestionRunReport> {
    // The scheduler does not overlap runs; this also covers manual calls.
    if (!this.running) {
      this.running = this.doRun().finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  private async doRun(): Promise<IngestionRunReport> {
    const { config, logger } = this.options;
    if (!this.connection) {
      return { ok: false, error: 'not connected to the catalog yet' };
    }
    const source =
      config.source.type === 'url' ? config.source.target : config.source.path;
    // Every failure below applies nothing: the catalog keeps the last good set.
    const fail = (error: string, refused?: PlanRefusal): IngestionRunReport => {
      this.lastError = error;
      logger.error(`${error}; the catalog keeps the last good set`);
      return { ok: false, error, ...(refused ? { refused } : {}) };
    };
    let files: RepoFile[];
    try {
      files = await this.options.readFiles();
    } catch (e) {
      return fail(`reading ${source} failed: ${stringifyError(e)}`);
    }
    // An empty checkout (a failed clone, a wrong branch, an unmounted
    // volume) is a broken read, not a platform without components.
    if (files.length === 0) {
      return fail(
        `reading ${source} found no manifest files (an empty or broken checkout)`,
      );
    }
    let result: IngestResult;
    try {
      result = ingestRepository(
        files,
        config,
        this.options.links,
        this.lastGood,
      );
    } catch (e) {
      // A bug or an object shape nobody foresaw: same as a failed read.
      return fail(`mapping the repository failed: ${stringifyError(e)}`);
    }
    if (result.missingPaths.length > 0) {
      return fail(
        `${source} has no folder ${result.missingPaths
          .map(p => `'${p}'`)
          .join(', ')} (paths); a broken checkout or a wrong branch`,
      );
    }
    if (result.objects.length === 0) {
      return fail(
        `reading ${source} found no Kubernetes objects under ${config.paths
          .map(p => `'${p}'`)
          .join(', ')} in ${files.length} files`,
      );
    }
    this.problemLog.report(result.problems);
    if (result.unrecovered.length > 0) {
      logger.warn(
        `${result.unrecovered
          .map(f => f.path)
          .join(
            ', ',
          )} cannot be parsed and no good version is known since start-up: entities missing from this run are kept (their grace period paused) until every file parses`,
      );
    }
    let entities = result.entities;
    if (config.drift.enabled && this.options.drift) {
      try {
        const live = await this.options.drift.listFluxObjects();
        this.lastDrift = mapDriftEntities(live, result.objects, {
          providerId: config.id,
          defaultOwner: config.defaultOwner,
          controlPlaneLayer: config.controlPlaneLayer,
          entityNamespace: config.entityNamespace,
          namePrefix: config.namePrefix,
        });
      } catch (e) {
        logger.warn(
          `drift view: listing cluster objects failed, keeping the last result: ${stringifyError(
            e,
          )}`,
        );
      }
      entities = [...entities, ...this.lastDrift];
    }
    if (!this.state.initialized && this.options.listExisting) {
      // Without knowing what the catalog holds from us, the first run would
      // have to be a full mutation, which removes at once (no grace period,
      // no removal limit) whatever this run misses: try again next run.
      try {
        this.state = seedIngestionState(await this.options.listExisting());
      } catch (e) {
        return fail(
          `could not list this provider's entities in the catalog, so cannot tell what this run would remove: ${stringifyError(
            e,
          )}`,
        );
      }
    }
    const plan = planMutation(this.state, entities, {
      graceRuns: config.deletionGraceRuns,
      locationKey: this.getProviderName(),
      maxRemovalShare: config.maxRemovalShare,
      holdRemovals: result.unrecovered.length > 0,
    });
    if (plan.refused) {
      const { missing, known, maxRemovalShare } = plan.refused;
      return fail(
        `refusing to apply this run: it would remove ${missing} of the ${known} entities of this provider (${Math.round(
          (missing / known) * 100,
        )}%, more than maxRemovalShare ${maxRemovalShare}). Fix ${source}, or raise catalog.providers.mlops.${
          config.id
        }.maxRemovalShare if this removal is meant`,
        plan.refused,
      );
    }
    try {
      if (plan.mutation) await this.connection.applyMutation(plan.mutation);
    } catch (e) {
      this.lastError = `applying the mutation failed: ${stringifyError(e)}`;
      logger.error(this.lastError);
      return { ok: false, error: this.lastError };
    }
    this.state = plan.state;
    this.lastGood = result.lastGood;
    this.lastError = undefined;
    const { stats } = plan;
    logger.info(
      `ingested ${files.length} files: ${entities.length} entities (${stats.added} added, ${stats.changed} changed, ${stats.removed} removed, ${stats.pendingRemoval} awaiting removal), ${result.problems.length} problems`,
    );
    return {
      ok: true,
      entities: entities.length,
      problems: result.problems.length,
      keptFiles: result.kept.map(k => k.path),
      stats,
      applied: !!plan.mutation,
    };
  }
}
