import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import fs from 'node:fs';

/**
 * How the portal can talk to a cluster. Only auth that the backend can hold
 * by itself can be watched; per-user auth is reported as `not-watchable`.
 * @public
 */
export type ClusterAuth =
  | { type: 'serviceAccountToken'; token: string }
  /** In-cluster service account: the token file is re-read as it rotates. */
  | { type: 'tokenFile'; tokenFile: string }
  | { type: 'anonymous' }
  /** A kubeconfig context, with whatever user auth it has (local use). */
  | { type: 'kubeconfig'; file: string; context: string }
  | { type: 'none' };

/**
 * One cluster, as read from config. Holds credentials: never log it or put it
 * in an answer; use {@link describeCluster} for that.
 * @public
 */
export interface ClusterDefinition {
  name: string;
  title?: string;
  url: string;
  simulated: boolean;
  /** Where it came from: `config`, `localKubectlProxy` or `kubeconfig`. */
  source: 'config' | 'localKubectlProxy' | 'kubeconfig';
  /** The stock plugin's auth provider name (`serviceAccount`, `oidc`, …). */
  authProvider: string;
  /** False when the auth needs the signed-in user's token or is not supported here. */
  watchable: boolean;
  notWatchableReason?: string;
  auth: ClusterAuth;
  caData?: string;
  caFile?: string;
  skipTLSVerify: boolean;
}

/** Timings and sizes of the watches. @public */
export interface WatchOptions {
  initialBackoffMs: number;
  maxBackoffMs: number;
  watchTimeoutSeconds: number;
  listPageSize: number;
  changeBatchMs: number;
  eventsCacheTtlMs: number;
  /** How often discovery runs again, so a CRD installed later gets watched. */
  rediscoverySeconds: number;
  /**
   * Deadline of every call to a cluster (discovery, list, patch, events, and
   * a watch's response headers), in ms.
   */
  requestTimeoutMs: number;
  /** A watch that receives no event or bookmark for this long is aborted and resumed, in ms. */
  watchLivenessMs: number;
  /** First delay before relisting after 410 Gone, in ms (exponential, full jitter). */
  relistInitialBackoffMs: number;
  /** Largest delay before relisting after 410 Gone, in ms. */
  relistMaxBackoffMs: number;
}

/** Everything the cluster service reads from config. @public */
export interface MlopsClustersConfig {
  clusters: ClusterDefinition[];
  watch: WatchOptions;
  settings: Array<{ namespace: string; name: string }>;
  /** Locator methods that were skipped, for a start-up warning. */
  warnings: string[];
}

/** Defaults of {@link WatchOptions}, as documented in config.d.ts. @public */
export const DEFAULT_WATCH_OPTIONS: WatchOptions = {
  initialBackoffMs: 1000,
  maxBackoffMs: 30000,
  watchTimeoutSeconds: 300,
  listPageSize: 500,
  changeBatchMs: 250,
  eventsCacheTtlMs: 10000,
  rediscoverySeconds: 300,
  requestTimeoutMs: 15000,
  // The API server sends a bookmark about once a minute to every watch that
  // allows them (kube-apiserver's cacher), so 90 s of nothing means trouble.
  watchLivenessMs: 90000,
  // client-go's reflector backs off 800 ms … 30 s between relists.
  relistInitialBackoffMs: 800,
  relistMaxBackoffMs: 30000,
};

// Auth providers of the stock plugin whose credentials belong to the
// signed-in user (sent by the browser per request), see
// https://backstage.io/docs/features/kubernetes/authentication
const PER_USER_AUTH = new Set(['oidc', 'google', 'aks']);
// Backend-held, but needing cloud SDKs this portal does not bundle.
const UNSUPPORTED_BACKEND_AUTH = new Set([
  'aws',
  'azure',
  'googleServiceAccount',
]);

const IN_CLUSTER_TOKEN_FILE =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';
const IN_CLUSTER_CA_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt';
const CLUSTER_NAME = /^[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/;

function positiveInt(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) {
    throw new InputError(
      `Invalid config at 'mlops.watch.${key}': must be a positive integer, got ${value}`,
    );
  }
  return value;
}

