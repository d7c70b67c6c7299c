import { KubeSim, startKubeSim } from './index';

/*
 * Answers that must match kube-apiserver byte for byte where clients read
 * them: name validation (422), Status details, DELETE answers, finalizers,
 * list items of built-in kinds. The expected bodies are the ones kube-apiserver
 * v1.37.2 gave on the real-cluster tier (packages/real-cluster conformance
 * test, docs/real-cluster.md "Simulator differences").
 */

async function api(sim: KubeSim, p: string, init: { method?: string; token?: string; body?: unknown; contentType?: string } = {}) {
  const res = await fetch(`${sim.url}${p}`, {
    method: init.method ?? 'GET',
    headers: {
      Authorization: `Bearer ${init.token ?? sim.token}`,
      ...(init.body !== undefined ? { 'Content-Type': init.contentType ?? 'application/json' } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

const CM = '/api/v1/namespaces/apps/configmaps';
const KS = '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/apps/kustomizations';
const SUBDOMAIN_RULE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('API answers as kube-apiserver gives them', () => {
  let sim: KubeSim;

  beforeAll(async () => {
    sim = await startKubeSim({ gitopsDir: false, stepMs: 0, tls: false, reconcileDelayMs: 60_000 });
    await api(sim, '/api/v1/namespaces', { method: 'POST', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } } });
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('refuses an invalid name with 422 Invalid, the real message, details and causes', async () => {
    const r = await api(sim, CM, { method: 'POST', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Not_Valid' } } });
    const why = `Invalid value: "Not_Valid": ${SUBDOMAIN_RULE}`;
    expect(r).toEqual({
      status: 422,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `ConfigMap "Not_Valid" is invalid: metadata.name: ${why}`,
        reason: 'Invalid',
        details: { name: 'Not_Valid', kind: 'ConfigMap', causes: [{ reason: 'FieldValueInvalid', message: why, field: 'metadata.name' }] },
        code: 422,
      },
    });
    expect((await api(sim, `${CM}/Not_Valid`)).status).toBe(404);
  });

  it('checks a Namespace name as a label, a custom resource name as a subdomain with its group, and a missing name', async () => {
    const ns = await api(sim, '/api/v1/namespaces', { method: 'POST', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Bad.ns' } } });
    expect(ns.status).toBe(422);
    expect(ns.body.message).toMatch(/^Namespace "Bad\.ns" is invalid: metadata\.name: Invalid value: "Bad\.ns": a lowercase RFC 1123 label /);
    const ks = await api(sim, KS, {
      method: 'POST',
      body: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'Bad_Name' }, spec: {} },
    });
    expect(ks.status).toBe(422);
    expect(ks.body.message).toMatch(/^Kustomization\.kustomize\.toolkit\.fluxcd\.io "Bad_Name" is invalid/);
    expect(ks.body.details).toMatchObject({ name: 'Bad_Name', group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization' });
    const long = await api(sim, CM, { method: 'POST', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a'.repeat(254) } } });
    expect(long.body.details.causes[0].message).toMatch(/must be no more than 253 characters$/);
    const none = await api(sim, CM, { method: 'POST', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} } });
    expect(none.status).toBe(422);
    expect(none.body.message).toBe('ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required');
    expect(none.body.details).toEqual({
      kind: 'ConfigMap',
      causes: [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }],
    });
  });

  it('gives AlreadyExists, Conflict and NotFound details {name, kind}, without group for the core group', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { A: '1' } };
    expect((await api(sim, CM, { method: 'POST', body: cm })).status).toBe(201);
    const again = await api(sim, CM, { method: 'POST', body: cm });
    expect(again.body).toMatchObject({ reason: 'AlreadyExists', code: 409, details: { name: 'settings', kind: 'configmaps' } });
    expect(again.body.details).not.toHaveProperty('group');
    const stale = await api(sim, `${CM}/settings`, { method: 'PUT', body: { ...cm, metadata: { name: 'settings', resourceVersion: '1' } } });
    expect(stale.body).toMatchObject({ reason: 'Conflict', code: 409, details: { name: 'settings', kind: 'configmaps' } });
    const missing = await api(sim, `${CM}/missing`, { method: 'DELETE' });
    expect(missing.body.details).toEqual({ name: 'missing', kind: 'configmaps' });
    const missingKs = await api(sim, `${KS}/missing`);
    expect(missingKs.body.details).toEqual({ name: 'missing', group: 'kustomize.toolkit.fluxcd.io', kind: 'kustomizations' });
    const forbidden = await api(sim, CM, { method: 'POST', token: sim.readOnlyToken, body: { ...cm, metadata: { name: 'ro' } } });
    expect(forbidden.body).toMatchObject({ reason: 'Forbidden', details: { kind: 'configmaps' } });
    expect(forbidden.body.details).not.toHaveProperty('group');
  });

  it('answers DELETE of an object gone at once with Status Success, for custom resources too; a Pod with the object', async () => {
    await api(sim, CM, { method: 'POST', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gone' } } });
    const uid = (await api(sim, `${CM}/gone`)).body.metadata.uid;
    expect(await api(sim, `${CM}/gone`, { method: 'DELETE' })).toEqual({
      status: 200,
      body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'gone', kind: 'configmaps', uid } },
    });
    await api(sim, KS, { method: 'POST', body: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'k' }, spec: {} } });
    const ks = await api(sim, `${KS}/k`, { method: 'DELETE' });
    expect(ks.body).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'k', group: 'kustomize.toolkit.fluxcd.io', kind: 'kustomizations' } });
    const pods = '/api/v1/namespaces/apps/pods';
    await api(sim, pods, { method: 'POST', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] } } });
    expect((await api(sim, `${pods}/p`, { method: 'DELETE' })).body).toMatchObject({ kind: 'Pod', metadata: { name: 'p' } });
  });

  it('keeps an object with finalizers, marked for deletion, until its last finalizer is removed', async () => {
    await api(sim, CM, { method: 'POST', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', finalizers: ['example.com/hold'] } } });
    const del = await api(sim, `${CM}/held`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'held', deletionGracePeriodSeconds: 0, finalizers: ['example.com/hold'] } });
    expect(typeof del.body.metadata.deletionTimestamp).toBe('string');
    // A second DELETE changes nothing.
    expect((await api(sim, `${CM}/held`, { method: 'DELETE' })).body.metadata.resourceVersion).toBe(del.body.metadata.resourceVersion);
    expect((await api(sim, `${CM}/held`)).body.metadata.deletionTimestamp).toBe(del.body.metadata.deletionTimestamp);
    const patched = await api(sim, `${CM}/held`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { metadata: { finalizers: null } } });
    expect(patched.status).toBe(200);
    expect((await api(sim, `${CM}/held`)).status).toBe(404);
  });

  it('lists built-in kinds without apiVersion/kind on the items; custom resources keep them', async () => {
    const cms = await api(sim, CM);
    expect(cms.body).toMatchObject({ kind: 'ConfigMapList', apiVersion: 'v1' });
    expect(cms.body.items.length).toBeGreaterThan(0);
    for (const item of cms.body.items) {
      expect(item).not.toHaveProperty('kind');
      expect(item).not.toHaveProperty('apiVersion');
    }
    expect((await api(sim, `${CM}/settings`)).body).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1' });
    await api(sim, KS, { method: 'POST', body: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'listed' }, spec: {} } });
    const ks = await api(sim, KS);
    expect(ks.body.items[0]).toMatchObject({ kind: 'Kustomization', apiVersion: 'kustomize.toolkit.fluxcd.io/v1' });
  });
});
