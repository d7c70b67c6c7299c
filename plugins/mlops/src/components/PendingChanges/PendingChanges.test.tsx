import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { changePreviewApiRef, type ChangeBranchList } from '../../changePreviewApi';
import { PendingChanges } from './PendingChanges';

const list: ChangeBranchList = {
  mode: 'local',
  more: 0,
  branches: [
    {
      name: 'mlops/helmrelease-bump/strimzi-operator',
      commit: '0123456789abcdef0123456789abcdef01234567',
      subject: 'Bump strimzi-operator to 0.49.0',
      date: '2026-12-04T14:00:00Z',
      base: 'main',
      mergeBase: 'fedcba9876543210fedcba9876543210fedcba98',
      preview: {
        filesChanged: ['gitops/components/platform-operators/strimzi-operator.yaml'],
        added: [],
        removed: [],
        changed: [
          {
            apiVersion: 'helm.toolkit.fluxcd.io/v2',
            kind: 'HelmRelease',
            name: 'strimzi-operator',
            namespace: 'platform-operators',
            path: 'gitops/components/platform-operators/strimzi-operator.yaml',
            fields: [{ field: 'spec.chart.spec.version', from: '0.48.0', to: '0.49.0', op: 'changed' }],
            moreFields: 0,
          },
        ],
        affectedLayers: [],
        warnings: [],
      },
    },
    {
      name: 'mlops/settings-set/broken',
      commit: '1123456789abcdef0123456789abcdef01234567',
      subject: 'Broken',
      date: '2026-12-04T13:00:00Z',
      base: 'main',
      mergeBase: 'fedcba9876543210fedcba9876543210fedcba98',
      preview: {
        filesChanged: ['gitops/clusters/broken.yaml'],
        added: [],
        removed: [],
        changed: [],
        affectedLayers: [],
        warnings: ['gitops/clusters/broken.yaml (after the change) is not valid YAML, its objects are not compared: x'],
      },
    },
    {
      name: 'mlops/revert/gone',
      commit: '2123456789abcdef0123456789abcdef01234567',
      subject: 'Gone',
      date: '2026-12-04T12:00:00Z',
      base: 'main',
      mergeBase: '',
      error: 'could not read the branch: git merge-base failed',
    },
  ],
};

describe('PendingChanges', () => {
  it('lists each change branch with its summary; a broken branch is one row with its message', async () => {
    await renderInTestApp(<PendingChanges />, {
      apis: [[changePreviewApiRef, { previewTemplate: jest.fn(), listChangeBranches: async () => list }]],
    });
    const bump = await screen.findByTestId('mlops-change-branch-mlops/helmrelease-bump/strimzi-operator');
    expect(bump).toHaveTextContent('Bump strimzi-operator to 0.49.0');
    expect(bump).toHaveTextContent('0 added, 1 changed, 0 removed; 0 layers affected');
    expect(screen.getByTestId('mlops-change-branch-mlops/settings-set/broken')).toHaveTextContent('1 warnings');
    expect(screen.getByTestId('mlops-change-branch-mlops/revert/gone')).toHaveTextContent('could not be read');
    await userEvent.click(screen.getByText('mlops/helmrelease-bump/strimzi-operator'));
    expect(await screen.findByText('spec.chart.spec.version: 0.48.0 → 0.49.0')).toBeInTheDocument();
    await userEvent.click(screen.getByText('mlops/revert/gone'));
    expect(await screen.findByText('could not read the branch: git merge-base failed')).toBeInTheDocument();
  });

  it('links each GitHub row to its pull request', async () => {
    const github: ChangeBranchList = {
      mode: 'github',
      more: 0,
      branches: [{ ...list.branches[0], pullRequest: { number: 41, url: 'https://github.com/mlops-portal/mlops-platform/pull/41' } }],
    };
    await renderInTestApp(<PendingChanges />, {
      apis: [[changePreviewApiRef, { previewTemplate: jest.fn(), listChangeBranches: async () => github }]],
    });
    const link = await screen.findByRole('link', { name: /pull request #41/ });
    expect(link).toHaveAttribute('href', 'https://github.com/mlops-portal/mlops-platform/pull/41');
    expect(screen.getByTestId('mlops-change-branch-mlops/helmrelease-bump/strimzi-operator')).toHaveTextContent(
      '0 added, 1 changed, 0 removed; 0 layers affected',
    );
  });

  it('says why there is no list in GitHub mode', async () => {
    await renderInTestApp(<PendingChanges />, {
      apis: [
        [
          changePreviewApiRef,
          {
            previewTemplate: jest.fn(),
            listChangeBranches: async (): Promise<ChangeBranchList> => ({ mode: 'github', message: 'see the pull requests on GitHub', branches: [], more: 0 }),
          },
        ],
      ],
    });
    expect(await screen.findByText('see the pull requests on GitHub')).toBeInTheDocument();
  });
});
