import { useApiHolder } from '@backstage/core-plugin-api';
import {
  CHANGE_BRANCHES_SIGNAL_CHANNEL,
  type ChangeBranchesSignal,
  type ChangeBranchList,
} from '@mlops-portal/plugin-mlops-common';
import { changePreviewApiRef } from '../changePreviewApi';
import { useLiveData, type LiveData } from './useLiveData';

const CHANNEL = { name: CHANGE_BRANCHES_SIGNAL_CHANNEL, type: 'changed' };

/**
 * The open change branches, fetched again whenever the backend says they
 * changed (a branch appeared, moved or went away). `available` is false when
 * the app has no change preview API (nothing is fetched then).
 */
export function useChangeBranches(): LiveData<ChangeBranchList> & { available: boolean } {
  const api = useApiHolder().get(changePreviewApiRef);
  const live = useLiveData<ChangeBranchList, ChangeBranchesSignal>(
    () => (api ? api.listChangeBranches() : Promise.resolve({ mode: 'none', branches: [], more: 0 })),
    [api],
    () => true,
    CHANNEL,
  );
  return { ...live, available: Boolean(api) };
}
