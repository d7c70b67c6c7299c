import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Entity } from '@backstage/catalog-model';
import {
  mlopsFluxReconcilePermission,
  type ActionResult,
  type MlopsApi,
} from '@mlops-portal/plugin-mlops-common';
import { mlopsApiRef } from '../../api';
import {
  airflowDetails,
  airflowEvents,
  airflowRelease,
  entityObjects,
  redisRelease,
} from '../../__fixtures__/entityObjects';
import { createFakeMlopsApi } from '../../__testUtils__/fakes';
import { GitOpsContent } from './GitOpsContent';
import {
  changeBranch,
  createFakeChangePreviewApi,
  renderWithChangePreviews,
} from '../../__testUtils__/changePreviews';

// usePermission caches answers per permission and resource across renders
// (SWR), so every test renders its own entity to get its own answers.
let entityCount = 0;
const makeEntity = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    annotations: { 'mlops-portal.io/objects': 'HelmRelease:orchestration/airflow' },
  },
  spec: { type: 'service', owner: 'group:default/ml-platform-team', lifecycle: 'production' },
});

function render(opts: { api?: jest.Mocked<MlopsApi>; allow?: boolean | ((name: string) => boolean) } = {}) {
  const api =
    opts.api ??
    createFakeMlopsApi({
      getEntityObjects: async () => entityObjects,
      getObject: async () => airflowDetails,
      getObjectEvents: async () => airflowEvents,
    });
  const allow = opts.allow ?? true;
  const permission = mockApis.permission({
    authorize: req => {
      const ok = typeof allow === 'function' ? allow(req.permission.name) : allow;
      return ok ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
    },
  });
  entityCount += 1;
  const entity = makeEntity(`airflow-${entityCount}`);
  renderInTestApp(
    <EntityProvider entity={entity}>
      <GitOpsContent />
    </EntityProvider>,
    { apis: [[mlopsApiRef, api], permission] },
  );
  return api;
}

const row = (kind: string, ns: string, name: string, cluster = 'demo') =>
  screen.getByTestId(`object-${cluster}/${kind}/${ns}/${name}`);

