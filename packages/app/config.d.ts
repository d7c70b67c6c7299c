export interface Config {
  auth?: {
    providers?: {
      /**
       * Local sign-in as one of these users (see
       * plugins/auth-backend-module-local-users-provider, which declares the
       * same key). Declared here too because the frontend's dev server only
       * reads the schemas of the app's own dependencies, and the sign-in page
       * lists these users. Unset by default: no local users are offered.
       */
      localUsers?: {
        /**
         * User entity references offered on the sign-in page.
         * @visibility frontend
         */
        users: string[];
      };
    };
  };
}
