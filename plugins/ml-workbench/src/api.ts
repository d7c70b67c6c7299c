import { createApiRef } from '@backstage/core-plugin-api';
import type { MlWorkbenchApi } from '@mlops-portal/plugin-ml-workbench-common';

/**
 * The ML workbench backend API, as seen by the frontend. Bound to
 * `MlWorkbenchClient` by the plugin; tests replace it with a fake of the
 * {@link @mlops-portal/plugin-ml-workbench-common#MlWorkbenchApi} interface.
 * @public
 */
export const mlWorkbenchApiRef = createApiRef<MlWorkbenchApi>({ id: 'plugin.ml-workbench.api' });
