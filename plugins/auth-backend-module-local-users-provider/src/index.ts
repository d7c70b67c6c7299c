/**
 * Local development sign-in as one of a configured list of catalog users, for
 * trying the portal's permissions as different people. Never in production.
 *
 * @packageDocumentation
 */

export { authModuleLocalUsersProvider as default } from './module';
export { LOCAL_USERS_PROVIDER_ID } from './module';
export {
  LOCAL_USER_HEADER,
  localUsersAuthenticator,
  signInAsLocalUser,
  type LocalUserResult,
} from './localUsersAuthenticator';
export {
  readLocalUsersConfig,
  localUsersDisabledReason,
  toUserEntityRef,
  type LocalUsersConfig,
} from './readLocalUsersConfig';
