import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { InMemorySignalApi } from '@mlops-portal/plugin-mlops-react/testUtils';
import {
  MLOPS_TRACE_SIGNAL_CHANNEL,
  type EntityTrace,
  type MlopsInsightsApi,
} from '@mlops-portal/plugin-mlops-common';
import { mlopsInsightsApiRef } from '../../insightsApi';
import { airflowTrace, hrAirflow, ksOrchestration, scheduler } from '../../__fixtures__/trace';
import { TraceContent } from './TraceContent';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'airflow', namespace: 'default', annotations: { 'mlops-portal.io/objects': 'HelmRelease:orchestration/airflow' } },
  spec: { owner: 'group:default/data-team' },
};

function render(getEntityTrace: MlopsInsightsApi['getEntityTrace'] = async () => airflowTrace) {
  const api = {
    getEntityTrace: jest.fn(getEntityTrace),
    getEntityTraceText: jest.fn(),
    getObjectTrace: jest.fn(),
    getTree: jest.fn(),
  } as unknown as jest.Mocked<MlopsInsightsApi>;
  const signals = new InMemorySignalApi();
  renderInTestApp(
    <EntityProvider entity={entity}>
      <TraceContent />
    </EntityProvider>,
    {
      apis: [
        [mlopsInsightsApiRef, api],
        [signalApiRef, signals],
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return { api, signals };
}

describe('TraceContent', () => {
  it('draws one column per level with grouped objects, and names the first failure with its message', async () => {
    render();
    const graph = await screen.findByTestId('trace-graph');
    expect(within(graph).getAllByRole('heading', { level: 3 }).map(h => h.textContent)).toEqual([
      'Sources',
      'Kustomizations',
      'HelmReleases',
      'Workloads',
      'Pods',
    ]);
    const banner = screen.getByTestId('trace-first-failures');
    expect(banner).toHaveTextContent('Kustomization flux-system/orchestration on sim-a — HealthCheckFailed');
    expect(banner).toHaveTextContent("HelmRelease/orchestration/airflow status: 'Failed'");
    // The failing Kustomization is marked in the graph; the HelmRelease below it is not.
    expect(screen.getByTestId(`trace-node-${ksOrchestration.id}`)).toHaveAccessibleName(/first failure/);
    expect(screen.getByTestId(`trace-node-${hrAirflow.id}`)).not.toHaveAccessibleName(/first failure/);
    // The 30 pods are one folded group with its counts.
    const pods = screen.getByTestId('trace-group-pod:Pod:orchestration');
    expect(within(pods).getByRole('button', { expanded: false })).toBeInTheDocument();
    expect(screen.getByTestId('trace-group-counts-pod:Pod:orchestration')).toHaveTextContent('30 · 30 Ready · 2 clusters');
  });

  it('asks the backend for a folded group\'s objects when it is opened', async () => {
    const { api } = render();
    await screen.findByTestId('trace-graph');
    await userEvent.click(within(screen.getByTestId('trace-group-pod:Pod:orchestration')).getByRole('button', { expanded: false }));
    await waitFor(() =>
      expect(api.getEntityTrace).toHaveBeenLastCalledWith('component:default/airflow', {
        cluster: undefined,
        expand: [{ groupId: 'pod:Pod:orchestration', limit: 100 }],
      }),
    );
    // The graph stays on screen while the group is fetched.
    expect(screen.getByTestId('trace-graph')).toBeInTheDocument();
  });

  it('moves between groups and objects with the arrow keys, following relations', async () => {
    render();
    await screen.findByTestId('trace-graph');
    const first = screen.getByRole('button', { name: /^GitRepository in flux-system/ });
    expect(first).toHaveAttribute('tabindex', '0');
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    expect(screen.getByTestId(`trace-node-${airflowTrace.nodes.find(n => n.kind === 'GitRepository')!.id}`)).toHaveFocus();
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    // The repository feeds the orchestration Kustomization: focus goes there, not to the same height.
    expect(screen.getByTestId(`trace-node-${ksOrchestration.id}`)).toHaveFocus();
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(screen.getByTestId(`trace-node-${hrAirflow.id}`)).toHaveFocus();
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    fireEvent.click(document.activeElement!);
    const details = await screen.findByTestId('trace-details');
    expect(details).toHaveTextContent('UpgradeFailed');
    expect(screen.getByRole('button', { name: 'Deployment orchestration/airflow-scheduler (sim-a)' })).toBeInTheDocument();
    expect(screen.getByText(/applied by/)).toBeInTheDocument();
    // Only one item of the graph is in the tab order.
    expect(screen.getByTestId('trace-graph').querySelectorAll('[tabindex="0"]')).toHaveLength(1);
    void scheduler;
  });

  it('follows pushed trace changes for this entity only', async () => {
    let calls = 0;
    const { api, signals } = render(async () => {
      calls += 1;
      return calls === 1 ? airflowTrace : ({ ...airflowTrace, firstFailures: [], status: 'Ready' } as EntityTrace);
    });
    await screen.findByTestId('trace-first-failures');
    await act(async () =>
      signals.publish(MLOPS_TRACE_SIGNAL_CHANNEL, { type: 'trace-changed', entityRefs: ['component:default/other'], clusters: ['sim-a'], at: 'x' } as any),
    );
    expect(api.getEntityTrace).toHaveBeenCalledTimes(1);
    await act(async () =>
      signals.publish(MLOPS_TRACE_SIGNAL_CHANNEL, { type: 'trace-changed', entityRefs: ['component:default/airflow'], clusters: ['sim-a'], at: 'y' } as any),
    );
    await waitFor(() => expect(screen.queryByTestId('trace-first-failures')).not.toBeInTheDocument());
    expect(api.getEntityTrace).toHaveBeenCalledTimes(2);
  });

  it('shows the first failure in the graph from the banner', async () => {
    render();
    await userEvent.click(await screen.findByRole('button', { name: 'Show Kustomization flux-system/orchestration on sim-a in the graph' }));
    expect(screen.getByTestId(`trace-node-${ksOrchestration.id}`)).toHaveFocus();
    expect(screen.getByTestId(`trace-node-${ksOrchestration.id}`)).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('trace-details')).toHaveTextContent('HealthCheckFailed');
  });
});
