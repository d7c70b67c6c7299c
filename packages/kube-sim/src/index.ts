/**
 * A Kubernetes API server simulator for the MLOps Portal's development,
 * tests and benchmarks. Never used in a production code path.
 *
 * @packageDocumentation
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ObjectStore } from './ObjectStore';
import { KubeApiServer } from './KubeApiServer';
import { SimController, Expectation, FLEET_KINDS, type FleetKind } from './SimController';
import { loadGitops, AppliedObject } from './gitops';
import { GitopsRepoSource, GitopsRevision, GitopsRepoOptions } from './gitRepoSource';
import { loadScenario, Scenario } from './scenarios';
import { TokenSpec, defaultTokens, tokenSpecSchema } from './auth';
import { Faults, FaultsUpdate, describeZodError } from './faults';
import { buildKubeconfig } from './kubeconfig';
import { generateTls } from './tls';

export { ObjectStore, kubeTime } from './ObjectStore';
export type { StoredObject, StoreEvent, StoreListener } from './ObjectStore';
export { KubeApiServer } from './KubeApiServer';
export type { KubeApiServerOptions, AdminHooks, HelmDriftInput } from './KubeApiServer';
export { helmDriftInputSchema } from './KubeApiServer';
export { SimController, FLEET_KINDS, DEFAULT_FLEET_KINDS } from './SimController';
export type { FleetKind } from './SimController';
export type { Expectation, SimControllerOptions, GitSourceRevision, RevisionResult } from './SimController';
export { loadGitops, substituteVariables, inventoryId } from './gitops';
export type { AppliedObject, GitopsProblem, LoadGitopsOptions } from './gitops';
export { GitopsRepoSource } from './gitRepoSource';
export type { GitopsRepoOptions, GitopsRevision } from './gitRepoSource';
export { loadScenario, parseScenario, listScenarios, scenarioSchema, scenarioObjectSchema, BEHAVIOURS, SCENARIOS_DIR } from './scenarios';
export type { Scenario, ScenarioObject, Behaviour } from './scenarios';
export { defaultTokens, isAllowed, readsSecretData, tokenSpecSchema } from './auth';
export { HELM_RELEASE_SECRET_TYPE, helmReleaseSecret, helmReleaseSecretName, renderChartManifest } from './helmStorage';
export type { HelmRevision } from './helmStorage';
export type { TokenSpec, AccessRule, RequestAttributes } from './auth';
export { NO_FAULTS, faultsUpdateSchema } from './faults';
export type { Faults, FaultsUpdate } from './faults';
export { buildKubeconfig } from './kubeconfig';
export type { KubeconfigCluster } from './kubeconfig';
export { generateTls } from './tls';
export type { SimTls } from './tls';
// The `kube-sim` command, for the bin of the published package.
export { main as runCli } from './cli';
export { RESOURCE_TYPES, findTypeByKind, findTypeByPath, apiVersionOf } from './resources';
export type { ResourceType } from './resources';

/** Options of {@link startKubeSim}. @public */
export interface StartKubeSimOptions {
  /**
   * The Flux repository to serve. Default: the monorepo's `gitops/` when it
   * exists. `false`: none (only scenario and fleet objects).
   */
  gitopsDir?: string | false;
  /**
   * Follow a branch of a Git repository on this machine instead of a folder,
   * as Flux does: the objects come from its current commit, and each new
   * commit (a merged change) is applied, pruned and reported as the
   * GitRepository's revision. Takes the place of `gitopsDir`.
   */
  gitopsRepo?: GitopsRepoOptions;
  /** Where the simulator reports what it applies from a followed repository. Default: none. */
  log?: (message: string) => void;
  /** `healthy` (default), `degraded`, `fleet`, or a path to a scenario YAML file. */
  scenario?: string;
  /** Number of clusters, or their names. Default: the scenario's `fleet.clusters`, else 1. */
  clusters?: number | string[];
  /** Generated objects per cluster (overrides the scenario's `fleet.objectsPerCluster`). */
  objectsPerCluster?: number;
  /** Kinds the generated objects cycle through. Default: HelmRelease, Kustomization, KafkaTopic, ConfigMap. */
  fleetKinds?: FleetKind[];
  /**
   * Serve HTTPS with a generated CA (in the kubeconfig as
   * certificate-authority-data). Default true: kubectl sends bearer tokens
   * only over TLS, and client-node refuses plain HTTP unless TLS verification
   * is skipped.
   */
  tls?: boolean;
  /** Extra tokens, besides the read-write, read-only and admin ones. */
  tokens?: TokenSpec[];
  /** Fixed read-write token (default: random per start), e.g. to put in app-config through an env var. */
  token?: string;
  /** Fixed read-only token (default: random). */
  readOnlyToken?: string;
  /** Fixed admin token (default: random). */
  adminToken?: string;
  /** Delay before reconcile requests and spec changes are handled (ms). Default 300. */
  reconcileDelayMs?: number;
  /** Interval of time-driven changes (ms); 0: only on `admin.advance()`/`settle()`. Default 5000. */
  stepMs?: number;
  /** Port of the first cluster (0: free ports). Others use port+1, port+2… when non-zero. */
  port?: number;
  /** BOOKMARK interval of watches with allowWatchBookmarks (ms). Default 60 000. */
  bookmarkIntervalMs?: number;
}

