import { act, createEvent, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { analyticsApiRef } from '@backstage/frontend-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { InMemorySignalApi } from '@mlops-portal/plugin-mlops-react/testUtils';
import {
  DEFAULT_LAYERS,
  MLOPS_SIGNAL_CHANNEL,
  OBJECT_STATUSES,
  type MlopsInsightsApi,
  type PlatformOverview,
} from '@mlops-portal/plugin-mlops-common';
import { mlopsApiRef } from '../../api';
import { mlopsInsightsApiRef } from '../../insightsApi';
import { overview } from '../../__fixtures__/overview';
import { createFakeMlopsApi } from '../../__testUtils__/fakes';
import { PlatformPageContent } from './PlatformPage';

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

function render(
  api = createFakeMlopsApi({ getOverview: async () => overview }),
  signals = new InMemorySignalApi(),
  analytics = mockApis.analytics(),
) {
  return {
    api,
    signals,
    analytics,
    ...renderInTestApp(<PlatformPageContent />, {
      apis: [
        [mlopsApiRef, api],
        [signalApiRef, signals],
        [analyticsApiRef, analytics],
      ],
      mountedRoutes,
    }),
  };
}

describe('PlatformPageContent', () => {
  it('draws every layer as a band, in dependency order', async () => {
    render();
    await screen.findByText('Layers');
    const bands = screen.getAllByTestId(/^layer-/);
    expect(bands.map(b => b.getAttribute('data-testid'))).toEqual(
      DEFAULT_LAYERS.map(l => `layer-${l.id}`),
    );
    for (const l of DEFAULT_LAYERS) {
      expect(within(screen.getByTestId(`layer-${l.id}`)).getByRole('heading', { name: l.title })).toBeInTheDocument();
    }
  });

  it('shows every status as a word, with owner, counts and links to the entity', async () => {
    render();
    await screen.findByText('Layers');
    for (const status of OBJECT_STATUSES) {
      expect(screen.getAllByText(status, { selector: '[data-status]' }).length).toBeGreaterThan(0);
    }
    const airflow = screen.getByTestId('entity-component:default/airflow');
    expect(within(airflow).getByRole('link', { name: 'airflow' })).toHaveAttribute(
      'href',
      '/catalog/default/component/airflow',
    );
    expect(within(airflow).getByRole('link', { name: 'ml-platform-team' })).toBeInTheDocument();
    expect(airflow).toHaveTextContent('1 Failed');
    expect(airflow).toHaveTextContent(
      'Failed on demo: HelmRelease orchestration/airflow: RetriesExceeded — Helm upgrade failed: timed out waiting for the condition',
    );
    expect(screen.getByTestId('entity-component:default/spark-jobs')).toHaveTextContent('2 failed runs');
  });

  it('navigates inside the app from a tile link and records the click; a modified click is left to the browser', async () => {
    const { analytics } = render();
    await screen.findByText('Layers');
    const link = within(screen.getByTestId('entity-component:default/airflow')).getByRole('link', { name: 'airflow' });

    const plain = createEvent.click(link, { button: 0 });
    fireEvent(link, plain);
    expect(plain.defaultPrevented).toBe(true);
    expect(analytics.getEvents()).toContainEqual(
      expect.objectContaining({
        action: 'click',
        subject: 'airflow',
        attributes: { to: '/catalog/default/component/airflow' },
      }),
    );

    const newTab = createEvent.click(link, { button: 0, ctrlKey: true });
    fireEvent(link, newTab);
    expect(newTab.defaultPrevented).toBe(false);
  });

  it("shows each cluster's connection, the simulated label and a cluster's error with its name", async () => {
    render();
    const demo = await screen.findByTestId('cluster-demo');
    expect(demo).toHaveTextContent('simulated');
    expect(demo).toHaveTextContent('connected');
    expect(demo).toHaveTextContent('1 kinds not installed');
    const edge = screen.getByTestId('cluster-edge-eu');
    expect(edge).toHaveTextContent('unreachable');
    expect(edge).not.toHaveTextContent('simulated');
    expect(edge).toHaveTextContent('edge-eu: connect ECONNREFUSED 10.0.0.7:6443 (listing HelmRelease)');
  });

  it('shows the platform settings', async () => {
    render();
    await screen.findByText('Platform settings');
    expect(screen.getByText('demo: ConfigMap flux-system/platform-settings')).toBeInTheDocument();
    expect(screen.getByText('PROMETHEUS_RETENTION')).toBeInTheDocument();
    expect(screen.getByText('30d')).toBeInTheDocument();
  });

  it('asks the backend for one cluster when one is selected, by keyboard', async () => {
    const { api } = render();
    await screen.findByText('Layers');
    const select = screen.getByLabelText('Cluster');
    // The cluster options come from the overview's cluster list.
    await waitFor(() =>
      expect(select.querySelector('option[value="edge-eu"]')).not.toBeNull(),
    );
    select.focus();
    await userEvent.selectOptions(select, 'edge-eu');
    await waitFor(() => expect(api.getOverview).toHaveBeenLastCalledWith({ cluster: 'edge-eu' }));
    expect(api.getOverview).toHaveBeenCalledWith({});
  });

  it('follows pushed updates without a reload', async () => {
    let current: PlatformOverview = overview;
    const api = createFakeMlopsApi({ getOverview: async () => current });
    const { signals } = render(api);
    const airflow = await screen.findByTestId('entity-component:default/airflow');
    expect(within(airflow).getByText('Failed', { selector: '[data-status]' })).toBeInTheDocument();

    current = {
      ...overview,
      layers: overview.layers.map(l =>
        l.id !== 'orchestration'
          ? l
          : { ...l, entities: l.entities.map(e => ({ ...e, status: 'Ready' as const, problems: [] })) },
      ),
    };
    await act(async () => {
      signals.publish(MLOPS_SIGNAL_CHANNEL, {
        type: 'changed',
        clusters: ['demo'],
        entityRefs: ['component:default/airflow'],
        at: '2026-11-25T20:01:00Z',
      });
    });
    await waitFor(() =>
      expect(
        within(screen.getByTestId('entity-component:default/airflow')).getByText('Ready', { selector: '[data-status]' }),
      ).toBeInTheDocument(),
    );
    expect(api.getOverview).toHaveBeenCalledTimes(2);
  });

  it('says what is missing when there are no layers', async () => {
    render(createFakeMlopsApi({ getOverview: async () => ({ ...overview, layers: [] }) }));
    expect(await screen.findByText(/mlops-portal.io\/layer annotation/)).toBeInTheDocument();
  });

  it('shows a backend error', async () => {
    render(createFakeMlopsApi({ getOverview: async () => { throw new Error('backend down'); } }));
    expect((await screen.findAllByText(/backend down/)).length).toBeGreaterThan(0);
  });
});

describe('PlatformPageContent drift per layer', () => {
  it('shows the drifted count of each layer from the drift summary, or why it is unknown', async () => {
    const insights = {
      getDriftSummary: jest.fn(async () => ({
        layers: [
          {
            systemRef: 'system:default/orchestration',
            drifted: 2,
            objects: [
              { cluster: 'demo', kind: 'HelmRelease', namespace: 'orchestration', name: 'airflow', entityRef: 'component:default/airflow' },
              { cluster: 'demo', kind: 'HelmRelease', namespace: 'orchestration', name: 'redis', entityRef: 'component:default/redis' },
            ],
          },
          { systemRef: 'system:default/data-storage', drifted: 0, objects: [] },
        ],
      })),
    } as unknown as jest.Mocked<MlopsInsightsApi>;
    renderInTestApp(<PlatformPageContent />, {
      apis: [
        [mlopsApiRef, createFakeMlopsApi({ getOverview: async () => overview })],
        [mlopsInsightsApiRef, insights],
        [signalApiRef, new InMemorySignalApi()],
      ],
      mountedRoutes,
    });
    const orchestration = await screen.findByTestId('layer-orchestration');
    const badge = await within(orchestration).findByTestId('layer-drift');
    expect(badge).toHaveTextContent('2 drifted');
    expect(badge).toHaveAttribute('title', 'HelmRelease orchestration/airflow on demo\nHelmRelease orchestration/redis on demo');
    expect(within(screen.getByTestId('layer-data-storage')).getByTestId('layer-drift')).toHaveTextContent('no drift');
    expect(insights.getDriftSummary).toHaveBeenCalledWith({});
  });

  it('says drift is unknown on the layer when the summary fails, and the page stays', async () => {
    const insights = {
      getDriftSummary: jest.fn(async () => { throw new Error('drift summary unavailable'); }),
    } as unknown as jest.Mocked<MlopsInsightsApi>;
    renderInTestApp(<PlatformPageContent />, {
      apis: [
        [mlopsApiRef, createFakeMlopsApi({ getOverview: async () => overview })],
        [mlopsInsightsApiRef, insights],
        [signalApiRef, new InMemorySignalApi()],
      ],
      mountedRoutes,
    });
    const orchestration = await screen.findByTestId('layer-orchestration');
    expect(await within(orchestration).findByTestId('layer-drift')).toHaveTextContent('drift unknown: drift summary unavailable');
    expect(within(orchestration).getByRole('heading', { name: 'Orchestration' })).toBeInTheDocument();
  });
});
