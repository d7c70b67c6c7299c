import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { startLocalPostgres } from '../../__testUtils__/localPostgres';
import type { NotifyEvent } from './entityNotifyState';
import { NotificationDispatcher, type NotifyEntity } from './NotificationDispatcher';
import { NotificationStore } from './NotificationStore';
import { OwnerResolver } from './OwnerResolver';

/*
 * The dispatcher on a real database: SQLite always, and PostgreSQL 15 from
 * this machine's binaries (a server of its own, started here) when it can be.
 */
const pg = startLocalPostgres();
if ('connectionString' in pg) {
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING = pg.connectionString;
} else {
  // eslint-disable-next-line no-console
  console.warn(`SKIPPING the PostgreSQL runs of NotificationDispatcher.test.ts: ${pg.skipped}`);
}
const databases = TestDatabases.create({ ids: ['SQLITE_3', ...('connectionString' in pg ? (['POSTGRES_15'] as const) : [])] });
afterAll(() => {
  if ('stop' in pg) pg.stop();
});

const group = (name: string, members: string[], children: string[] = []): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children },
  relations: [
    ...members.map(m => ({ type: 'hasMember', targetRef: `user:default/${m}` })),
    ...children.map(c => ({ type: 'parentOf', targetRef: `group:default/${c}` })),
  ],
});

const catalog = catalogServiceMock({
  entities: [group('data-team', ['dana', 'erin'], ['data-oncall']), group('data-oncall', ['olga']), group('platform-team', ['alex'])],
});

const entity = (name: string, owner = 'group:default/data-team', layerRef = 'system:default/orchestration'): NotifyEntity => ({
  ref: `component:default/${name}`,
  owner,
  layerRef,
});
const failed = (name: string): NotifyEvent => ({
  event: 'failed',
  stamp: `sim-a|HelmRelease|orchestration|${name}@2026-11-26T10:00:00Z`,
  culprit: { cluster: 'sim-a', kind: 'HelmRelease', namespace: 'orchestration', name, reason: 'UpgradeFailed', message: 'context deadline exceeded' },
});

describe.each(databases.eachSupportedId())('NotificationDispatcher on %s', databaseId => {
  async function setup() {
    const knex = await databases.init(databaseId);
    const store = await NotificationStore.create({ getClient: async () => knex });
    const sent: NotificationSendOptions[] = [];
    const make = () =>
      new NotificationDispatcher({
        store,
        owners: new OwnerResolver({ catalog, auth: mockServices.auth() }),
        notifications: { send: async o => void sent.push(o) },
        logger: mockServices.logger.mock(),
        windowMs: 60_000,
        threshold: 3,
        layerTitle: ref => (ref === 'system:default/orchestration' ? 'Orchestration' : undefined),
      });
    return { store, sent, make };
  }
  const recipients = (o: NotificationSendOptions) => (o.recipients as any).entityRef;

  it('tells the owning group\'s users, child groups included, with what failed', async () => {
    const { sent, make } = await setup();
    const d = make();
    d.enqueue(entity('airflow'), failed('airflow'));
    await d.flush();
    expect(sent).toHaveLength(1);
    expect(recipients(sent[0])).toEqual(['user:default/dana', 'user:default/erin', 'user:default/olga']);
    expect(sent[0].payload).toEqual({
      title: 'airflow failed',
      description: 'HelmRelease orchestration/airflow on sim-a: UpgradeFailed — context deadline exceeded',
      link: '/catalog/default/component/airflow/gitops',
      severity: 'high',
      topic: 'mlops-failed',
      scope: 'mlops:failed:component:default/airflow',
    });
  });

  it('leaves out users who muted the entity and adds those who subscribed', async () => {
    const { store, sent, make } = await setup();
    await store.setSetting('user:default/erin', 'component:default/airflow', 'failed', 'mute');
    await store.setSetting('user:default/alex', 'component:default/airflow', 'failed', 'subscribe');
    // Other events and entities do not count.
    await store.setSetting('user:default/dana', 'component:default/airflow', 'recovered', 'mute');
    await store.setSetting('user:default/olga', 'component:default/mlflow', 'failed', 'mute');
    const d = make();
    d.enqueue(entity('airflow'), failed('airflow'));
    await d.flush();
    expect(recipients(sent[0])).toEqual(['user:default/alex', 'user:default/dana', 'user:default/olga']);
    // Back to the default: muted no more.
    await store.setSetting('user:default/erin', 'component:default/airflow', 'failed', 'default');
    expect(await store.settingsOf('user:default/erin')).toEqual([]);
  });

  it('sends one grouped notification per layer when a whole layer fails, not one per entity', async () => {
    const { sent, make } = await setup();
    const d = make();
    for (const name of ['airflow', 'postgres', 'redis', 'statsd', 'workers']) d.enqueue(entity(name), failed(name));
    // One entity of the layer is owned by another team.
    d.enqueue(entity('ingress', 'group:default/platform-team'), failed('ingress'));
    await d.flush();
    expect(sent).toHaveLength(2);
    const data = sent.find(s => recipients(s).includes('user:default/dana'))!;
    expect(recipients(data)).toEqual(['user:default/dana', 'user:default/erin', 'user:default/olga']);
    expect(data.payload.title).toBe('Orchestration: 5 components failed');
    expect(data.payload.description).toMatch(/^airflow \(HelmRelease orchestration\/airflow on sim-a: UpgradeFailed/);
    expect(data.payload.link).toBe('/catalog/default/system/orchestration/trace');
    const platform = sent.find(s => recipients(s).includes('user:default/alex'))!;
    expect(platform.payload.title).toBe('Orchestration: 1 component failed');
  });

  it('tells each event once, across replicas and restarts', async () => {
    const { sent, make } = await setup();
    const a = make();
    const b = make(); // a second replica on the same database
    a.enqueue(entity('airflow'), failed('airflow'));
    b.enqueue(entity('airflow'), failed('airflow'));
    await Promise.all([a.flush(), b.flush()]);
    expect(sent).toHaveLength(1);
    const restarted = make();
    restarted.enqueue(entity('airflow'), failed('airflow'));
    await restarted.flush();
    expect(sent).toHaveLength(1);
    // A new failure (another transition time) is a new event.
    restarted.enqueue(entity('airflow'), { ...failed('airflow'), stamp: 'sim-a|HelmRelease|orchestration|airflow@2026-11-27T08:00:00Z' });
    await restarted.flush();
    expect(sent).toHaveLength(2);
  });
});