const optionsSchema = z
  .object({
    gitopsDir: z.union([z.string().min(1), z.literal(false)]).optional(),
    gitopsRepo: z
      .object({
        dir: z.string().min(1),
        branch: z.string().min(1).optional(),
        path: z.string().min(1).optional(),
        pollMs: z.number().int().min(50).max(3_600_000).optional(),
      })
      .strict()
      .optional(),
    log: z.function().optional(),
    scenario: z.string().min(1).optional(),
    clusters: z.union([z.number().int().min(1).max(100), z.array(z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)).min(1)]).optional(),
    objectsPerCluster: z.number().int().min(0).max(100_000).optional(),
    fleetKinds: z.array(z.enum(FLEET_KINDS)).min(1).optional(),
    tls: z.boolean().optional(),
    tokens: z.array(tokenSpecSchema).optional(),
    token: z.string().min(8).optional(),
    readOnlyToken: z.string().min(8).optional(),
    adminToken: z.string().min(8).optional(),
    reconcileDelayMs: z.number().int().min(0).optional(),
    stepMs: z.number().int().min(0).optional(),
    port: z.number().int().min(0).max(65535).optional(),
    bookmarkIntervalMs: z.number().int().min(1).optional(),
  })
  .strict();

/** One simulated cluster of a running simulator. @public */
export interface SimCluster {
  name: string;
  url: string;
  /** Read-write token (all verbs, all resources; Secret data hidden). */
  token: string;
  /** Read-only token (get, list, watch). */
  readOnlyToken: string;
  /** Admin token: everything, Secret data, and the `/_sim` endpoints. */
  adminToken: string;
  /** Base64 PEM CA (HTTPS only), as in a kubeconfig's certificate-authority-data. */
  caData?: string;
  /** PEM CA (HTTPS only). */
  caCert?: string;
  store: ObjectStore;
  server: KubeApiServer;
  controller: SimController;
}

/** Run-time control of a running simulator. @public */
export interface SimAdmin {
  /** Merges a faults update into one cluster (default: all). Throws on invalid input, naming the field. */
  setFaults(update: FaultsUpdate, cluster?: string): Faults;
  /** Clears faults (one cluster or all). */
  resetFaults(cluster?: string): void;
  /** Moves time-driven objects one step on (all clusters). */
  advance(): void;
  /** Moves time-driven objects to their final state (all clusters). */
  settle(): void;
  /** Closes every open watch connection (one cluster or all). */
  dropWatches(cluster?: string): number;
}

/** A running simulator. @public */
export interface KubeSim {
  /** The first cluster's URL. */
  url: string;
  /** The first cluster's read-write token. */
  token: string;
  readOnlyToken: string;
  adminToken: string;
  /** A kubeconfig (YAML) with one context per cluster, read-write token. */
  kubeconfig: string;
  /** The same kubeconfig with the read-only token. */
  readOnlyKubeconfig: string;
  clusters: SimCluster[];
  scenario: Scenario;
  admin: SimAdmin;
  /** What every watched object should classify as, per the scenario. */
  expectations(kinds: string[]): Expectation[];
  stop(): Promise<void>;
}

function reportProblems(log: ((message: string) => void) | undefined, revision: GitopsRevision) {
  for (const p of revision.problems) {
    if (p.kustomization) log?.(`${p.file}: ${p.message} (Kustomization ${p.kustomization.namespace}/${p.kustomization.name} not applied)`);
  }
}

/** The monorepo's `gitops/` folder, if there is one. @public */
export function defaultGitopsDir(): string | undefined {
  const candidates = [
    // In the repository (jest, the bin, the bench) __dirname is
    // packages/kube-sim/src; installed from the package it is dist/ and
    // this candidate simply does not exist.
    // eslint-disable-next-line no-restricted-syntax
    path.resolve(__dirname, '..', '..', '..', 'gitops'),
    path.resolve(process.cwd(), 'gitops'),
  ];
  return candidates.find(c => fs.existsSync(c) && fs.statSync(c).isDirectory());
}

/**
 * Starts one or more simulated clusters on 127.0.0.1, each on its own port,
 * serving the GitOps repository with the scenario's statuses.
 * @public
 */
