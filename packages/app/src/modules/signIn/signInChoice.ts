/**
 * The sign-in choice kept in localStorage, so a reload signs in the same way
 * again and signing out (which clears it) shows the choices once more.
 */

/** Local storage key of the sign-in choice. */
export const SIGN_IN_CHOICE_KEY = 'mlops-portal:sign-in-choice';

/**
 * Header naming the picked user; read by the auth backend module
 * plugins/auth-backend-module-local-users-provider (LOCAL_USER_HEADER).
 */
export const LOCAL_USER_HEADER = 'x-local-user';

/** Auth provider ids, as registered in the backend. */
export type SignInChoice =
  | { provider: 'guest' }
  | { provider: 'localUsers'; user: string };

/**
 * The stored choice, if it is still possible: a local user must still be in
 * the configured list (the config may have changed since).
 */
export function loadSignInChoice(
  localUsers: string[],
  storage: Storage = window.localStorage,
): SignInChoice | undefined {
  const raw = storage.getItem(SIGN_IN_CHOICE_KEY);
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw);
    if (value?.provider === 'guest') return { provider: 'guest' };
    if (
      value?.provider === 'localUsers' &&
      typeof value.user === 'string' &&
      localUsers.includes(value.user)
    ) {
      return { provider: 'localUsers', user: value.user };
    }
  } catch {
    // Not ours, or from an older version: choose again.
  }
  storage.removeItem(SIGN_IN_CHOICE_KEY);
  return undefined;
}

export function saveSignInChoice(
  choice: SignInChoice,
  storage: Storage = window.localStorage,
) {
  storage.setItem(SIGN_IN_CHOICE_KEY, JSON.stringify(choice));
}

export function clearSignInChoice(storage: Storage = window.localStorage) {
  storage.removeItem(SIGN_IN_CHOICE_KEY);
}

/** `user:default/sam` → `sam`; other namespaces stay visible (`team-a/kim`). */
export function userLabel(ref: string): string {
  const match = /^(?:[^:/]+:)?(?:([^:/]+)\/)?([^:/]+)$/.exec(ref);
  if (!match) return ref;
  const [, namespace, name] = match;
  return namespace && namespace !== 'default' ? `${namespace}/${name}` : name;
}
