export interface Config {
  mlops?: {
    permission?: {
      /**
       * Entity refs of the groups whose members may do everything.
       * Default: `['group:default/platform-admins']`.
       */
      adminGroups?: string[];
    };
  };
}
