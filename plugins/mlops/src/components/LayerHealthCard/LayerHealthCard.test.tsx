import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { mlopsApiRef } from '../../api';
import { overview } from '../../__fixtures__/overview';
import { createFakeMlopsApi } from '../../__testUtils__/fakes';
import { LayerHealthCard } from './LayerHealthCard';

const system = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name, annotations: { 'mlops-portal.io/layer': name } },
  spec: { owner: 'group:default/platform-team', domain: 'mlops-platform' },
});

function render(entity: Entity) {
  const api = createFakeMlopsApi({ getOverview: async () => overview });
  renderInTestApp(
    <EntityProvider entity={entity}>
      <LayerHealthCard />
    </EntityProvider>,
    { apis: [[mlopsApiRef, api]], mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('LayerHealthCard', () => {
  it("shows the layer's roll-up and each of its entities with status, owner and problems", async () => {
    render(system('orchestration'));
    expect(await screen.findByText('Layer health: Orchestration')).toBeInTheDocument();
    expect(within(screen.getByTestId('layer-health')).getByText('Failed', { selector: '[data-status]' })).toBeInTheDocument();
    const airflow = screen.getByTestId('rollup-component:default/airflow');
    expect(within(airflow).getByRole('link', { name: 'airflow' })).toHaveAttribute('href', '/catalog/default/component/airflow');
    expect(airflow).toHaveTextContent('ml-platform-team');
    expect(airflow).toHaveTextContent('demo: HelmRelease airflow: RetriesExceeded — Helm upgrade failed');
  });

  it('says what to check when the backend knows no such layer', async () => {
    render(system('not-a-layer'));
    expect(await screen.findByText(/knows no layer for system:default\/not-a-layer/)).toBeInTheDocument();
  });
});
