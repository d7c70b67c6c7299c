import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { KubeSim, startKubeSim } from './index';

/*
 * Conformance of the simulator against the real kubectl binary (v1.32 on
 * these machines), with a generated kubeconfig over HTTPS: kubectl sends a
 * bearer token only over TLS, so this also covers the generated CA.
 */

const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';
const FIXTURE = path.join(__dirname, '__fixtures__', 'gitops');
const run = promisify(execFile);

// kubectl is a separate process; each call takes a few hundred ms on a busy machine.
jest.setTimeout(60_000);

describe('kubectl conformance', () => {
  let sim: KubeSim;
  let dir: string;
  let rw: string;
  let ro: string;

  const kubectl = (kubeconfig: string, ...args: string[]) =>
    run(KUBECTL, ['--kubeconfig', kubeconfig, '--cache-dir', path.join(dir, 'cache'), '--request-timeout=20s', ...args], { timeout: 30_000 });

  beforeAll(async () => {
    if (!fs.existsSync(KUBECTL)) {
      throw new Error(`kubectl not found at ${KUBECTL}: install it (Debian: kubernetes-client) or set KUBECTL`);
    }
    sim = await startKubeSim({ gitopsDir: FIXTURE, scenario: 'healthy', reconcileDelayMs: 50, stepMs: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-sim-kubectl-'));
    rw = path.join(dir, 'kubeconfig');
    ro = path.join(dir, 'kubeconfig-ro');
    fs.writeFileSync(rw, sim.kubeconfig, { mode: 0o600 });
    fs.writeFileSync(ro, sim.readOnlyKubeconfig, { mode: 0o600 });
  });

  afterAll(async () => {
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('get kustomizations.kustomize.toolkit.fluxcd.io -A', async () => {
    const { stdout } = await kubectl(rw, 'get', 'kustomizations.kustomize.toolkit.fluxcd.io', '-A');
    const rows = stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^NAMESPACE\s+NAME\s+/);
    expect(rows.slice(1).map(r => r.split(/\s+/).slice(0, 2).join('/')).sort()).toEqual([
      'flux-system/apps',
      'flux-system/flux-system',
      'flux-system/infrastructure',
    ]);
  });

  it('prints server-side tables: pod readiness and Flux Ready/Status columns', async () => {
    const pods = (await kubectl(rw, 'get', 'pods', '-n', 'orchestration')).stdout.trim().split('\n');
    expect(pods[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(pods.find(r => r.startsWith('airflow-scheduler-'))).toMatch(/\s1\/1\s+Running\s+0\s+60m$/);
    const hr = (await kubectl(rw, 'get', 'helmreleases', '-n', 'orchestration')).stdout.trim().split('\n');
    expect(hr[0]).toMatch(/^NAME\s+AGE\s+READY\s+STATUS$/);
    expect(hr[1]).toMatch(/^airflow\s+60m\s+True\s+Helm install succeeded for release orchestration\/airflow\.v1 with chart airflow@1\.18\.0$/);
  });

  it('get kafka -n data-plane -o yaml (short name via discovery)', async () => {
    const { stdout } = await kubectl(rw, 'get', 'kafka', '-n', 'data-plane', '-o', 'yaml');
    const list = parse(stdout);
    expect(list.kind).toBe('List');
    expect(list.items).toHaveLength(1);
    const kafka = list.items[0];
    expect(kafka.metadata.name).toBe('platform-kafka');
    expect(kafka.status.listeners[0].bootstrapServers).toBe('platform-kafka-kafka-bootstrap.data-plane.svc:9092');
    expect(kafka.status.kafkaNodePools).toEqual([{ name: 'broker' }]);
  });

  it('annotate with a reconcile request, then get shows it handled', async () => {
    const token = new Date().toISOString();
    const { stdout } = await kubectl(rw, 'annotate', '--overwrite', '-n', 'flux-system', 'kustomization/infrastructure', `reconcile.fluxcd.io/requestedAt=${token}`);
    expect(stdout).toContain('kustomization.kustomize.toolkit.fluxcd.io/infrastructure annotated');
    let handled = '';
    for (let i = 0; i < 40 && handled !== token; i++) {
      await new Promise(r => setTimeout(r, 100));
      handled = (await kubectl(rw, 'get', '-n', 'flux-system', 'kustomization/infrastructure', '-o', 'jsonpath={.status.lastHandledReconcileAt}')).stdout;
    }
    expect(handled).toBe(token);
  });

  it('get --watch receives an event', async () => {
    const child = spawn(KUBECTL, ['--kubeconfig', rw, '--cache-dir', path.join(dir, 'cache'), 'get', 'helmreleases', '-n', 'orchestration', '--watch-only', '--output-watch-events', '-o', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (err += d));
    try {
      // kubectl lists first, then opens the watch; annotate until an event shows up.
      const event = await new Promise<any>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`no watch event within 20s; stderr: ${err}`)), 20_000);
        let n = 0;
        const poke = setInterval(() => {
          kubectl(rw, 'annotate', '--overwrite', '-n', 'orchestration', 'helmrelease/airflow', `example.com/poke=${n++}`).catch(() => {});
        }, 500);
        child.stdout.on('data', () => {
          // One JSON watch event per line.
          for (const line of out.split('\n')) {
            if (!line.startsWith('{"type":"MODIFIED"')) continue;
            clearTimeout(deadline);
            clearInterval(poke);
            resolve(JSON.parse(line));
            return;
          }
        });
      });
      expect(event.type).toBe('MODIFIED');
      expect(event.object.metadata.name).toBe('airflow');
    } finally {
      child.kill();
    }
  });

  it('apply -f creates and then updates (client-side apply; server-side field validation declared in OpenAPI v3)', async () => {
    const file = path.join(dir, 'apply.yaml');
    const manifest = (value: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: applied
  namespace: orchestration
data:
  value: "${value}"
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: applied
  namespace: orchestration
spec:
  interval: 10m
  chart:
    spec:
      chart: applied
      version: "1.0.0"
      sourceRef:
        kind: HelmRepository
        name: apache-airflow
`;
    fs.writeFileSync(file, manifest('1'));
    expect((await kubectl(rw, 'apply', '-f', file)).stdout).toContain('configmap/applied created');
    fs.writeFileSync(file, manifest('2'));
    const second = (await kubectl(rw, 'apply', '-f', file)).stdout;
    expect(second).toContain('configmap/applied configured');
    expect(second).toContain('helmrelease.helm.toolkit.fluxcd.io/applied unchanged');
    expect((await kubectl(rw, 'get', 'configmap', 'applied', '-n', 'orchestration', '-o', 'jsonpath={.data.value}')).stdout).toBe('2');
  });

  it('gets 403 Forbidden with the read-only token', async () => {
    const err = await kubectl(ro, 'annotate', '--overwrite', '-n', 'flux-system', 'kustomization/apps', 'reconcile.fluxcd.io/requestedAt=nope').catch(e => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toContain('Error from server (Forbidden)');
    expect(err.stderr).toContain('cannot patch resource "kustomizations" in API group "kustomize.toolkit.fluxcd.io" in the namespace "flux-system"');
    // Reads still work with the same token.
    const { stdout } = await kubectl(ro, 'get', 'pods', '-n', 'orchestration', '-o', 'name');
    expect(stdout).toContain('pod/airflow-scheduler-');
  });
});
