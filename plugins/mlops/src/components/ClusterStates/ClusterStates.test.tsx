import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { ClusterState } from '@mlops-portal/plugin-mlops-common';
import { ClusterStates } from './ClusterStates';

const base: ClusterState = {
  name: 'prod',
  simulated: false,
  connection: 'connected',
  since: '2026-01-01T10:00:00.000Z',
  kinds: [],
};

describe('ClusterStates', () => {
  it('shows a silent cluster as such, with when it was last heard, never as connected', async () => {
    await renderInTestApp(
      <ClusterStates
        clusters={[
          {
            ...base,
            connection: 'silent',
            since: '2026-01-01T10:05:00.000Z',
            lastError: 'Kustomization: no answer within 15000 ms (watch /apis/kustomize.toolkit.fluxcd.io/v1/kustomizations)',
          },
        ]}
      />,
    );
    const item = screen.getByTestId('cluster-prod');
    expect(within(item).getByText(/silent: not answering/)).toBeInTheDocument();
    expect(within(item).queryByText(/^connected$/)).not.toBeInTheDocument();
    expect(within(item).getByText(/last heard 2026-01-01T10:05:00.000Z/)).toBeInTheDocument();
    expect(within(item).getByText(/statuses shown are as of then/)).toBeInTheDocument();
    expect(within(item).getByText(/prod: Kustomization: no answer within 15000 ms/)).toBeInTheDocument();
  });

  it('after recovery shows no current error, only the recent one with its time', async () => {
    await renderInTestApp(
      <ClusterStates
        clusters={[{ ...base, recentError: { message: 'HelmRelease: injected failure', at: '2026-01-01T09:59:00.000Z' } }]}
      />,
    );
    const item = screen.getByTestId('cluster-prod');
    expect(within(item).getByText('connected')).toBeInTheDocument();
    expect(within(item).queryByRole('status')).not.toBeInTheDocument();
    expect(within(item).getByText(/recovered; last error at 2026-01-01T09:59:00.000Z: HelmRelease: injected failure/)).toBeInTheDocument();
  });
});
