import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Content,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
} from '@backstage/core-components';
import {
  configApiRef,
  useApi,
  type IdentityApi,
  type SignInPageProps,
} from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  LOCAL_USER_HEADER,
  clearSignInChoice,
  loadSignInChoice,
  saveSignInChoice,
  userLabel,
  type SignInChoice,
} from './signInChoice';

/**
 * The local users the backend accepts (auth.providers.localUsers.users), or
 * none where the backend module refuses to run: auth.environment production.
 */
function useLocalUsers(): string[] {
  const config = useApi(configApiRef);
  return useMemo(() => {
    if (config.getOptionalString('auth.environment') === 'production') {
      return [];
    }
    return (
      config.getOptionalStringArray('auth.providers.localUsers.users') ?? []
    );
  }, [config]);
}

/** What older callers may still use; Backstage's own sign-out proxy keeps them too. */
type LegacyIdentityApi = IdentityApi & {
  getUserId?(): string;
  getIdToken?(): Promise<string | undefined>;
  getProfile?(): unknown;
};

/** Signing out forgets the choice, so the next visit offers every option again. */
function forgetChoiceOnSignOut(identity: IdentityApi): IdentityApi {
  const legacy = identity as LegacyIdentityApi;
  return {
    ...(legacy.getUserId && { getUserId: () => legacy.getUserId!() }),
    ...(legacy.getIdToken && { getIdToken: () => legacy.getIdToken!() }),
    ...(legacy.getProfile && { getProfile: () => legacy.getProfile!() }),
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      clearSignInChoice();
      await identity.signOut();
    },
  };
}

/** The backend's own message (a ResponseError's cause) is the useful part. */
function describeError(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error && cause.message
    ? `${error.message}: ${cause.message}`
    : error.message;
}

function Choices(props: {
  localUsers: string[];
  error?: Error;
  onChoose(choice: SignInChoice): void;
}) {
  const { localUsers, error, onChoose } = props;
  const config = useApi(configApiRef);
  return (
    <Page themeId="home">
      <Header title={config.getString('app.title')} />
      <Content>
        {error && (
          <Typography role="alert" color="error" paragraph>
            Sign-in failed: {describeError(error)}
          </Typography>
        )}
        <Grid container spacing={2}>
          <Grid item xs={12} sm={6} md={4}>
            <InfoCard
              title="Guest"
              variant="fullHeight"
              actions={
                <Button
                  color="primary"
                  variant="outlined"
                  onClick={() => onChoose({ provider: 'guest' })}
                >
                  Enter
                </Button>
              }
            >
              <Typography variant="body1">
                Enter as the local guest user: alex of the platform team unless
                the backend sets another (PORTAL_GUEST_USER).
              </Typography>
            </InfoCard>
          </Grid>
          {localUsers.length > 0 && (
            <Grid item xs={12} sm={6} md={4}>
              <InfoCard title="Sign in as a local user" variant="fullHeight">
                <Typography variant="body1" paragraph>
                  Any of these users from the catalog, with their own groups and
                  so their own permissions. Local development only.
                </Typography>
                <Grid
                  container
                  spacing={1}
                  component="ul"
                  style={{ padding: 0 }}
                >
                  {localUsers.map(user => (
                    <Grid
                      item
                      component="li"
                      key={user}
                      style={{ listStyle: 'none' }}
                    >
                      <Button
                        color="primary"
                        variant="outlined"
                        aria-label={`Sign in as ${userLabel(user)}`}
                        onClick={() =>
                          onChoose({ provider: 'localUsers', user })
                        }
                      >
                        {userLabel(user)}
                      </Button>
                    </Grid>
                  ))}
                </Grid>
              </InfoCard>
            </Grid>
          )}
        </Grid>
      </Content>
    </Page>
  );
}

function FailedChoices(props: {
  localUsers: string[];
  error?: Error;
  onChoose(choice: SignInChoice): void;
}) {
  // A refused choice is not kept: a reload offers the choices again.
  useEffect(() => clearSignInChoice(), []);
  return <Choices {...props} />;
}

/**
 * The portal's sign-in page: the guest user, or (locally) any user from
 * auth.providers.localUsers.users. Both are Backstage proxied sign-in
 * providers (https://backstage.io/docs/auth/#sign-in-with-proxy-providers):
 * the picked user travels in a header on every token refresh, and the choice
 * is kept across reloads until sign-out.
 */
export function LocalSignInPage(props: SignInPageProps) {
  const localUsers = useLocalUsers();
  const [choice, setChoice] = useState(() => loadSignInChoice(localUsers));
  // A new attempt for every click, even on the same choice after an error.
  const [attempt, setAttempt] = useState(0);

  const choose = useCallback((next: SignInChoice) => {
    saveSignInChoice(next);
    setChoice(next);
    setAttempt(n => n + 1);
  }, []);
  // Stable, so a failed attempt's error page is not remounted on re-render.
  const SignInFailed = useMemo(
    () =>
      ({ error }: { error?: Error }) =>
        (
          <FailedChoices
            localUsers={localUsers}
            error={error}
            onChoose={choose}
          />
        ),
    [localUsers, choose],
  );

  if (!choice) {
    return <Choices localUsers={localUsers} onChoose={choose} />;
  }

  return (
    <ProxiedSignInPage
      key={attempt}
      provider={choice.provider}
      headers={
        choice.provider === 'localUsers'
          ? { [LOCAL_USER_HEADER]: choice.user }
          : undefined
      }
      onSignInSuccess={identity =>
        props.onSignInSuccess(forgetChoiceOnSignOut(identity))
      }
      ErrorComponent={SignInFailed}
    />
  );
}
