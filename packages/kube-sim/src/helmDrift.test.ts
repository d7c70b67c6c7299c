import path from 'node:path';
import { KubeSim, startKubeSim } from './index';

const FIXTURE = path.join(__dirname, '__fixtures__', 'gitops');

/** POST /_sim/helm-drift: helm-controller's drift correction events, on demand. */
describe('/_sim/helm-drift', () => {
  let sim: KubeSim;
  beforeAll(async () => {
    sim = await startKubeSim({ gitopsDir: FIXTURE, stepMs: 0, tls: false });
  });
  afterAll(() => sim.stop());

  const post = (body: unknown, token = sim.adminToken) =>
    fetch(`${sim.url}/_sim/helm-drift`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const driftEvents = async () => {
    const res = await fetch(`${sim.url}/api/v1/events?fieldSelector=involvedObject.kind%3DHelmRelease`, { headers: { Authorization: `Bearer ${sim.token}` } });
    return ((await res.json()).items as any[]).filter(e => /^Drift/.test(e.reason));
  };

  it('records DriftCorrected as helm-controller does, and counts a repeat on the same Event', async () => {
    const res = await post({ namespace: 'orchestration', name: 'airflow', outcome: 'corrected', objects: ['Deployment/orchestration/airflow-webserver'] });
    expect(res.status).toBe(200);
    const ev = await res.json();
    expect(ev).toMatchObject({
      kind: 'Event',
      type: 'Normal',
      reason: 'DriftCorrected',
      involvedObject: { kind: 'HelmRelease', namespace: 'orchestration', name: 'airflow' },
      source: { component: 'helm-controller' },
      count: 1,
    });
    expect(ev.message).toMatch(/^Cluster state of release orchestration\/airflow\.v\d+ has been corrected:\nDeployment\/orchestration\/airflow-webserver configured$/);
    const again = await (await post({ namespace: 'orchestration', name: 'airflow', outcome: 'corrected', objects: ['Deployment/orchestration/airflow-webserver'] })).json();
    expect(again.metadata.name).toBe(ev.metadata.name);
    expect(again.count).toBe(2);
    expect((await driftEvents()).filter(e => e.reason === 'DriftCorrected')).toHaveLength(1);
  });

  it('records DriftCorrectionFailed as a Warning with the error', async () => {
    const ev = await (await post({ namespace: 'orchestration', name: 'airflow', outcome: 'failed', error: 'admission webhook denied the request' })).json();
    expect(ev).toMatchObject({ type: 'Warning', reason: 'DriftCorrectionFailed' });
    expect(ev.message).toMatch(/^Failed to correct cluster state of release orchestration\/airflow\.v\d+:\nadmission webhook denied the request$/);
  });

  it('validates the body naming the field, answers 404 for an unknown release, and needs the admin token', async () => {
    const bad = await post({ namespace: 'orchestration', name: 'airflow', outcome: 'sideways' });
    expect(bad.status).toBe(422);
    expect((await bad.json()).message).toMatch(/outcome/);
    expect((await post({ namespace: 'orchestration', name: 'nope', outcome: 'corrected' })).status).toBe(404);
    expect((await post({ namespace: 'orchestration', name: 'airflow', outcome: 'corrected' }, sim.token)).status).toBe(403);
  });
});
