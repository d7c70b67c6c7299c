import { CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { gunzipSync } from 'node:zlib';
import { HELM_RELEASE_SECRET_TYPE, startKubeSim, type KubeSim } from './index';

/*
 * Helm's release storage in the simulator: what helm-controller leaves on a
 * cluster, readable by the read-write token (Helm Secrets only).
 */

function decode(data: string): any {
  const once = Buffer.from(data, 'base64').toString('utf8');
  return JSON.parse(gunzipSync(Buffer.from(once, 'base64')).toString('utf8'));
}

describe('Helm release storage', () => {
  let sim: KubeSim;
  let core: CoreV1Api;
  let custom: CustomObjectsApi;

  beforeAll(async () => {
    sim = await startKubeSim({ scenario: 'degraded', reconcileDelayMs: 20, stepMs: 0 });
    sim.admin.settle();
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeconfig);
    core = kc.makeApiClient(CoreV1Api);
    custom = kc.makeApiClient(CustomObjectsApi);
  });

  afterAll(() => sim.stop());

  it('stores each revision of a release as helm-controller does, readable by the read-write token', async () => {
    const s = await core.readNamespacedSecret({ namespace: 'platform-operators', name: 'sh.helm.release.v1.strimzi-operator.v1' });
    expect(s.type).toBe(HELM_RELEASE_SECRET_TYPE);
    expect(s.metadata?.labels).toEqual({ owner: 'helm', name: 'strimzi-operator', status: 'deployed', version: '1' });
    const release = decode(s.data!.release);
    expect(release).toMatchObject({ name: 'strimzi-operator', namespace: 'platform-operators', version: 1, info: { status: 'deployed' } });
    expect(release.chart.metadata.name).toBe('strimzi-kafka-operator');
    expect(release.manifest).toContain('kind: Deployment');
    expect(release.manifest).toContain('name: strimzi-cluster-operator');
  });

  it('keeps the failed and the last deployed revision of a failing upgrade', async () => {
    const list = await core.listNamespacedSecret({ namespace: 'orchestration', labelSelector: 'owner=helm,name=airflow' });
    const byVersion = Object.fromEntries(list.items.map(i => [i.metadata!.labels!.version, i.metadata!.labels!.status]));
    expect(byVersion['3']).toBe('deployed');
    expect(Object.entries(byVersion).some(([v, st]) => Number(v) > 3 && st === 'failed')).toBe(true);
    const failed = list.items.find(i => i.metadata!.labels!.status === 'failed')!;
    const deployed = list.items.find(i => i.metadata!.labels!.version === '3')!;
    expect(decode(failed.data!.release).chart.metadata.version).not.toBe(decode(deployed.data!.release).chart.metadata.version);
  });

  it('makes a new revision with the new values when the spec changes, and supersedes the old one', async () => {
    await custom.patchNamespacedCustomObject(
      { group: 'helm.toolkit.fluxcd.io', version: 'v2', namespace: 'platform-operators', plural: 'helmreleases', name: 'minio-operator', body: { spec: { values: { operator: { replicaCount: 3 } } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await new Promise(r => setTimeout(r, 300));
    const v2 = await core.readNamespacedSecret({ namespace: 'platform-operators', name: 'sh.helm.release.v1.minio-operator.v2' });
    expect(decode(v2.data!.release).config).toMatchObject({ operator: { replicaCount: 3 } });
    const v1 = await core.readNamespacedSecret({ namespace: 'platform-operators', name: 'sh.helm.release.v1.minio-operator.v1' });
    expect(v1.metadata?.labels?.status).toBe('superseded');
    // The record itself says so too, as Helm rewrites it (helm history reads this).
    expect(decode(v1.data!.release).info.status).toBe('superseded');
    expect(decode(v1.data!.release).config).not.toMatchObject({ operator: { replicaCount: 3 } });
  });

  it('still hides the data of every other Secret from the read-write token', async () => {
    const other = await core.createNamespacedSecret({
      namespace: 'platform-operators',
      body: { metadata: { name: 'db-password' }, type: 'Opaque', stringData: { password: 'hunter2' } } as any,
    });
    void other;
    const read = await core.readNamespacedSecret({ namespace: 'platform-operators', name: 'db-password' });
    expect(read.data).toBeUndefined();
    // A Secret merely named like Helm's storage is not Helm's storage.
    await core.createNamespacedSecret({
      namespace: 'platform-operators',
      body: { metadata: { name: 'sh.helm.release.v1.fake.v1' }, type: 'Opaque', stringData: { release: 'secret' } } as any,
    });
    expect((await core.readNamespacedSecret({ namespace: 'platform-operators', name: 'sh.helm.release.v1.fake.v1' })).data).toBeUndefined();
  });
});
