export interface Config {
  auth?: {
    providers?: {
      /**
       * Local development sign-in as one of the listed catalog users, picked on
       * the sign-in page. Off (the provider is not registered) when
       * `auth.environment` is not `development` (its default) or `NODE_ENV` is
       * not `development` or `test`.
       * Unset by default: then the provider is off as well.
       */
      localUsers?: {
        /**
         * User entity references (`user:default/alex`, or `alex` for short) that
         * may be signed in as. Each must exist in the catalog: ownership comes
         * from its `memberOf`, as with real sign-in. The sign-in page lists
         * them, so they are visible to the frontend; they are not secret.
         * @visibility frontend
         */
        users: string[];
      };
    };
  };
}
