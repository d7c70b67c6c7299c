import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The platform page. A core-plugin-api route ref works in both the old and the
 * new frontend system (the new system accepts them directly).
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'mlops' });

/**
 * The entity "GitOps" tab (old frontend system routable extension).
 *
 * @public
 */
export const entityGitOpsRouteRef = createRouteRef({ id: 'mlops:entity-gitops' });
