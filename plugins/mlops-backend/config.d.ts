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
  };
}
