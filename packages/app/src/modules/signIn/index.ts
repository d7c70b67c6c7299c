import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/**
 * Replaces the app's default (guest-only) sign-in page: GitHub in production,
 * guest or a local user otherwise (PortalSignInPage).
 */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: {
        loader: async () => (await import('./PortalSignInPage')).PortalSignInPage,
      },
    }),
  ],
});
