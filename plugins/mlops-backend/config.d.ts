/*
 * Config of @mlops-portal/plugin-mlops-backend. Clusters and watch timings
 * are read by @mlops-portal/plugin-mlops-node (see its config.d.ts):
 * `kubernetes.clusterLocatorMethods`, `mlops.clusters.*`, `mlops.watch.*`,
 * `mlops.settings`.
 */
export interface Config {
  mlops?: {
    actions?: {
      /**
       * How long a reconcile waits for Flux to set
       * `status.lastHandledReconcileAt` to the request's token before
       * answering with outcome `timeout`, in ms. Default: 10000.
       */
      reconcileWaitMs?: number;
    };
    entities?: {
      /**
       * How often the catalog entities carrying the MLOps annotations are
       * re-read, in seconds. Default: 30.
       */
      refreshIntervalSeconds?: number;
    };
    trace?: {
      /**
       * Watch pods on every cluster so that traces end at pods (traces end at
       * workloads otherwise). Default: true.
       */
      watchPods?: boolean;
      /**
       * Most objects one trace holds per cluster; a larger trace is cut and
       * says so. Default: 50000.
       */
      maxNodesPerCluster?: number;
      /**
       * How long a trace that nobody requests again is still followed for
       * live updates, in seconds. Default: 600.
       */
      idleSeconds?: number;
    };
    notifications?: {
      /**
       * Tell owners when an entity turns Failed, drifts, stays suspended or
       * recovers (Backstage notifications). Default: true.
       */
      enabled?: boolean;
      /** An object suspended this long is told to its owners, in minutes. Default: 1440. */
      suspendedAfterMinutes?: number;
      /**
       * How long events are held to group them per layer, in seconds.
       * Default: 30.
       */
      groupWindowSeconds?: number;
      /**
       * From this many entities of one layer with the same event in one
       * window, each user gets one notification for the layer. Default: 3.
       */
      groupThreshold?: number;
      /** How often suspensions are checked, in seconds. Default: 60. */
      checkIntervalSeconds?: number;
    };
    ownership?: {
      /**
       * Catalog locations, besides the built-in ones, whose entities may
       * decide who owns the cluster objects they name
       * (`mlops-portal.io/objects`, `mlops-portal.io/label-selector`), as
       * location refs `<type>:<target>` compared exactly with the entity's
       * `backstage.io/managed-by-origin-location` (`file` targets are
       * resolved to absolute paths, as the catalog does), e.g.
       * `url:https://github.com/acme/platform/blob/main/teams.yaml`.
       * Always trusted: entities of the GitOps entity provider
       * (`mlops-provider:<id>`), of every `catalog.locations` entry, and of
       * the portal's ML project locations (`mlops-ml-project:…`). Entities
       * from any other location (e.g. registered by a user) show status but
       * never decide ownership. Default: none (`[]`).
       */
      trustedLocations?: string[];
    };
  };
}