function readWatchOptions(root: Config): WatchOptions {
  const c = root.getOptionalConfig('mlops.watch');
  if (!c) return { ...DEFAULT_WATCH_OPTIONS };
  const d = DEFAULT_WATCH_OPTIONS;
  const opts: WatchOptions = {
    initialBackoffMs: positiveInt(c, 'initialBackoffMs', d.initialBackoffMs),
    maxBackoffMs: positiveInt(c, 'maxBackoffMs', d.maxBackoffMs),
    watchTimeoutSeconds: positiveInt(
      c,
      'watchTimeoutSeconds',
      d.watchTimeoutSeconds,
    ),
    listPageSize: positiveInt(c, 'listPageSize', d.listPageSize),
    changeBatchMs: positiveInt(c, 'changeBatchMs', d.changeBatchMs),
    eventsCacheTtlMs: positiveInt(c, 'eventsCacheTtlMs', d.eventsCacheTtlMs),
    rediscoverySeconds: positiveInt(c, 'rediscoverySeconds', d.rediscoverySeconds),
    requestTimeoutMs: positiveInt(c, 'requestTimeoutMs', d.requestTimeoutMs),
    watchLivenessMs: positiveInt(c, 'watchLivenessMs', d.watchLivenessMs),
    relistInitialBackoffMs: positiveInt(c, 'relistInitialBackoffMs', d.relistInitialBackoffMs),
    relistMaxBackoffMs: positiveInt(c, 'relistMaxBackoffMs', d.relistMaxBackoffMs),
  };
  if (opts.maxBackoffMs < opts.initialBackoffMs) {
    throw new InputError(
      `Invalid config at 'mlops.watch.maxBackoffMs': must be >= initialBackoffMs (${opts.initialBackoffMs})`,
    );
  }
  if (opts.relistMaxBackoffMs < opts.relistInitialBackoffMs) {
    throw new InputError(
      `Invalid config at 'mlops.watch.relistMaxBackoffMs': must be >= relistInitialBackoffMs (${opts.relistInitialBackoffMs})`,
    );
  }
  return opts;
}

function readConfigCluster(
  c: Config,
  path: string,
  simulatedNames: Set<string>,
): ClusterDefinition {
  const name = c.getString('name');
  if (!CLUSTER_NAME.test(name)) {
    throw new InputError(
      `Invalid config at '${path}.name': '${name}' is not a valid cluster name (letters, digits, '-', '_', '.')`,
    );
  }
  const url = c.getString('url');
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
  } catch {
    throw new InputError(
      `Invalid config at '${path}.url': '${url}' is not an http(s) URL`,
    );
  }
  // The stock plugin accepts the provider either directly or in authMetadata
  // (plugins/kubernetes-backend ConfigClusterLocator).
  // The key contains dots, so read the block as a whole.
  const authMetadata = c.getOptional<Record<string, unknown>>('authMetadata');
  const fromMetadata = authMetadata?.['kubernetes.io/auth-provider'];
  const authProvider =
    (typeof fromMetadata === 'string' ? fromMetadata : undefined) ??
    c.getOptionalString('authProvider');
  if (!authProvider) {
    throw new InputError(
      `Invalid config at '${path}.authProvider': cluster '${name}' has no auth provider`,
    );
  }
  const token = c.getOptionalString('serviceAccountToken');
  let auth: ClusterAuth = { type: 'none' };
  let watchable = true;
  let notWatchableReason: string | undefined;
  let caFile = c.getOptionalString('caFile');
  if (authProvider === 'serviceAccount') {
    if (token) {
      auth = { type: 'serviceAccountToken', token };
    } else {
      // Same as the stock ServiceAccountStrategy: no token means the pod's own.
      auth = { type: 'tokenFile', tokenFile: IN_CLUSTER_TOKEN_FILE };
      caFile = caFile ?? (c.getOptionalString('caData') ? undefined : IN_CLUSTER_CA_FILE);
    }
  } else if (authProvider === 'localKubectlProxy') {
    auth = { type: 'anonymous' };
  } else if (PER_USER_AUTH.has(authProvider)) {
    watchable = false;
    notWatchableReason = `auth provider '${authProvider}' uses the signed-in user's token; the portal can only watch clusters with backend-held credentials (serviceAccount, localKubectlProxy)`;
  } else if (UNSUPPORTED_BACKEND_AUTH.has(authProvider)) {
    watchable = false;
    notWatchableReason = `auth provider '${authProvider}' is not supported by the MLOps portal yet; use a serviceAccount token`;
  } else {
    throw new InputError(
      `Invalid config at '${path}.authProvider': unknown auth provider '${authProvider}'`,
    );
  }
  return {
    name,
    title: c.getOptionalString('title'),
    url: url.replace(/\/+$/, ''),
    // Three ways to say "simulated": the entry's own `mlops.simulated`, the
    // `mlops.clusters.simulated` list, or a title that says so.
    simulated:
      (c.getOptionalBoolean('mlops.simulated') ?? false) ||
      simulatedNames.has(name) ||
      /\bsimulated\b/i.test(c.getOptionalString('title') ?? ''),
    source: 'config',
    authProvider,
    watchable,
    notWatchableReason,
    auth,
    caData: c.getOptionalString('caData'),
    caFile,
    skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
  };
}

