/*
 * Config of @mlops-portal/plugin-ml-workbench-backend: where the platform's
 * MLflow, Airflow and Kafka answer, per platform instance. Credentials come
 * from the environment only (e.g. `password: ${AIRFLOW_PASSWORD}`).
 */
export interface Config {
  mlWorkbench?: {
    /**
     * The instance entities without the `mlops-portal.io/ml-platform`
     * annotation use. Default: the first of `instances`.
     */
    defaultInstance?: string;
    cache?: {
      /** How long an answer from a tool is served from the cache, in seconds. Default: 30. */
      ttlSeconds?: number;
      /**
       * How often answers someone looked at recently are fetched again in the
       * background (changes are pushed to open pages over signals), in seconds.
       * Default: 15.
       */
      refreshSeconds?: number;
      /** How long after the last request an answer keeps being refreshed, in seconds. Default: 600. */
      keepWarmSeconds?: number;
      /** How many lag samples are kept per consumer group for the chart. Default: 120. */
      lagHistorySamples?: number;
    };
    /** How long one request to a tool may take, in ms. Default: 10000. */
    requestTimeoutMs?: number;
    /** How many recent runs are shown per experiment and per DAG. Default: 10. */
    recentRuns?: number;
    /**
     * Platform instances (an environment's MLflow, Airflow and Kafka). Each
     * tool is optional; a missing one shows as "not configured".
     */
    instances?: Array<{
      /** Name used by the `mlops-portal.io/ml-platform` annotation (DNS-1123 label). */
      name: string;
      mlflow?: {
        /** Base URL of the tracking server, e.g. http://mlflow.ml-lifecycle:5000 */
        baseUrl: string;
        /** Link shown in the portal (the MLflow UI). Default: baseUrl. */
        uiUrl?: string;
        /**
         * Bearer token for a tracking server behind an auth proxy or with
         * MLflow's auth app. From the environment.
         * @visibility secret
         */
        token?: string;
        /** Basic auth (MLflow's basic-auth app). */
        username?: string;
        /** @visibility secret */
        password?: string;
      };
      airflow?: {
        /** Base URL of the Airflow 3 API server, e.g. http://airflow-api-server.orchestration:8080 */
        baseUrl: string;
        /** Link shown in the portal. Default: baseUrl. */
        uiUrl?: string;
        /** The backend's own Airflow user; tokens come from POST /auth/token. */
        username: string;
        /** @visibility secret */
        password: string;
        /**
         * Act (trigger, pause, unpause) on a DAG through an entity only when
         * the DAG's own tags include `portal-entity:<entity ref>`. Default: true.
         */
        requireEntityTag?: boolean;
      };
      kafka?: {
        /** Bootstrap brokers, host:port. */
        brokers: string[];
        /** Client id the admin client connects with. Default: mlops-portal. */
        clientId?: string;
        /** Connect with TLS. Default: false. */
        tls?: boolean;
        sasl?: {
          mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
          username: string;
          /** @visibility secret */
          password: string;
        };
      };
    }>;
  };
}
