import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { mlopsApiRef } from '../../api';
import { overview } from '../../__fixtures__/overview';
import { createFakeMlopsApi } from '../../__testUtils__/fakes';
import { OwnedComponentsCard } from './OwnedComponentsCard';

const group = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name },
  spec: { type: 'team', children: [] },
});

function render(entity: Entity) {
  renderInTestApp(
    <EntityProvider entity={entity}>
      <OwnedComponentsCard />
    </EntityProvider>,
    {
      apis: [[mlopsApiRef, createFakeMlopsApi({ getOverview: async () => overview })]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('OwnedComponentsCard', () => {
  it("lists the group's platform components, worst status first, with their layer", async () => {
    render(group('platform-team'));
    await screen.findByText('Platform components you own');
    const rows = screen.getAllByTestId(/^rollup-/).map(r => r.getAttribute('data-testid'));
    expect(rows).toEqual([
      'rollup-component:default/minio-operator',
      'rollup-component:default/flux-system',
      'rollup-component:default/strimzi-operator',
      'rollup-component:default/kube-prometheus-stack',
    ]);
    expect(screen.getByTestId('rollup-component:default/minio-operator')).toHaveTextContent('Platform operators');
    expect(screen.getByText('3 Ready, 1 Suspended')).toBeInTheDocument();
    expect(screen.queryByTestId('rollup-component:default/airflow')).not.toBeInTheDocument();
    // Every row has this group as owner, so the column is left out.
    expect(screen.queryByRole('columnheader', { name: 'Owner' })).not.toBeInTheDocument();
  });

  it('says so when the group owns nothing', async () => {
    render(group('marketing'));
    expect(await screen.findByText('This group owns no platform components or resources.')).toBeInTheDocument();
  });
});
