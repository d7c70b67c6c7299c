import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Entity } from '@backstage/catalog-model';
import { mlWorkbenchApiRef } from '../api';
import { airflowAnswer, fakeApi } from '../__fixtures__/answers';
import { AirflowContent } from './AirflowContent';
import { KafkaContent } from './KafkaContent';
import { MlflowContent } from './MlflowContent';
import { MlProjectsCard } from './MlProjectsCard';

// usePermission caches answers per permission and resource, so every render
// uses an entity of its own.
let n = 0;
function render(element: JSX.Element, opts: { api?: ReturnType<typeof fakeApi>; allow?: (name: string) => boolean; kind?: string } = {}) {
  n += 1;
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: opts.kind ?? 'Component',
    metadata: { name: `churn-${n}`, namespace: 'default' },
    spec: { owner: 'group:default/ml-team' },
  };
  const api = opts.api ?? fakeApi();
  const permission = mockApis.permission({
    authorize: req => ((opts.allow ?? (() => true))(req.permission.name) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY),
  });
  renderInTestApp(<EntityProvider entity={entity}>{element}</EntityProvider>, {
    apis: [[mlWorkbenchApiRef, api], permission],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return { api, entityRef: `${(opts.kind ?? 'Component').toLocaleLowerCase('en-US')}:default/churn-${n}` };
}

describe('AirflowContent', () => {
  it('shows the DAG, paused or not, its next run, runs with task states and the failing task', async () => {
    render(<AirflowContent />);
    await screen.findByText('DAG churn_prediction_pipeline');
    expect(screen.getByText('active')).toBeInTheDocument();
    expect(screen.getByText(/Next run:/)).toBeInTheDocument();
    const failed = screen.getByTestId('dag-run-manual__2');
    expect(within(failed).getByText('evaluate: failed')).toBeInTheDocument();
    expect(within(failed).getAllByText('evaluate').length).toBeGreaterThan(0);
    expect(failed).toHaveTextContent('seed: evaluation fails');
  });

  it('offers trigger and pause to those allowed, and reports the outcome', async () => {
    const { api, entityRef } = render(<AirflowContent />);
    await userEvent.click(await screen.findByRole('button', { name: 'Trigger run' }));
    expect(api.triggerDag).toHaveBeenCalledWith(entityRef, 'churn_prediction_pipeline');
    expect(await screen.findByRole('status')).toHaveTextContent('Run manual__3 is queued.');
    await userEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(api.pauseDag).toHaveBeenCalledWith(entityRef, 'churn_prediction_pipeline');
  });

  it('shows no action buttons to users the policy does not let act', async () => {
    render(<AirflowContent />, { allow: name => !name.startsWith('mlops.airflow') });
    await screen.findByText('DAG churn_prediction_pipeline');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Trigger run' })).not.toBeInTheDocument());
    expect(screen.queryByRole('button', { name: 'Pause' })).not.toBeInTheDocument();
  });

  it('shows no action buttons when the DAG does not name the entity, and says why', async () => {
    const api = fakeApi({ getAirflow: jest.fn(async (ref: string) => airflowAnswer(ref, false)) });
    render(<AirflowContent />, { api });
    expect(await screen.findByText(/Actions are off: this DAG's tags do not include/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Trigger run' })).not.toBeInTheDocument();
  });
});

describe('MlflowContent', () => {
  it('shows runs with params and metrics, the metric chart, and model versions with aliases and runs', async () => {
    render(<MlflowContent />, { allow: () => false });
    await screen.findByText('Experiment churn-prediction');
    expect(screen.getByRole('img', { name: 'accuracy across the runs of churn-prediction' })).toBeInTheDocument();
    expect(screen.getByTestId('run-r2')).toHaveTextContent('rf-300-12');
    expect(screen.getByTestId('run-r2')).toHaveTextContent('0.912');
    expect(screen.getByTestId('run-r3')).toHaveTextContent('FAILED');
    const v2 = screen.getByTestId('model-version-2');
    expect(v2).toHaveTextContent('@production');
    expect(v2).toHaveTextContent('rf-100-8');
    expect(screen.queryByRole('button', { name: 'Promote to production' })).not.toBeInTheDocument();
  });

  it("lets the model's owners compare a version with production and open the change", async () => {
    const { api, entityRef } = render(<MlflowContent />, { allow: () => true });
    await userEvent.click(await screen.findByRole('button', { name: 'Promote to production' }));
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByText('Version 3 (candidate)');
    expect(api.getPromotionPreview).toHaveBeenCalledWith(entityRef, 'churn-prediction', '3', 'production');
    const accuracy = within(dialog).getByText('accuracy').closest('tr')!;
    expect(accuracy).toHaveTextContent('0.912');
    expect(accuracy).toHaveTextContent('0.889');
    expect(accuracy).toHaveTextContent('+0.023');
    const link = within(dialog).getByRole('link', { name: 'Open the pull request' });
    const formData = JSON.parse(new URL(link.getAttribute('href')!, 'http://x').searchParams.get('formData')!);
    expect(link.getAttribute('href')).toMatch(/^\/create\/templates\/default\/promote-model\?formData=/);
    expect(formData).toEqual({ entityRef, model: 'churn-prediction', version: '3', environment: 'production' });
  });
});

describe('KafkaContent', () => {
  it('shows partitions with leaders, replicas and ISR, and the lag per partition and over time', async () => {
    render(<KafkaContent />);
    await screen.findByText('Topic churn-prediction-events');
    expect(screen.getByText('2 partitions, 1 under-replicated')).toBeInTheDocument();
    expect(screen.getByText('under-replicated')).toBeInTheDocument();
    expect(screen.getByText('Lag 15 · 0 members')).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'Lag of churn-prediction-scorer over time' })).toBeInTheDocument();
  });
});

describe('MlProjectsCard', () => {
  it("lists a team's ML projects with health, last run and model", async () => {
    const { api, entityRef } = render(<MlProjectsCard />, { kind: 'Group' });
    const row = await screen.findByTestId('ml-project-component:default/churn-prediction');
    expect(api.getOwnedProjects).toHaveBeenCalledWith(entityRef);
    expect(screen.getByText('ML projects of this team')).toBeInTheDocument();
    expect(row).toHaveTextContent('failing');
    expect(row).toHaveTextContent('last run of churn_prediction_pipeline failed at evaluate');
    expect(row).toHaveTextContent('churn-prediction v3');
    expect(row).toHaveTextContent('@production → v2');
  });
});
