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
           * The folder of its Git repository that `target`/`path` is, e.g.
           * `gitops` when reading `.../tree/main/gitops`. Flux resolves
           * `spec.path` from the repository's root, so paths are read after
           * removing this folder; a path outside it is reported. Default: the
           * folder in `target` or `repoUrl` (`…/tree/<branch>/<folder>`), else
           * the repository's root.
           */
          repositoryFolder?: string;
          /**
           * Backstage namespace of every entity this provider emits, so that
           * several repositories and clusters coexist. Default: the provider id
           * (`_` and `.` become `-`). Two providers may not share a namespace
           * without distinct `namePrefix`es (start-up fails).
           */
          entityNamespace?: string;
          /**
           * Put in front of every entity name this provider emits, e.g. `eu-`.
           * Default: none.
           */
          namePrefix?: string;
          /**
           * The Domain the layer Systems belong to: an entity ref of an existing
           * Domain (not emitted), or a Domain this provider emits. Default: none
           * (the Systems belong to no Domain).
           */
          domain?:
            | string
            | {
                /** Entity name (gets `namePrefix`). */
                name: string;
                /** Default: none. */
                title?: string;
                /** Default: none. */
                description?: string;
                /** Default: `defaultOwner`. */
                owner?: string;
              };
          /**
           * Owner of entities whose object and namespace carry no
           * `mlops-portal.io/owner`. An entity ref; a bare name means a group.
           * Required for an enabled provider: there is no built-in owner.
           */
          defaultOwner?: string;
          /** `spec.lifecycle` of generated Components. Default: `production`. */
          lifecycle?: string;
          /**
           * The layers; each becomes a System (in config order; an object
           * belongs to the first layer that matches it). Default: none, no
           * built-in layers.
           */
          layers?: Array<{
            /** System name (gets `namePrefix`). */
            id: string;
            /** Default: the id. */
            title?: string;
            /** The layer's namespace: matches it, and is shown on the System. Default: none. */
            namespace?: string;
            /** Namespaces (globs with `*` and `?`) whose objects belong here. Default: none. */
            namespaces?: string[];
            /** Folders of the repository read whose objects belong here. Default: none. */
            folders?: string[];
            /**
             * Flux Kustomizations (`name` or `namespace/name`): they and what
             * they apply belong here. Default: none.
             */
            kustomizations?: string[];
            /** Labels an object (or its Namespace) must all carry to belong here. Default: none. */
            labels?: { [key: string]: string };
            /** Default: empty. */
            description?: string;
            /** Ids of the layers this one is deployed after. Default: none. */
            dependsOn?: string[];
          }>;
          /**
           * Systems made for objects no layer matches: one per Flux
           * Kustomization or ResourceSet that applies them (else per
           * namespace), one per namespace, or none. Default: `kustomization`.
           */
          autoLayers?: 'kustomization' | 'namespace' | 'none';
          /**
           * Layer (System) of Flux Kustomizations and sources that no label or
           * layer places. Default: none (they are placed like other objects).
           */
          controlPlaneLayer?: string;
          /**
           * Where the files of Flux sources are, so a Kustomization's
           * `spec.path` is read in the source its `sourceRef` names. A
           * GitRepository whose URL is this repository's (`target`/`repoUrl`)
           * is this repository without being listed. A source that is not
           * known is reported and its Kustomizations are not followed.
           * Default: `[{ name: flux-system }]` (what `flux bootstrap` creates).
           */
          sources?: Array<{
            /** Default: `GitRepository`. */
            kind?: 'GitRepository' | 'OCIRepository' | 'Bucket' | 'ExternalArtifact';
            /** Default: `flux-system`. */
            namespace?: string;
            name: string;
            /** Folder of its repository that is the source's root, e.g. the folder an OCI artifact is pushed from. Default: the root. */
            folder?: string;
            /** The source is another provider's repository (its id). Default: this provider's. */
            provider?: string;
            /** The source is this repository URL, read with the UrlReader. */
            target?: string;
            /** The source is this local folder. */
            path?: string;
            /** Web URL of `path`, for links. */
            repoUrl?: string;
            /** Branch used in links. Default: from the URL, else `main`. */
            branch?: string;
          }>;
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
          /**
           * Largest share (0 to 1) of this provider's entities that one run
           * may find missing from Git (to remove now or after the grace
           * period). A run above it is refused: nothing is applied, the
           * catalog keeps the last good set, and an error is logged every run
           * until the repository is fixed, so a broken or half-checked-out
           * repository never empties the catalog. Raise it (up to `1`, no
           * limit) for a run that really removes that much. Default: `0.3`.
           */
          maxRemovalShare?: number;
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
