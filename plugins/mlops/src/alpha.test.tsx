import { screen } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { InMemorySignalApi } from '@mlops-portal/plugin-mlops-react/testUtils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { mlopsApiRef } from './api';
import { overview } from './__fixtures__/overview';
import { createFakeMlopsApi } from './__testUtils__/fakes';
import plugin from './alpha';

describe('new frontend system plugin', () => {
  it('is a frontend plugin with id mlops, so app.packages discovery picks it up', () => {
    expect(plugin.$$type).toBe('@backstage/FrontendPlugin');
    expect(plugin.pluginId).toBe('mlops');
  });

  it('serves the platform page at /mlops', async () => {
    renderTestApp({
      features: [plugin],
      apis: [
        [mlopsApiRef, createFakeMlopsApi({ getOverview: async () => overview })],
        [signalApiRef, new InMemorySignalApi()],
      ],
      initialRouteEntries: ['/mlops'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(await screen.findByRole('heading', { name: 'Orchestration' })).toBeInTheDocument();
    expect(screen.getByText('Platform settings')).toBeInTheDocument();
  });
});