describe('GitOpsContent', () => {
  it('lists the Flux objects with status, reason, message, revision, last change, suspension and drift', async () => {
    const api = render();
    await screen.findByText('Flux objects');
    expect(api.getEntityObjects).toHaveBeenCalledWith(`component:default/airflow-${entityCount}`);

    const airflow = row('HelmRelease', 'orchestration', 'airflow');
    expect(airflow).toHaveTextContent('HelmRelease');
    expect(airflow).toHaveTextContent('demo');
    expect(within(airflow).getByText('Failed', { selector: '[data-status]' })).toBeInTheDocument();
    expect(airflow).toHaveTextContent('RetriesExceeded');
    expect(airflow).toHaveTextContent('context deadline exceeded');
    expect(airflow).toHaveTextContent('1.15.0');
    expect(airflow).toHaveTextContent('2026-11-25T19:42:10Z');
    expect(airflow).toHaveTextContent('drift detected');

    const redis = row('HelmRelease', 'orchestration', 'redis');
    expect(within(redis).getByText('Suspended', { selector: '[data-status]' })).toBeInTheDocument();
    expect(redis).toHaveTextContent('by user:default/alice: maintenance window CHG-42');
    expect(redis).toHaveTextContent('last known');

    expect(within(row('HelmRelease', 'orchestration', 'postgresql')).getByText('Ready', { selector: '[data-status]' })).toBeInTheDocument();
    expect(within(row('Kustomization', 'flux-system', 'orchestration')).getByText('Progressing', { selector: '[data-status]' })).toBeInTheDocument();
    expect(within(row('GitRepository', 'flux-system', 'mlops-infrastructure')).getByText('Unknown', { selector: '[data-status]' })).toBeInTheDocument();

    // Workloads are listed apart, without actions.
    const scheduler = row('Deployment', 'orchestration', 'airflow-scheduler');
    expect(within(scheduler).queryByRole('button', { name: /Reconcile/ })).not.toBeInTheDocument();
  });

  it("shows a cluster's error on its own row with the cluster name and message", async () => {
    render();
    const errorRow = await screen.findByTestId('cluster-error-edge-eu');
    expect(errorRow).toHaveTextContent('Cluster edge-eu: connect ECONNREFUSED 10.0.0.7:6443');
    // The other cluster's objects are still there.
    expect(row('HelmRelease', 'orchestration', 'airflow')).toBeInTheDocument();
  });

  it('says which annotation is missing when nothing is linked', async () => {
    render({
      api: createFakeMlopsApi({
        getEntityObjects: async () => ({
          ...entityObjects,
          objects: [],
          errors: [],
          notes: ['component:default/airflow has neither mlops-portal.io/objects nor mlops-portal.io/label-selector'],
        }),
      }),
    });
    expect(await screen.findByText('No cluster objects are linked to this entity')).toBeInTheDocument();
    expect(screen.getByText(/has neither mlops-portal.io\/objects/)).toBeInTheDocument();
    expect(screen.getByText('mlops-portal.io/label-selector')).toBeInTheDocument();
  });

  it('hides every action without permission', async () => {
    render({ allow: false });
    await screen.findByText('Flux objects');
    expect(screen.queryByRole('button', { name: /^Reconcile/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Suspend/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Resume/ })).not.toBeInTheDocument();
    expect(screen.queryByText('Actions')).not.toBeInTheDocument();
  });

  it('checks each permission against the entity and shows only what is allowed', async () => {
    render({ allow: name => name === mlopsFluxReconcilePermission.name });
    await screen.findByText('Flux objects');
    expect(screen.getByRole('button', { name: 'Reconcile HelmRelease orchestration/airflow' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Suspend/ })).not.toBeInTheDocument();
    // Never offer reconcile on a suspended object.
    expect(screen.queryByRole('button', { name: 'Reconcile HelmRelease orchestration/redis' })).not.toBeInTheDocument();
  });

  it('reconciles: shows progress until Flux handled it, then the new status', async () => {
    let finish: (r: ActionResult) => void = () => {};
    const api = createFakeMlopsApi({
      getEntityObjects: async () => entityObjects,
      reconcile: () => new Promise<ActionResult>(resolve => (finish = resolve)),
    });
    render({ api });
    await userEvent.click(await screen.findByRole('button', { name: 'Reconcile HelmRelease orchestration/airflow' }));
    expect(api.reconcile).toHaveBeenCalledWith(
      { cluster: 'demo', kind: 'HelmRelease', namespace: 'orchestration', name: 'airflow' },
      {},
    );
    expect(screen.getByText(/waiting for Flux to handle it/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reconcile HelmRelease orchestration/airflow' })).toBeDisabled();

    await act(async () =>
      finish({
        action: 'reconcile',
        outcome: 'handled',
        requestedAt: '2026-11-25T20:05:00Z',
        object: { ...airflowRelease, status: { ...airflowRelease.status, status: 'Ready', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded', badges: [] } },
      }),
    );
    const message = await screen.findByText('Flux handled the reconcile: now Ready (UpgradeSucceeded).');
    expect(message).toHaveFocus();
    expect(within(row('HelmRelease', 'orchestration', 'airflow')).getByText('Ready', { selector: '[data-status]' })).toBeInTheDocument();
  });

  it('reconciles with source', async () => {
    const api = createFakeMlopsApi({
      getEntityObjects: async () => entityObjects,
      reconcile: async () => ({ action: 'reconcile', outcome: 'timeout', object: airflowRelease }),
    });
    render({ api });
    await userEvent.click(await screen.findByRole('button', { name: 'Reconcile HelmRelease orchestration/airflow with its source' }));
    expect(api.reconcile).toHaveBeenCalledWith(expect.objectContaining({ name: 'airflow' }), { withSource: true });
    expect(await screen.findByText(/Flux has not handled the request yet/)).toBeInTheDocument();
  });

  it('shows an action error', async () => {
    const api = createFakeMlopsApi({
      getEntityObjects: async () => entityObjects,
      reconcile: async () => {
        throw new Error('HelmRelease orchestration/airflow on demo is suspended');
      },
    });
    render({ api });
    await userEvent.click(await screen.findByRole('button', { name: 'Reconcile HelmRelease orchestration/airflow' }));
    expect(await screen.findByText('Failed: HelmRelease orchestration/airflow on demo is suspended')).toHaveAttribute('role', 'alert');
  });

  it('suspends with a reason using only the keyboard', async () => {
    const api = createFakeMlopsApi({
      getEntityObjects: async () => entityObjects,
      suspend: async () => ({
        action: 'suspend',
        outcome: 'applied',
        object: { ...airflowRelease, suspended: true, suspendedBy: 'user:default/guest', suspendReason: 'chart bug', status: { ...airflowRelease.status, status: 'Suspended' } },
      }),
    });
    render({ api });
    const suspend = await screen.findByRole('button', { name: 'Suspend HelmRelease orchestration/airflow' });
    suspend.focus();
    await userEvent.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog');
    const reason = within(dialog).getByRole('textbox', { name: /Reason/ });
    await waitFor(() => expect(reason).toHaveFocus());
    expect(within(dialog).getByRole('button', { name: 'Suspend' })).toBeDisabled();
    await userEvent.keyboard('chart bug{Enter}');
    await waitFor(() =>
      expect(api.suspend).toHaveBeenCalledWith(
        { cluster: 'demo', kind: 'HelmRelease', namespace: 'orchestration', name: 'airflow' },
        'chart bug',
      ),
    );
    const message = await screen.findByText(/Suspended. Flux will not reconcile it/);
    await waitFor(() => expect(message).toHaveFocus());
    expect(row('HelmRelease', 'orchestration', 'airflow')).toHaveTextContent('by user:default/guest: chart bug');
    expect(screen.getByRole('button', { name: 'Resume HelmRelease orchestration/airflow' })).toBeInTheDocument();
  });

  it('cancels the suspend dialog with Escape and calls nothing', async () => {
    const api = render();
    await userEvent.click(await screen.findByRole('button', { name: 'Suspend HelmRelease orchestration/airflow' }));
    await screen.findByRole('dialog');
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.suspend).not.toHaveBeenCalled();
  });

  it('resumes a suspended object', async () => {
    const api = createFakeMlopsApi({
      getEntityObjects: async () => entityObjects,
      resume: async () => ({ action: 'resume', outcome: 'applied', object: { ...redisRelease, suspended: false, status: { ...redisRelease.status, status: 'Progressing' } } }),
    });
    render({ api });
    await userEvent.click(await screen.findByRole('button', { name: 'Resume HelmRelease orchestration/redis' }));
    expect(api.resume).toHaveBeenCalledWith({ cluster: 'demo', kind: 'HelmRelease', namespace: 'orchestration', name: 'redis' });
    expect(await screen.findByText('Resumed: now Progressing.')).toBeInTheDocument();
  });

  it('shows events newest first, history, inventory and dependencies of the selected object', async () => {
    const api = render();
    await userEvent.click(await screen.findByRole('button', { name: 'Show details of HelmRelease orchestration/airflow' }));
    const details = await screen.findByTestId('object-details');
    expect(api.getObject).toHaveBeenCalledWith(expect.objectContaining({ cluster: 'demo', name: 'airflow' }));

    const events = within(details).getByRole('table', { name: 'Events of HelmRelease orchestration/airflow' });
    const eventRows = within(events).getAllByRole('row').slice(1);
    expect(eventRows[0]).toHaveTextContent('UpgradeFailed');
    expect(eventRows[0]).toHaveTextContent('(×3)');
    expect(eventRows[1]).toHaveTextContent('InstallSucceeded');

    const history = within(details).getByRole('table', { name: 'History of HelmRelease orchestration/airflow' });
    expect(history).toHaveTextContent('1.15.0');
    expect(history).toHaveTextContent('superseded');

    expect(details).toHaveTextContent('Deployment orchestration/airflow-scheduler');
    expect(details).toHaveTextContent('HelmRelease orchestration/postgresql');
    expect(details).toHaveTextContent('HelmRelease processing-jobs/feature-pipeline');
    expect(details).toHaveTextContent('Source: HelmRepository flux-system/apache-airflow');
    expect(details).toHaveTextContent('Stalled');
  });

  it('shows the pending change branches that touch the entity under its objects', async () => {
    entityCount += 1;
    const entity: Entity = {
      ...makeEntity(`airflow-${entityCount}`),
      metadata: {
        name: `airflow-${entityCount}`,
        annotations: { 'mlops-portal.io/objects': 'HelmRelease:orchestration/airflow' },
      },
    };
    const bump = changeBranch({
      name: 'mlops/helmrelease-bump/airflow',
      preview: {
        ...changeBranch().preview!,
        changed: [{ ...changeBranch().preview!.changed[0], name: 'airflow', namespace: 'orchestration', path: 'gitops/components/orchestration/airflow.yaml' }],
      },
    });
    await renderWithChangePreviews(
      <EntityProvider entity={entity}>
        <GitOpsContent />
      </EntityProvider>,
      {
        api: createFakeChangePreviewApi({ listChangeBranches: async () => ({ mode: 'local', more: 0, branches: [changeBranch(), bump] }) }),
        apis: [[mlopsApiRef, createFakeMlopsApi({ getEntityObjects: async () => entityObjects })]],
      },
    );
    const card = await screen.findByTestId('mlops-entity-pending-changes');
    expect(await within(card).findByTestId('mlops-change-branch-mlops/helmrelease-bump/airflow')).toHaveTextContent(
      'changed HelmRelease orchestration/airflow (gitops/components/orchestration/airflow.yaml)',
    );
    expect(within(card).queryByTestId('mlops-change-branch-mlops/helmrelease-bump/strimzi-operator')).not.toBeInTheDocument();
  });
});