export async function startKubeSim(options: StartKubeSimOptions = {}): Promise<KubeSim> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new TypeError(`startKubeSim: invalid options: ${describeZodError(parsed.error)}`);
  }
  if (options.gitopsRepo && options.gitopsDir !== undefined) {
    throw new TypeError('startKubeSim: invalid options: gitopsDir and gitopsRepo exclude each other');
  }
  const scenario = loadScenario(options.scenario ?? 'healthy');
  const repo = options.gitopsRepo ? new GitopsRepoSource(options.gitopsRepo) : undefined;
  let first: GitopsRevision | undefined;
  if (repo) {
    first = await repo.read(await repo.head());
    reportProblems(options.log, first);
  }
  const gitopsDir = options.gitopsDir === false || repo ? undefined : options.gitopsDir ?? defaultGitopsDir();
  const objects: AppliedObject[] = first?.objects ?? (gitopsDir ? loadGitops(gitopsDir) : []);
  const count = Array.isArray(options.clusters) ? options.clusters.length : options.clusters ?? scenario.fleet?.clusters ?? 1;
  // One cluster is plainly `kube-sim`, so the UI shows it is simulated.
  let names = Array.from({ length: count }, (_, i) => `kube-sim-${i + 1}`);
  if (Array.isArray(options.clusters)) names = options.clusters;
  else if (count === 1) names = ['kube-sim'];
  const perCluster = options.objectsPerCluster ?? scenario.fleet?.objectsPerCluster ?? 0;
  const tokens = defaultTokens(randomBytes(12).toString('hex'));
  if (options.token) tokens.readWrite.token = options.token;
  if (options.readOnlyToken) tokens.readOnly.token = options.readOnlyToken;
  if (options.adminToken) tokens.admin.token = options.adminToken;
  const allTokens = [tokens.readWrite, tokens.readOnly, tokens.admin, ...(options.tokens ?? [])];
  const tls = options.tls === false ? undefined : generateTls();

  const clusters: SimCluster[] = [];
  try {
    for (let i = 0; i < names.length; i++) {
      const store = new ObjectStore();
      const controller = new SimController(store, scenario, {
        clusterName: names[i],
        reconcileDelayMs: options.reconcileDelayMs,
        stepMs: options.stepMs,
        fleetObjects: perCluster,
        fleetFailEvery: scenario.fleet?.failEvery,
        fleetKinds: options.fleetKinds,
      });
      controller.start(objects, first?.source);
      const server = new KubeApiServer({
        name: names[i],
        store,
        tokens: allTokens,
        hooks: { advance: () => controller.advance(), settle: () => controller.settle(), helmDrift: input => controller.helmDrift(input) },
        tls: tls ? { cert: tls.cert, key: tls.key } : undefined,
        bookmarkIntervalMs: options.bookmarkIntervalMs,
      });
      const port = options.port ? options.port + i : 0;
      const url = await server.listen(port);
      clusters.push({
        name: names[i],
        url,
        token: tokens.readWrite.token,
        readOnlyToken: tokens.readOnly.token,
        adminToken: tokens.admin.token,
        ...(tls ? { caCert: tls.caCert, caData: Buffer.from(tls.caCert).toString('base64') } : {}),
        store,
        server,
        controller,
      });
    }
  } catch (e) {
    for (const c of clusters) {
      c.controller.stop();
      await c.server.close();
    }
    throw e;
  }
  const pick = (cluster?: string) => {
    if (!cluster) return clusters;
    const c = clusters.find(x => x.name === cluster);
    if (!c) throw new TypeError(`unknown cluster '${cluster}' (known: ${clusters.map(x => x.name).join(', ')})`);
    return [c];
  };
  const stopFollowing =
    repo && first
      ? repo.follow(
          first.source.commit,
          options.gitopsRepo?.pollMs ?? 1000,
          revision => {
            reportProblems(options.log, revision);
            for (const c of clusters) {
              const r = c.controller.applyRevision(revision.objects, revision.source, revision.problems);
              options.log?.(
                `${c.name}: applied ${revision.source.commit.slice(0, 12)} (${revision.source.subject ?? ''}): ` +
                  `${r.created.length} created, ${r.updated.length} changed, ${r.pruned.length} pruned`,
              );
            }
          },
          (error, commit) => options.log?.(`could not read ${commit ? `commit ${commit.slice(0, 12)}` : 'the followed branch'}: ${error.message}`),
        )
      : () => {};
  const kc = (token: (c: SimCluster) => string) =>
    buildKubeconfig(clusters.map(c => ({ name: c.name, url: c.url, token: token(c), caCert: c.caCert })));
  return {
    url: clusters[0].url,
    token: clusters[0].token,
    readOnlyToken: clusters[0].readOnlyToken,
    adminToken: clusters[0].adminToken,
    kubeconfig: kc(c => c.token),
    readOnlyKubeconfig: kc(c => c.readOnlyToken),
    clusters,
    scenario,
    admin: {
      setFaults: (update, cluster) => {
        let result: Faults | undefined;
        for (const c of pick(cluster)) result = c.server.setFaults(update);
        return result!;
      },
      resetFaults: cluster => {
        for (const c of pick(cluster)) c.server.resetFaults();
      },
      advance: () => clusters.forEach(c => c.controller.advance()),
      settle: () => clusters.forEach(c => c.controller.settle()),
      dropWatches: cluster => pick(cluster).reduce((n, c) => n + c.server.dropWatches(), 0),
    },
    expectations: kinds => clusters.flatMap(c => c.controller.expectations(kinds)),
    stop: async () => {
      stopFollowing();
      for (const c of clusters) {
        c.controller.stop();
        await c.server.close();
      }
    },
  };
}
