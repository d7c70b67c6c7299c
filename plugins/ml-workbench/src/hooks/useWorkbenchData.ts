import { useLiveData, type LiveData } from '@mlops-portal/plugin-mlops-react';
import {
  ML_WORKBENCH_SIGNAL_CHANNEL,
  type MlWorkbenchSignal,
} from '@mlops-portal/plugin-ml-workbench-common';

/** State of {@link useWorkbenchData}. @public */
export type WorkbenchData<T> = LiveData<T>;

const WORKBENCH_CHANNEL = { name: ML_WORKBENCH_SIGNAL_CHANNEL, type: 'changed' };

/**
 * Loads once per change of `deps`, then again when the backend pushes a
 * workbench signal that `isRelevant` accepts (its cache saw the tool's data
 * change): `useLiveData` (`@mlops-portal/plugin-mlops-react`) on the workbench's signal
 * channel, so both plugins fetch, coalesce and keep values on screen the
 * same way.
 * @public
 */
export function useWorkbenchData<T>(
  fetcher: () => Promise<T>,
  deps: unknown[],
  isRelevant: (signal: MlWorkbenchSignal) => boolean,
): WorkbenchData<T> {
  return useLiveData<T, MlWorkbenchSignal>(fetcher, deps, isRelevant, WORKBENCH_CHANNEL);
}
