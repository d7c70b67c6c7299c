import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * MLOps entity providers (`@mlops-portal/plugin-catalog-backend-module-mlops`):
       * one per GitOps repository, keyed by an id (lower-case entity-name
       * characters). Each emits the platform found in that repository as
       * catalog entities. See the package README for the mapping rules.
       */
      mlops?: {
        [id: string]: {
          /**
           * Set to false to switch this provider off, e.g. the local one
           * from app-config.yaml in production config. Default: true.
           */
          enabled?: boolean;
          /**
           * URL of the repository folder to read with the UrlReader, e.g.
           * `https://github.com/org/platform/tree/main/gitops`. Set exactly
           * one of `target` or `path`. No default.
           */
          target?: string;
          /**
           * Local folder to read from disk (relative paths resolve from the
           * backend's working directory, `packages/backend` with `yarn start`,
           * so the repo's `gitops/` is `../../gitops`). Set exactly one of
           * `target` or `path`. No default.
           */
          path?: string;
          /**
           * Web URL of the folder read, used for view and edit links when
           * reading a local `path` (e.g.
           * `https://github.com/org/platform/tree/main/gitops`). Default: none
           * (local entities get only `file:` source locations).
           */
          repoUrl?: string;
          /**
           * Branch used in links. Default: the branch in `target`/`repoUrl`
           * (`.../tree/<branch>/...`), else `main`.
           */
          branch?: string;
          /**
           * Repo-relative folders to start from, e.g. `['clusters/production']`
           * in a multi-cluster repository. Flux Kustomizations found there are
           * followed to their `spec.path`. Default: `['.']` (the whole folder).
           */
          paths?: string[];
          /**
           * Owner of entities whose object and namespace carry no
           * `mlops-portal.io/owner`. An entity ref; a bare name means a group.
           * Default: `group:default/platform-team`.
           */
          defaultOwner?: string;
          /** `spec.lifecycle` of generated Components. Default: `production`. */
          lifecycle?: string;
          /**
           * The namespace → layer map; each layer becomes a System. Replaces
           * the default list as a whole. Default: the seven layers of
           * `DEFAULT_LAYERS` in `@mlops-portal/plugin-mlops-common`.
           */
          layers?: Array<{
            /** System name. */
            id: string;
            /** Default: the id. */
            title?: string;
            namespace: string;
            /** Default: empty. */
            description?: string;
            /** Ids of the layers this one is deployed after. Default: none. */
            dependsOn?: string[];
          }>;
          /**
           * Layer (System) of Flux Kustomizations and sources that do not
           * name one with `mlops-portal.io/layer`. Default: the layer of
           * namespace `flux-system`, else the first layer.
           */
          controlPlaneLayer?: string;
          /**
           * Namespaces whose HelmReleases are operators (Component type
           * `platform-operator`; charts named `*operator*` are too).
           * Default: `['platform-operators']`.
           */
          operatorNamespaces?: string[];
          /**
           * Pod label selectors by chart name, for charts whose pods lack
           * `app.kubernetes.io/instance: <release>`; `{release}` is replaced
           * by the Helm release name. Written as the HelmRelease Component's
           * `backstage.io/kubernetes-label-selector`. Entries add to / replace
           * the built-in ones (`strimzi-kafka-operator`:
           * `name=strimzi-cluster-operator`, `airflow`: `release={release}`).
           * Example: `{ my-chart: 'app={release}-api' }`.
           */
          podSelectors?: { [chart: string]: string };
          /**
           * Cluster names written to `mlops-portal.io/clusters` on every
           * entity. Default: none (the entities are on every cluster).
           */
          clusters?: string[];
          /**
           * Runs an entity may be missing from Git before it is removed from
           * the catalog (a transient bad read never empties it). `0` removes
           * at once. Default: `3`.
           */
          deletionGraceRuns?: number;
          drift?: {
            /**
             * Emit Flux objects found on a connected cluster but not in Git
             * as Resources annotated `mlops-portal.io/drift: unmanaged`.
             * Default: `false`.
             */
            enabled?: boolean;
          };
          /**
           * When to ingest. Default: every 5 minutes, timeout 3 minutes,
           * first run 15 seconds after start-up.
           */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        };
      };
    };
  };
}
