import { createApiRef } from '@backstage/core-plugin-api';
import type { MlopsApi } from '@mlops-portal/plugin-mlops-common';

/**
 * The MLOps backend API, as seen by the frontend. Bound to `MlopsClient` from
 * `@mlops-portal/plugin-mlops-common` by the plugin; tests replace it with a
 * fake of the {@link @mlops-portal/plugin-mlops-common#MlopsApi} interface.
 *
 * @public
 */
export const mlopsApiRef = createApiRef<MlopsApi>({ id: 'plugin.mlops.api' });
