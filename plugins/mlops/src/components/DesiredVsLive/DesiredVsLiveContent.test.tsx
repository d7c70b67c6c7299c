import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { InMemorySignalApi } from '@mlops-portal/plugin-mlops-react/testUtils';
import type {
  HelmReleaseDiff,
  KustomizationDrift,
  MlopsInsightsApi,
} from '@mlops-portal/plugin-mlops-common';
import { mlopsApiRef } from '../../api';
import { mlopsInsightsApiRef } from '../../insightsApi';
import { createFakeMlopsApi } from '../../__testUtils__/fakes';
import { entityObjects } from '../../__fixtures__/entityObjects';
import { DesiredVsLiveContent } from './DesiredVsLiveContent';
import { COLLAPSE_AFTER_LINES } from './LineDiff';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'airflow', namespace: 'default', annotations: { 'mlops-portal.io/objects': 'HelmRelease:orchestration/airflow' } },
  spec: { owner: 'group:default/data-team' },
};

const longManifest = [
  '--- revision 2',
  '+++ revision 3',
  '@@ -1,60 +1,60 @@',
  ...Array.from({ length: 60 }, (_, i) => ({ 5: '-  replicas: 1', 6: '+  replicas: 2' } as Record<number, string>)[i] ?? `   line ${i}`),
].join('\n');

function airflowDiff(from = 2): HelmReleaseDiff {
  return {
    cluster: 'demo',
    namespace: 'orchestration',
    name: 'airflow',
    release: 'airflow',
    storageNamespace: 'orchestration',
    history: [
      { revision: 3, status: 'deployed', chartVersion: '1.15.0' },
      { revision: 2, status: 'superseded', chartVersion: '1.14.0' },
      { revision: 1, status: 'superseded', chartVersion: '1.13.0' },
    ],
    current: { revision: 3, status: 'deployed', chartVersion: '1.15.0' },
    previous: { revision: from, status: 'superseded', chartVersion: `1.1${2 + from}.0` },
    values: {
      diff: `--- revision ${from}\n+++ revision 3\n@@ -1,2 +1,2 @@\n-executor: LocalExecutor\n+executor: CeleryExecutor\n webserver: {}\n`,
      changes: [{ path: 'executor', before: 'LocalExecutor', after: 'CeleryExecutor' }],
    },
    manifest: {
      diff: longManifest,
      objects: [{ change: 'changed', group: 'apps', kind: 'Deployment', namespace: 'orchestration', name: 'airflow-scheduler', paths: ['spec.replicas'] }],
    },
    git: {
      file: 'platform/orchestration/airflow.yaml',
      values: { diff: '--- git\n+++ live\n@@ -1 +1 @@\n-workers: 2\n+workers: 3\n', changes: [{ path: 'workers', before: 2, after: 3 }] },
      chartVersion: { git: '1.15.0', live: '1.15.0' },
      substituted: false,
    },
    drift: {
      mode: 'enabled',
      drifted: true,
      condition: { type: 'Drifted', status: 'True', reason: 'DriftDetected', message: 'Deployment/orchestration/airflow-scheduler changed' },
      events: [
        {
          type: 'Normal',
          reason: 'DriftCorrected',
          message: 'Cluster state of release orchestration/airflow.v3 has been corrected',
          lastTimestamp: '2026-11-20T10:05:00Z',
          involvedObject: { kind: 'HelmRelease', namespace: 'orchestration', name: 'airflow' },
        },
      ],
    },
    notes: [],
  };
}

const layerDrift: KustomizationDrift = {
  cluster: 'demo',
  namespace: 'flux-system',
  name: 'orchestration',
  path: './platform/orchestration',
  revision: 'main@sha1:abc',
  desired: 4,
  live: 4,
  missing: [{ group: '', kind: 'ConfigMap', namespace: 'orchestration', name: 'airflow-extra' }],
  extra: [{ group: '', kind: 'Secret', namespace: 'orchestration', name: 'old-token' }],
  changed: [{ change: 'changed', group: 'apps', kind: 'Deployment', namespace: 'orchestration', name: 'airflow-web', paths: ['spec.replicas', 'metadata.labels.tier'] }],
  notes: [],
};

