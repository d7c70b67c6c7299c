import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  CHANGE_BRANCHES_SIGNAL_CHANNEL,
  MLOPS_SIGNAL_CHANNEL,
  type ChangeBranchList,
} from '@mlops-portal/plugin-mlops-common';
import {
  changeBranch,
  createFakeChangePreviewApi,
  renderWithChangePreviews,
} from '../../__testUtils__/changePreviews';
import { PendingChanges } from './PendingChanges';

const list: ChangeBranchList = {
  mode: 'local',
  more: 0,
  branches: [
    changeBranch(),
    changeBranch({
      name: 'mlops/settings-set/broken',
      commit: '1123456789abcdef0123456789abcdef01234567',
      subject: 'Broken',
      date: '2026-12-04T13:00:00Z',
      preview: {
        filesChanged: ['gitops/clusters/broken.yaml'],
        added: [],
        removed: [],
        changed: [],
        affectedLayers: [],
        warnings: ['gitops/clusters/broken.yaml (after the change) is not valid YAML, its objects are not compared: x'],
      },
    }),
    changeBranch({
      name: 'mlops/revert/gone',
      commit: '2123456789abcdef0123456789abcdef01234567',
      subject: 'Gone',
      date: '2026-12-04T12:00:00Z',
      mergeBase: '',
      preview: undefined,
      error: 'could not read the branch: git merge-base failed',
    }),
  ],
};

describe('PendingChanges', () => {
  it('lists each change branch with its summary; a broken branch is one row with its message', async () => {
    await renderWithChangePreviews(<PendingChanges />, {
      api: createFakeChangePreviewApi({ listChangeBranches: async () => list }),
    });
    const bump = await screen.findByTestId('mlops-change-branch-mlops/helmrelease-bump/strimzi-operator');
    expect(bump).toHaveTextContent('Bump strimzi-operator to 0.49.0');
    expect(bump).toHaveTextContent('0 added, 1 changed, 0 removed; 2 layers affected');
    expect(screen.getByTestId('mlops-change-branch-mlops/settings-set/broken')).toHaveTextContent('1 warnings');
    expect(screen.getByTestId('mlops-change-branch-mlops/revert/gone')).toHaveTextContent('could not be read');
    await userEvent.click(screen.getByText('mlops/helmrelease-bump/strimzi-operator'));
    expect(await screen.findByText('spec.chart.spec.version: 0.48.0 → 0.49.0')).toBeInTheDocument();
    // Local mode: how to merge it, since there is no pull request to open.
    expect(screen.getByTestId('mlops-change-branch-merge-hint')).toHaveTextContent(
      'scripts/portal merge mlops/helmrelease-bump/strimzi-operator',
    );
    await userEvent.click(screen.getByText('mlops/revert/gone'));
    expect(await screen.findByText('could not read the branch: git merge-base failed')).toBeInTheDocument();
  });

  it('links each GitHub row to its pull request', async () => {
    const github: ChangeBranchList = {
      mode: 'github',
      more: 0,
      branches: [{ ...list.branches[0], pullRequest: { number: 41, url: 'https://github.com/mlops-portal/mlops-platform/pull/41' } }],
    };
    await renderWithChangePreviews(<PendingChanges />, {
      api: createFakeChangePreviewApi({ listChangeBranches: async () => github }),
    });
    const link = await screen.findByRole('link', { name: /pull request #41/ });
    expect(link).toHaveAttribute('href', 'https://github.com/mlops-portal/mlops-platform/pull/41');
    await userEvent.click(screen.getByText('mlops/helmrelease-bump/strimzi-operator'));
    expect(await screen.findByText('spec.chart.spec.version: 0.48.0 → 0.49.0')).toBeInTheDocument();
    expect(screen.queryByTestId('mlops-change-branch-merge-hint')).not.toBeInTheDocument();
    // The fixture branch: one changed object, two layers reached.
    expect(screen.getByTestId('mlops-change-branch-mlops/helmrelease-bump/strimzi-operator')).toHaveTextContent(
      '0 added, 1 changed, 0 removed; 2 layers affected',
    );
  });

  it('says why there is no list in GitHub mode', async () => {
    await renderWithChangePreviews(<PendingChanges />, {
      api: createFakeChangePreviewApi({
        listChangeBranches: async () => ({ mode: 'github', message: 'see the pull requests on GitHub', branches: [], more: 0 }),
      }),
    });
    expect(await screen.findByText('see the pull requests on GitHub')).toBeInTheDocument();
  });

  it('follows the pushes: a branch that appears or goes away shows without a reload', async () => {
    let answer: ChangeBranchList = { mode: 'local', more: 0, branches: [] };
    const api = createFakeChangePreviewApi({ listChangeBranches: async () => answer });
    const { signals } = await renderWithChangePreviews(<PendingChanges />, { api });
    expect(await screen.findByText('No open change branches.')).toBeInTheDocument();

    answer = { ...answer, branches: [changeBranch()] };
    // A signal of another channel is not about branches.
    act(() => signals.publish(MLOPS_SIGNAL_CHANNEL, { type: 'changed', clusters: [], entityRefs: [], at: '2026-12-04T14:00:00Z' }));
    act(() => signals.publish(CHANGE_BRANCHES_SIGNAL_CHANNEL, { type: 'changed' }));
    expect(await screen.findByTestId('mlops-change-branch-mlops/helmrelease-bump/strimzi-operator')).toBeInTheDocument();
    expect(api.listChangeBranches).toHaveBeenCalledTimes(2);

    answer = { ...answer, branches: [] };
    act(() => signals.publish(CHANGE_BRANCHES_SIGNAL_CHANNEL, { type: 'changed' }));
    await waitFor(() =>
      expect(screen.queryByTestId('mlops-change-branch-mlops/helmrelease-bump/strimzi-operator')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('No open change branches.')).toBeInTheDocument();
  });

  it('keeps the list on screen and says so when a refetch fails', async () => {
    let fail = false;
    const api = createFakeChangePreviewApi({
      listChangeBranches: async () => {
        if (fail) throw new Error('scaffolder unavailable');
        return { mode: 'local', more: 0, branches: [changeBranch()] };
      },
    });
    const { signals } = await renderWithChangePreviews(<PendingChanges />, { api });
    await screen.findByTestId('mlops-change-branch-mlops/helmrelease-bump/strimzi-operator');
    fail = true;
    act(() => signals.publish(CHANGE_BRANCHES_SIGNAL_CHANNEL, { type: 'changed' }));
    expect(await screen.findByText('Pending changes unavailable: scaffolder unavailable')).toBeInTheDocument();
    expect(screen.getByTestId('mlops-change-branch-mlops/helmrelease-bump/strimzi-operator')).toBeInTheDocument();
  });
});