/**
 * Kubeconfig contexts → clusters. Parsed with a tiny reader so this function
 * stays pure; the KubeConfig itself is built later from the file.
 */
function readKubeconfigClusters(
  file: string,
  content: string | undefined,
  simulatedNames: Set<string>,
): ClusterDefinition[] {
  if (content === undefined) {
    throw new InputError(
      `Invalid config at 'mlops.clusters.kubeconfig': cannot read '${file}'`,
    );
  }
  let doc: any;
  try {
    // client-node's own loader parses kubeconfig YAML; no second parser.
    const kc = new KubeConfig();
    kc.loadFromString(content);
    doc = kc;
  } catch (e) {
    throw new InputError(
      `Invalid config at 'mlops.clusters.kubeconfig': '${file}' is not a kubeconfig (${(e as Error).message})`,
    );
  }
  return (doc.contexts as Array<{ name: string; cluster: string }>).map(ctx => {
    const cluster = doc.getCluster(ctx.cluster);
    if (!cluster) {
      throw new InputError(
        `Invalid config at 'mlops.clusters.kubeconfig': context '${ctx.name}' names unknown cluster '${ctx.cluster}'`,
      );
    }
    return {
      name: ctx.name,
      url: String(cluster.server).replace(/\/+$/, ''),
      simulated: simulatedNames.has(ctx.name),
      source: 'kubeconfig' as const,
      authProvider: 'kubeconfig',
      watchable: true,
      auth: { type: 'kubeconfig' as const, file, context: ctx.name },
      skipTLSVerify: Boolean(cluster.skipTLSVerify),
    };
  });
}

/**
 * Reads the clusters and watch options. Pure apart from reading the optional
 * kubeconfig file through `readFile` (injectable for tests). Invalid config
 * throws an InputError naming the key path.
 * @public
 */
export function readClusterConfig(
  config: Config,
  options: { readFile?: (path: string) => string | undefined } = {},
): MlopsClustersConfig {
  const readFile =
    options.readFile ??
    ((p: string) => {
      try {
        return fs.readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    });
  const simulatedNames = new Set(
    config.getOptionalStringArray('mlops.clusters.simulated') ?? [],
  );
  const clusters: ClusterDefinition[] = [];
  const warnings: string[] = [];
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  methods.forEach((method, i) => {
    const path = `kubernetes.clusterLocatorMethods[${i}]`;
    const type = method.getString('type');
    switch (type) {
      case 'config':
        (method.getOptionalConfigArray('clusters') ?? []).forEach((c, j) =>
          clusters.push(
            readConfigCluster(c, `${path}.clusters[${j}]`, simulatedNames),
          ),
        );
        break;
      case 'localKubectlProxy':
        // The stock plugin's fixed cluster (LocalKubectlProxyClusterLocator).
        clusters.push({
          name: 'local',
          url: 'http://127.0.0.1:8001',
          simulated: simulatedNames.has('local'),
          source: 'localKubectlProxy',
          authProvider: 'localKubectlProxy',
          watchable: true,
          auth: { type: 'anonymous' },
          skipTLSVerify: false,
        });
        break;
      case 'catalog':
      case 'gke':
        warnings.push(
          `${path}: cluster locator '${type}' is not supported by the MLOps portal; its clusters are not watched`,
        );
        break;
      default:
        throw new InputError(
          `Invalid config at '${path}.type': unknown cluster locator method '${type}'`,
        );
    }
  });
  const kubeconfig = config.getOptionalString('mlops.clusters.kubeconfig');
  if (kubeconfig) {
    clusters.push(
      ...readKubeconfigClusters(kubeconfig, readFile(kubeconfig), simulatedNames),
    );
  }
  const seen = new Set<string>();
  for (const c of clusters) {
    if (seen.has(c.name)) {
      throw new InputError(
        `Invalid config: duplicate cluster name '${c.name}' (kubernetes.clusterLocatorMethods / mlops.clusters.kubeconfig)`,
      );
    }
    seen.add(c.name);
  }
  const settings = (config.getOptionalConfigArray('mlops.settings') ?? []).map(
    s => ({ namespace: s.getString('namespace'), name: s.getString('name') }),
  );
  return {
    clusters,
    watch: readWatchOptions(config),
    settings: settings.length
      ? settings
      : [{ namespace: 'flux-system', name: 'platform-settings' }],
    warnings,
  };
}

/** A cluster without its credentials, safe to log. @public */
export function describeCluster(c: ClusterDefinition): string {
  return `${c.name} (${c.url}, auth ${c.authProvider}${c.simulated ? ', simulated' : ''})`;
}
