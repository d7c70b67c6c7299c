export interface Config {
  mlops?: {
    /**
     * Where the scaffolder actions of @mlops-portal/plugin-scaffolder-backend-module-mlops
     * send GitOps changes. Templates ask `mlops:gitops:target` and branch on its
     * output, so switching between GitHub and a local repository is config only.
     */
    gitops?: {
      /**
       * 'github' (pull requests) or 'local' (a branch in a local Git repository).
       * Default: 'local' when `local` is set, else 'github' when `github` is set.
       */
      mode?: 'github' | 'local';
      github?: {
        /** The repository, in the scaffolder's format: `github.com?owner=<owner>&repo=<repo>`. */
        repoUrl: string;
        /** Base branch of the pull requests. Default: main. */
        branch?: string;
        /** Folder of the Flux tree inside the repository. Default: '' (the root). */
        path?: string;
      };
      local?: {
        /**
         * A Git repository on the backend's disk (bare or not), relative to the
         * backend's working directory. Change branches are pushed into it.
         * No default; the local portal uses ../../.data/gitops-remote.git.
         */
        repoDir: string;
        /** Branch that changes start from. Default: main. */
        branch?: string;
        /** Folder of the Flux tree inside the repository. Default: '' (the root). */
        path?: string;
      };
    };
    /**
     * Chart repositories that `mlops:helmrelease:add` may write into a
     * HelmRepository (source-controller fetches them from inside the cluster).
     */
    helmRepositories?: {
      /**
       * Host names (`charts.bitnami.com`) or `*.suffix` patterns (`*.github.io`).
       * When set, any other host is refused. Default: unset, any public DNS name
       * over https:// or oci:// (never an IP address, a single-label or cluster
       * name, or a URL with credentials). Set it in production.
       */
      allowedHosts?: string[];
    };
  };
}
