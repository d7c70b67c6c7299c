import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { withoutErrorStacks } from './withoutErrorStacks';

/**
 * The default root HTTP router (helmet, CORS, compression, logging, rate
 * limits, health, routes, 404, errors: `applyDefaults`), with one addition in
 * front of everything: error answers never carry a stack trace, in any mode.
 */
export const rootHttpRouterWithoutStackTraces = rootHttpRouterServiceFactory({
  configure({ app, applyDefaults }) {
    app.use(withoutErrorStacks());
    applyDefaults();
  },
});
