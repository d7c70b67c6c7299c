import { act, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import {
  classifyObject,
  extractFacts,
  type KubeObject,
  type ObjectSummary,
} from '@mlops-portal/plugin-mlops-common';
import { mlopsApiRef } from '../../api';
import { createFakeMlopsApi } from '../../__testUtils__/fakes';
import operators from '../../__fixtures__/operators.json';
import { OperatorCards } from './OperatorCards';

// Summaries built the way the backend builds them: the shared status rules
// and fact extraction applied to objects as the cluster returns them.
const summaries: ObjectSummary[] = (operators.items as KubeObject[]).map(o => ({
  cluster: 'demo',
  apiVersion: o.apiVersion!,
  kind: o.kind!,
  namespace: o.metadata?.namespace,
  name: o.metadata!.name!,
  status: classifyObject(o.kind!, o),
  flux: false,
  suspended: false,
  facts: extractFacts(o.kind!, o),
}));

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'data-platform',
    annotations: { 'mlops-portal.io/label-selector': 'app.kubernetes.io/part-of=mlops' },
    links: [
      { url: 'https://minio-console.mlops.example.com', title: 'MinIO console' },
      { url: 'https://grafana.mlops.example.com', title: 'Grafana' },
      { url: 'https://airflow.mlops.example.com', title: 'Airflow UI' },
    ],
  },
  spec: { type: 'service', owner: 'group:default/data-team', lifecycle: 'production' },
};

async function render(objects = summaries) {
  const api = createFakeMlopsApi({
    getEntityObjects: async () => ({
      entityRef: 'component:default/data-platform',
      status: 'Failed',
      counts: { Ready: 0, Progressing: 0, Failed: 0, Suspended: 0, Unknown: 0 },
      objects,
      clusters: [],
      errors: [],
      notes: [],
    }),
  });
  const result = renderInTestApp(
    <EntityProvider entity={entity}>
      <OperatorCards />
    </EntityProvider>,
    { apis: [[mlopsApiRef, api]] },
  );
  return { api, ...result };
}

const card = (title: string) => screen.getByText(title).closest('.MuiCard-root') as HTMLElement;

describe('OperatorCards', () => {
  it('shows Kafka readiness, version, listeners with copy buttons, node pools and topics', async () => {
    await render();
    await screen.findByText('Kafka data-plane/mlops-kafka');
    const kafka = card('Kafka data-plane/mlops-kafka');
    expect(within(kafka).getAllByText('Ready', { selector: '[data-status]' }).length).toBeGreaterThan(0);
    expect(kafka).toHaveTextContent('4.1.0');
    expect(kafka).toHaveTextContent('mlops-kafka-kafka-bootstrap.data-plane.svc:9092');
    expect(kafka).toHaveTextContent('mlops-kafka-kafka-bootstrap.data-plane.svc:9093');
    expect(within(kafka).getByRole('button', { name: 'Copy bootstrap servers of listener plain' })).toBeInTheDocument();
    const pools = within(kafka).getByRole('table', { name: 'Node pools' });
    expect(pools).toHaveTextContent('broker');
    expect(pools).toHaveTextContent('0, 1, 2');
    const topics = within(kafka).getByRole('table', { name: 'Topics' });
    const featureEvents = within(topics).getByText('feature-events').closest('tr')!;
    expect(featureEvents).toHaveTextContent('12');
    expect(within(featureEvents as HTMLElement).getByText('Ready', { selector: '[data-status]' })).toBeInTheDocument();
    const bad = within(topics).getByText('bad-topic').closest('tr')!;
    expect(within(bad as HTMLElement).getByText('Failed', { selector: '[data-status]' })).toBeInTheDocument();
  });

  it('shows the MinIO tenant health, pools, drives, capacity and console link', async () => {
    await render();
    await screen.findByText('MinIO tenant data-plane/mlops-minio');
    const tenant = card('MinIO tenant data-plane/mlops-minio');
    expect(tenant).toHaveTextContent('yellow (Reduced Availability)');
    expect(tenant).toHaveTextContent('15 online, 1 offline');
    expect(tenant).toHaveTextContent('1.0 TiB of 4.0 TiB');
    expect(tenant).toHaveTextContent('mlops-minio-pool-0');
    expect(tenant).toHaveTextContent('PoolInitialized');
    expect(within(tenant).getByRole('link', { name: /^MinIO console/ })).toHaveAttribute('href', 'https://minio-console.mlops.example.com');
  });

  it('shows recent Spark applications with state, duration, attempts, error and driver UI, and schedules', async () => {
    await render();
    await screen.findByText('Spark applications');
    const spark = card('Spark applications');
    const apps = within(spark).getByRole('table', { name: 'Recent Spark applications' });
    const rows = within(apps).getAllByRole('row').slice(1);
    // Newest submission first.
    expect(rows[0]).toHaveTextContent('train-model-20261125');
    expect(rows[0]).toHaveTextContent('FAILED');
    expect(rows[0]).toHaveTextContent('5m 30s');
    expect(rows[0]).toHaveTextContent('3 run');
    expect(rows[0]).toHaveTextContent('driver container failed with ExitCode: 1');
    expect(rows[0]).toHaveTextContent('10.96.40.2:4040 (in cluster)');
    expect(rows[1]).toHaveTextContent('COMPLETED');
    expect(rows[1]).toHaveTextContent('14m 42s');
    expect(within(rows[1]).getByRole('link', { name: /^Spark UI/ })).toHaveAttribute('href', 'http://spark.mlops.example.com/feature-engineering-20261125');
    const schedules = within(spark).getByRole('table', { name: 'Spark schedules' });
    expect(schedules).toHaveTextContent('nightly-features');
    expect(schedules).toHaveTextContent('2026-11-25T02:00:00Z (feature-engineering-20261125)');
    expect(schedules).toHaveTextContent('2026-11-26T02:00:00Z');
  });

  it('shows Flink lifecycle, job state and the parsed error message', async () => {
    await render();
    await screen.findByText('Flink applications');
    const flink = card('Flink applications');
    expect(flink).toHaveTextContent('FAILED');
    expect(flink).toHaveTextContent('fraud-scoring: FAILED');
    expect(flink).toHaveTextContent('back-off 5m0s restarting failed container=flink-main-container');
    expect(flink).not.toHaveTextContent('DeploymentFailedException');
  });

  it('shows Airflow workloads ready/desired with UI links, and Prometheus with the Grafana link', async () => {
    await render();
    await screen.findByText('Airflow');
    const airflow = card('Airflow');
    expect(airflow).toHaveTextContent('scheduler');
    expect(airflow).toHaveTextContent('1/2');
    expect(within(airflow).getByRole('link', { name: /^Airflow UI/ })).toBeInTheDocument();
    const monitoring = card('Prometheus and Alertmanager');
    expect(monitoring).toHaveTextContent('2/2 available');
    expect(within(monitoring).getByText('Ready', { selector: '[data-status]' })).toBeInTheDocument();
    expect(within(monitoring).getByRole('link', { name: /^Grafana/ })).toHaveAttribute('href', 'https://grafana.mlops.example.com');
  });

  it('renders nothing when no object has a card', async () => {
    const { api } = await render([]);
    await waitFor(() => expect(api.getEntityObjects).toHaveBeenCalled());
    // Let the answer render.
    await act(async () => {});
    expect(screen.queryByText(/Kafka|MinIO|Spark|Flink|Airflow|Prometheus/)).not.toBeInTheDocument();
  });
});
