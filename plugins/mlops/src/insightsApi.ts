import { createApiRef } from '@backstage/core-plugin-api';
import type { MlopsInsightsApi } from '@mlops-portal/plugin-mlops-common';

/**
 * Traces, diffs, drift, change previews and notification settings of the
 * MLOps backend. Bound to `MlopsInsightsClient` from
 * `@mlops-portal/plugin-mlops-common`; tests replace it with a fake of the
 * {@link @mlops-portal/plugin-mlops-common#MlopsInsightsApi} interface.
 *
 * @public
 */
export const mlopsInsightsApiRef = createApiRef<MlopsInsightsApi>({ id: 'plugin.mlops.insights' });
