import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  CHANGE_BRANCHES_SIGNAL_CHANNEL,
  type ChangeBranchList,
} from '@mlops-portal/plugin-mlops-common';
import {
  changeBranch,
  createFakeChangePreviewApi,
  renderWithChangePreviews,
  strimziBumpPreview,
} from '../../__testUtils__/changePreviews';
import { EntityPendingChanges } from './EntityPendingChanges';

const airflow: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'airflow',
    namespace: 'default',
    annotations: { 'mlops-portal.io/objects': 'HelmRelease:orchestration/airflow' },
  },
  spec: { type: 'service', owner: 'group:default/ml-platform-team', lifecycle: 'production', system: 'orchestration' },
};
const orchestration: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'orchestration', namespace: 'default', annotations: { 'mlops-portal.io/layer': 'orchestration' } },
  spec: { owner: 'group:default/ml-platform-team' },
};

const bumpAirflow = changeBranch({
  name: 'mlops/helmrelease-bump/airflow',
  subject: 'Bump airflow to 1.16.0',
  preview: {
    ...strimziBumpPreview,
    filesChanged: ['gitops/components/orchestration/airflow.yaml'],
    changed: [
      {
        ...strimziBumpPreview.changed[0],
        name: 'airflow',
        namespace: 'orchestration',
        path: 'gitops/components/orchestration/airflow.yaml',
        fields: [{ field: 'spec.chart.spec.version', from: '1.15.0', to: '1.16.0', op: 'changed' }],
      },
    ],
    affectedLayers: [
      { name: 'orchestration', namespace: 'flux-system', path: './gitops/components/orchestration', reason: 'files', via: ['gitops/components/orchestration/airflow.yaml'] },
    ],
  },
});
const upstream = changeBranch({
  name: 'mlops/settings-set/kafka-replicas',
  subject: 'Set KAFKA_REPLICAS to 3',
  preview: {
    ...strimziBumpPreview,
    changed: [],
    affectedLayers: [
      { name: 'data-storage', namespace: 'flux-system', path: './gitops/infrastructure/data-storage', reason: 'files', via: ['gitops/infrastructure/data-storage/kafka/kafka.yaml'] },
      { name: 'orchestration', namespace: 'flux-system', path: './gitops/components/orchestration', reason: 'dependsOn', via: ['flux-system/data-storage'] },
    ],
  },
});
// Touches platform-operators and data-storage only.
const unrelated = changeBranch();

function render(list: () => ChangeBranchList) {
  const api = createFakeChangePreviewApi({ listChangeBranches: async () => list() });
  return renderWithChangePreviews(<EntityPendingChanges entity={airflow} />, {
    api,
    apis: [[catalogApiRef, catalogApiMock({ entities: [orchestration] })]],
  });
}

describe('EntityPendingChanges', () => {
  it('lists the branches that touch the entity or its layer, saying how; others are left out', async () => {
    await render(() => ({ mode: 'local', more: 0, branches: [bumpAirflow, upstream, unrelated] }));
    const bump = await screen.findByTestId('mlops-change-branch-mlops/helmrelease-bump/airflow');
    expect(within(bump).getByRole('list', { name: 'How mlops/helmrelease-bump/airflow touches this entity' })).toHaveTextContent(
      'changed HelmRelease orchestration/airflow (gitops/components/orchestration/airflow.yaml)',
    );
    // The layer comes from the entity's System, read from the catalog.
    const layer = await screen.findByText(
      'reaches its layer orchestration: it depends on changed layers (flux-system/data-storage)',
    );
    expect(screen.getByTestId('mlops-change-branch-mlops/settings-set/kafka-replicas')).toContainElement(layer);
    expect(screen.queryByTestId('mlops-change-branch-mlops/helmrelease-bump/strimzi-operator')).not.toBeInTheDocument();
    await userEvent.click(screen.getByText('mlops/helmrelease-bump/airflow'));
    expect(await screen.findByText('spec.chart.spec.version: 1.15.0 → 1.16.0')).toBeInTheDocument();
  });

  it('says so when no branch touches the entity, and follows the pushes', async () => {
    let branches = [unrelated];
    const { signals } = await render(() => ({ mode: 'local', more: 0, branches }));
    expect(
      await screen.findByText('No open change branch touches this entity or its layer orchestration.'),
    ).toHaveAttribute('data-testid', 'mlops-entity-pending-empty');
    branches = [unrelated, bumpAirflow];
    act(() => signals.publish(CHANGE_BRANCHES_SIGNAL_CHANNEL, { type: 'changed' }));
    expect(await screen.findByTestId('mlops-change-branch-mlops/helmrelease-bump/airflow')).toBeInTheDocument();
    branches = [];
    act(() => signals.publish(CHANGE_BRANCHES_SIGNAL_CHANNEL, { type: 'changed' }));
    await waitFor(() => expect(screen.queryByTestId('mlops-change-branch-mlops/helmrelease-bump/airflow')).not.toBeInTheDocument());
    expect(screen.getByTestId('mlops-entity-pending-empty')).toBeInTheDocument();
  });

  it('shows why the list is unavailable (e.g. the user may read no GitOps template) without breaking the tab', async () => {
    await renderWithChangePreviews(<EntityPendingChanges entity={airflow} />, {
      api: createFakeChangePreviewApi({
        listChangeBranches: async () => {
          throw new Error('Change branches are shown to users who may read a GitOps template');
        },
      }),
    });
    expect(
      await screen.findByText('Pending changes unavailable: Change branches are shown to users who may read a GitOps template'),
    ).toBeInTheDocument();
  });
});