function render(insights: Partial<MlopsInsightsApi>) {
  const api = createFakeMlopsApi({
    getEntityObjects: async () => ({ ...entityObjects, errors: [] }),
  });
  const fake = {
    getHelmReleaseDiff: jest.fn(),
    getKustomizationDrift: jest.fn(),
    ...Object.fromEntries(Object.entries(insights).map(([k, v]) => [k, jest.fn(v as any)])),
  } as unknown as jest.Mocked<MlopsInsightsApi>;
  renderInTestApp(
    <EntityProvider entity={entity}>
      <DesiredVsLiveContent />
    </EntityProvider>,
    {
      apis: [
        [mlopsApiRef, api],
        [mlopsInsightsApiRef, fake],
        [signalApiRef, new InMemorySignalApi()],
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return fake;
}

const cardOf = async (title: string) => (await screen.findByText(title)).closest('.MuiCard-root') as HTMLElement;

describe('DesiredVsLiveContent', () => {
  it('shows each HelmRelease against the previous revision, with values, collapsed manifest and drift events', async () => {
    const api = render({
      getHelmReleaseDiff: async o => (o.name === 'airflow' ? airflowDiff() : { ...airflowDiff(), name: o.name, previous: undefined, values: undefined, manifest: undefined, drift: { drifted: false, events: [] } }),
      getKustomizationDrift: async () => layerDrift,
    });
    const card = await cardOf('HelmRelease orchestration/airflow');
    const values = await within(card).findByLabelText('Values, revision 2 → 3');
    expect(values).toHaveTextContent('-executor: LocalExecutor');
    expect(within(values).getByText('+executor: CeleryExecutor')).toHaveAttribute('data-diff', 'added');
    const manifest = within(card).getByLabelText('Rendered manifest, revision 2 → 3');
    // 63 lines: collapsed to the first COLLAPSE_AFTER_LINES.
    expect(manifest.querySelectorAll('[data-diff]')).toHaveLength(COLLAPSE_AFTER_LINES);
    await userEvent.click(within(card).getByRole('button', { name: 'Show all 63 lines' }));
    expect(manifest.querySelectorAll('[data-diff]')).toHaveLength(63);
    expect(within(card).getByLabelText('Objects changed by the upgrade')).toHaveTextContent(
      'changed Deployment.apps orchestration/airflow-scheduler — fields: spec.replicas',
    );
    expect(within(card).getByText('drifted')).toBeInTheDocument();
    expect(within(card).getByLabelText('Drift events')).toHaveTextContent(
      '2026-11-20T10:05:00Z DriftCorrected (Normal): Cluster state of release orchestration/airflow.v3 has been corrected',
    );
    expect(api.getHelmReleaseDiff).toHaveBeenCalledWith({ cluster: 'demo', namespace: 'orchestration', name: 'airflow' }, undefined);
    // A HelmRelease without an earlier revision says so.
    const redis = await cardOf('HelmRelease orchestration/redis');
    expect(await within(redis).findByText("There is no earlier revision in Helm's storage to compare with.")).toBeInTheDocument();
  });

  it('asks for the chosen earlier revision, and compares with Git on request', async () => {
    const api = render({
      getHelmReleaseDiff: async (_o, r) => airflowDiff(r?.from ?? 2),
      getKustomizationDrift: async () => layerDrift,
    });
    const card = await cardOf('HelmRelease orchestration/airflow');
    await within(card).findByLabelText('Values, revision 2 → 3');
    await userEvent.selectOptions(within(card).getByLabelText('Earlier revision'), '1');
    expect(await within(card).findByLabelText('Values, revision 1 → 3')).toHaveTextContent('-executor: LocalExecutor');
    expect(api.getHelmReleaseDiff).toHaveBeenLastCalledWith({ cluster: 'demo', namespace: 'orchestration', name: 'airflow' }, { from: 1 });
    await userEvent.selectOptions(within(card).getByLabelText(/^Compare current revision 3/), 'git');
    const git = within(card).getByLabelText('Values, Git → live');
    expect(git).toHaveTextContent('-workers: 2');
    expect(git).toHaveTextContent('+workers: 3');
    expect(within(card).getByText(/Git file platform\/orchestration\/airflow.yaml/)).toBeInTheDocument();
  });

  it('lists what in the cluster differs from Git for a Kustomization', async () => {
    render({ getHelmReleaseDiff: async () => airflowDiff(), getKustomizationDrift: async () => layerDrift });
    const card = await cardOf('Kustomization flux-system/orchestration');
    expect(await within(card).findByLabelText('In Git, not applied')).toHaveTextContent('ConfigMap orchestration/airflow-extra');
    expect(within(card).getByLabelText('Applied, no longer in Git')).toHaveTextContent('Secret orchestration/old-token');
    expect(within(card).getByLabelText('Changed in the cluster')).toHaveTextContent(
      'Deployment.apps orchestration/airflow-web — fields: spec.replicas, metadata.labels.tier',
    );
  });

  it('degrades only the card whose object failed', async () => {
    render({
      getHelmReleaseDiff: async o => {
        if (o.name === 'redis') throw new Error('Helm storage Secret sh.helm.release.v1.redis.v4 is not readable');
        return airflowDiff();
      },
      getKustomizationDrift: async () => layerDrift,
    });
    const redis = await cardOf('HelmRelease orchestration/redis');
    expect(await within(redis).findByText(/sh.helm.release.v1.redis.v4 is not readable/)).toBeInTheDocument();
    const airflow = await cardOf('HelmRelease orchestration/airflow');
    expect(await within(airflow).findByLabelText('Values, revision 2 → 3')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Changed in the cluster')).toBeInTheDocument());
  });
});
