/*
 * Config read by @mlops-portal/plugin-mlops-node (and so by every MLOps
 * backend plugin and module that uses the shared cluster service).
 *
 * Clusters come from the SAME `kubernetes.clusterLocatorMethods` block the
 * stock Kubernetes plugin reads
 * (https://backstage.io/docs/features/kubernetes/configuration#clusterlocatormethods),
 * so an app that already configured it has nothing more to do. The only
 * additions are below, under `mlops`.
 */
export interface Config {
  kubernetes?: {
    clusterLocatorMethods?: Array<{
      /** `config`, `localKubectlProxy` (watched); `catalog`, `gke` are ignored with a warning. */
      type: string;
      clusters?: Array<{
        /**
         * MLOps Portal addition on a `type: config` cluster entry: mark the
         * cluster as simulated (packages/kube-sim); the UI says so plainly.
         * A `title` containing the word "simulated" has the same effect.
         * Default: false.
         */
        mlops?: {
          simulated?: boolean;
        };
      }>;
    }>;
  };
  mlops?: {
    clusters?: {
      /**
       * Path to a kubeconfig file for local use: every context becomes one
       * cluster named after the context. Default: none.
       */
      kubeconfig?: string;
      /**
       * Names of clusters (from any source) to mark as simulated.
       * Default: none.
       */
      simulated?: string[];
    };
    watch?: {
      /** First retry delay after a failed list/watch, in ms. Default: 1000. */
      initialBackoffMs?: number;
      /** Largest retry delay, in ms (exponential, with full jitter). Default: 30000. */
      maxBackoffMs?: number;
      /** Server-side watch timeout, in seconds; the watch is re-opened from its resourceVersion. Default: 300. */
      watchTimeoutSeconds?: number;
      /** Page size of the initial list. Default: 500. */
      listPageSize?: number;
      /**
       * Listeners hear of change events at most once per this window, in ms: a change after a quiet
       * window goes out at once, later ones within the window are delivered together at its end.
       * Default: 250.
       */
      changeBatchMs?: number;
      /** How long fetched Kubernetes events are cached, in ms. Default: 10000. */
      eventsCacheTtlMs?: number;
      /**
       * How often API discovery runs again, in seconds, so that a CRD
       * installed after start-up gets watched (and a removed one reads
       * "not installed"). Default: 300.
       */
      rediscoverySeconds?: number;
      /**
       * Deadline of every call to a cluster, in ms: discovery, each list
       * page, merge patches, events, and a watch's response headers. A call
       * past it is aborted (its socket closed) and fails naming the cluster
       * and the object. Default: 15000.
       */
      requestTimeoutMs?: number;
      /**
       * A watch that receives no event or bookmark for this long is aborted
       * and resumed from its resourceVersion, in ms. The API server sends a
       * bookmark about once a minute, so keep this above 60000 for real
       * clusters. A watch that is re-established and goes silent again, or
       * whose reconnect times out, marks the cluster `silent`. Default: 90000.
       */
      watchLivenessMs?: number;
      /**
       * First delay before relisting a kind after 410 Gone, in ms; it doubles
       * (full jitter) up to relistMaxBackoffMs and starts over once a watch
       * delivers events. Default: 800 (as client-go's reflector).
       */
      relistInitialBackoffMs?: number;
      /** Largest delay before relisting after 410 Gone, in ms. Default: 30000. */
      relistMaxBackoffMs?: number;
    };
    /** New ML projects (template new-ml-project; the scaffolder and catalog modules read it). */
    mlProjects?: {
      /**
       * Local mode: each new project becomes a Git repository in
       * `<reposDir>/<name>` on the backend's disk (relative to the backend's
       * working directory), and its catalog-info.yaml is registered in the
       * catalog as a location of type `mlops-ml-project`, which the catalog
       * reads only inside this folder. The local portal uses
       * ../../.data/ml-projects.
       */
      local?: {
        reposDir: string;
      };
    };
    /**
     * ConfigMaps holding the platform settings shown on the overview.
     * Default: `[{ namespace: flux-system, name: platform-settings }]`.
     */
    settings?: Array<{
      namespace: string;
      name: string;
    }>;
  };
}
