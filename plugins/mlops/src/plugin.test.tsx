import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { mlopsApiRef } from './api';
import { overview } from './__fixtures__/overview';
import { createFakeMlopsApi } from './__testUtils__/fakes';
import {
  EntityMlopsGitOpsContent,
  EntityMlopsLayerHealthCard,
  EntityMlopsOperatorCards,
  EntityMlopsOwnedComponentsCard,
  MlopsPlatformPage,
  mlopsPlugin,
} from './plugin';
import { PlatformPage } from './components/PlatformPage';

describe('old frontend system plugin', () => {
  it('has the id mlops and exports the page, the tab and the cards', () => {
    expect(mlopsPlugin.getId()).toBe('mlops');
    for (const ext of [
      MlopsPlatformPage,
      EntityMlopsGitOpsContent,
      EntityMlopsOperatorCards,
      EntityMlopsLayerHealthCard,
      EntityMlopsOwnedComponentsCard,
    ]) {
      expect(typeof ext).toBe('function');
    }
  });

  it('renders the platform page with its own header under the old test app', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[mlopsApiRef, createFakeMlopsApi({ getOverview: async () => overview })]]}>
        <PlatformPage />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByText('MLOps platform')).toBeInTheDocument();
    expect(await screen.findByText('Platform settings')).toBeInTheDocument();
  });
});
