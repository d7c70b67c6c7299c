import { SignInPage } from '@backstage/core-components';
import {
  configApiRef,
  githubAuthApiRef,
  useApi,
  type SignInPageProps,
} from '@backstage/core-plugin-api';
import { LocalSignInPage } from './LocalSignInPage';

/** The production sign-in: GitHub, as app-config.production.yaml configures the auth backend. */
const githubProvider = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in with your GitHub account',
  apiRef: githubAuthApiRef,
};

/**
 * The portal's sign-in page. In production (auth.environment production,
 * where the guest and local-user providers are off) it offers GitHub sign-in;
 * otherwise the local choices of LocalSignInPage.
 */
export function PortalSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  if (config.getOptionalString('auth.environment') === 'production') {
    return <SignInPage {...props} providers={[githubProvider]} />;
  }
  return <LocalSignInPage {...props} />;
}
