import fs from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { realCluster, kubectl, eventually, conditionOf, type RealCluster } from './realCluster';
import { Verdicts } from './statusRules/judge';

/*
 * Flux's real source- and kustomize-controller against the portal's protocol
 * and status rules: reconcile requests (lastHandledReconcileAt), suspend and
 * resume, and the status rules (plugins/mlops-common classifyObject) on the
 * objects the real controllers wrote in each state provoked here. The objects
 * are recorded in __recorded__/ (what the controllers wrote, for the unit
 * tests of the rules); disagreements with the rules, when there are any, are
 * listed in statusRules/knownDisagreements.ts and docs/real-cluster.md.
 */

const NS = 'rc-flux';

function apply(rc: RealCluster, yaml: string) {
  kubectl(rc, ['apply', '-f', '-'], yaml);
}

function get(rc: RealCluster, kind: string, name: string): any {
  return JSON.parse(kubectl(rc, ['get', kind, name, '-n', NS, '-o', 'json']));
}

/** Commits one file to the tier's test repository (its bare folder); returns the commit. */
function commitToTestRepo(rc: RealCluster, file: string, content: string): string {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-test-repo-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', work, ...args], { encoding: 'utf8' }).trim();
  try {
    execFileSync('git', ['clone', '--quiet', path.join(rc.state, 'test-repo.git'), work]);
    fs.mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
    fs.writeFileSync(path.join(work, file), content);
    git('add', '-A');
    git('-c', 'user.name=test', '-c', 'user.email=test@mlops-portal.invalid', 'commit', '--quiet', '-m', `update ${file}`);
    git('push', '--quiet', 'origin', 'HEAD:main');
    return git('rev-parse', 'HEAD');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function kustomization(name: string, spec: Record<string, unknown>): string {
  return JSON.stringify({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace: NS },
    spec: { interval: '1h', retryInterval: '5s', prune: true, targetNamespace: NS, sourceRef: { kind: 'GitRepository', name: 'test-repo' }, path: './apps/demo', ...spec },
  });
}

const verdicts = new Verdicts();
const judge = verdicts.judge.bind(verdicts);

describe('Flux source- and kustomize-controller on the real API server', () => {
  let rc: RealCluster;

  beforeAll(async () => {
    rc = realCluster();
    kubectl(rc, ['delete', 'namespace', NS, '--ignore-not-found', '--wait=true', '--timeout=90s']);
    kubectl(rc, ['create', 'namespace', NS]);
    apply(
      rc,
      JSON.stringify({
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata: { name: 'test-repo', namespace: NS },
        spec: { interval: '1h', url: `${process.env.REAL_CLUSTER_SOURCES_URL}/git/test-repo.git`, ref: { branch: 'main' } },
      }),
    );
    await eventually(() => expect(conditionOf(get(rc, 'gitrepository', 'test-repo'), 'Ready')?.status).toBe('True'), 90_000);
  }, 150_000);

  afterAll(() => {
    if (rc) kubectl(rc, ['delete', 'namespace', NS, '--ignore-not-found', '--wait=false']);
  });

  it('source-controller fetches the repository over HTTP: Ready with its revision', () => {
    const repo = get(rc, 'gitrepository', 'test-repo');
    expect(repo.status.artifact.revision).toMatch(/^main@sha1:[0-9a-f]{40}$/);
    const r = judge('gitrepository-ready', 'GitRepository', repo, 'Ready');
    expect(r.revision).toBe(repo.status.artifact.revision);
  });

  it('a repository that does not exist: Ready False (the fetch failed)', async () => {
    apply(rc, JSON.stringify({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name: 'missing-repo', namespace: NS }, spec: { interval: '1h', timeout: '10s', url: `${process.env.REAL_CLUSTER_SOURCES_URL}/git/missing.git`, ref: { branch: 'main' } } }));
    const o = await eventually(() => {
      const x = get(rc, 'gitrepository', 'missing-repo');
      expect(conditionOf(x, 'Ready')?.status).toBe('False');
      return x;
    }, 90_000);
    // Ready False with Reconciling True (ProgressingWithRetry): failing and retrying.
    judge('gitrepository-fetch-failed', 'GitRepository', o, 'Failed (GitOperationFailed) +retrying');
  });

  it('applies a Kustomization (Ready, inventory, history), and honours a reconcile request', async () => {
    apply(rc, kustomization('demo', {}));
    const ready = await eventually(() => {
      const x = get(rc, 'kustomization', 'demo');
      expect(conditionOf(x, 'Ready')?.status).toBe('True');
      return x;
    }, 90_000);
    expect(ready.status.inventory.entries.map((e: any) => e.id)).toEqual([`${NS}_demo__ConfigMap`]);
    judge('kustomization-ready', 'Kustomization', ready, 'Ready');
    const token = new Date().toISOString();
    kubectl(rc, ['annotate', '--overwrite', 'kustomization', 'demo', '-n', NS, `reconcile.fluxcd.io/requestedAt=${token}`]);
    await eventually(() => expect(get(rc, 'kustomization', 'demo').status.lastHandledReconcileAt).toBe(token), 60_000);
  });

  it('suspend stops reconciliation (a new revision is not applied), resume applies it', async () => {
    kubectl(rc, ['patch', 'kustomization', 'demo', '-n', NS, '--type', 'merge', '-p', '{"spec":{"suspend":true}}']);
    const before = get(rc, 'kustomization', 'demo').status.lastAppliedRevision;
    const version = String(Date.now());
    const revision = commitToTestRepo(rc, 'apps/demo/configmap.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  version: "${version}"\n`);
    kubectl(rc, ['annotate', '--overwrite', 'gitrepository', 'test-repo', '-n', NS, `reconcile.fluxcd.io/requestedAt=${Date.now()}`]);
    await eventually(() => expect(get(rc, 'gitrepository', 'test-repo').status.artifact.revision).toBe(`main@sha1:${revision}`), 60_000);
    const token = `suspended-${Date.now()}`;
    kubectl(rc, ['annotate', '--overwrite', 'kustomization', 'demo', '-n', NS, `reconcile.fluxcd.io/requestedAt=${token}`]);
    // Long enough for the controller to have applied it had it not been suspended (it took < 5 s above).
    await new Promise(r => setTimeout(r, 10_000));
    const suspended = get(rc, 'kustomization', 'demo');
    expect(suspended.status.lastAppliedRevision).toBe(before);
    expect(JSON.parse(kubectl(rc, ['get', 'configmap', 'demo', '-n', NS, '-o', 'json'])).data.version).not.toBe(version);
    // Found here: kustomize-controller records a reconcile request on a
    // suspended object as handled (lastHandledReconcileAt) without applying
    // anything, so "handled" alone does not prove a reconcile ran.
    expect(suspended.status.lastHandledReconcileAt).toBe(token);
    judge('kustomization-suspended', 'Kustomization', suspended, 'Suspended');
    kubectl(rc, ['patch', 'kustomization', 'demo', '-n', NS, '--type', 'merge', '-p', '{"spec":{"suspend":false}}']);
    await eventually(() => expect(get(rc, 'kustomization', 'demo').status.lastAppliedRevision).toBe(`main@sha1:${revision}`), 60_000);
    expect(JSON.parse(kubectl(rc, ['get', 'configmap', 'demo', '-n', NS, '-o', 'json'])).data.version).toBe(version);
  }, 120_000);

  it('a path that is not in the source: Failed, with the controller\'s conditions and Warning events', async () => {
    apply(rc, kustomization('broken', { path: './apps/missing' }));
    const o = await eventually(() => {
      const x = get(rc, 'kustomization', 'broken');
      expect(conditionOf(x, 'Ready')?.status).toBe('False');
      return x;
    }, 90_000);
    const events = JSON.parse(kubectl(rc, ['get', 'events', '-n', NS, '--field-selector', 'involvedObject.kind=Kustomization,involvedObject.name=broken', '-o', 'json'])).items;
    expect(events.some((e: any) => e.type === 'Warning' && e.source?.component === 'kustomize-controller')).toBe(true);
    judge('kustomization-path-not-found', 'Kustomization', o, `Failed (${conditionOf(o, 'Ready').reason}) +retrying`);
  });

  it('a dependency that is not ready: Ready False DependencyNotReady (waiting, not broken)', async () => {
    apply(rc, kustomization('dependent', { dependsOn: [{ name: 'broken' }] }));
    const o = await eventually(() => {
      const x = get(rc, 'kustomization', 'dependent');
      expect(conditionOf(x, 'Ready')?.reason).toBe('DependencyNotReady');
      return x;
    }, 90_000);
    judge('kustomization-dependency-not-ready', 'Kustomization', o, 'Progressing (DependencyNotReady)');
  });

  it('a source that does not exist: Failed', async () => {
    apply(rc, kustomization('no-source', { sourceRef: { kind: 'GitRepository', name: 'nowhere' } }));
    const o = await eventually(() => {
      const x = get(rc, 'kustomization', 'no-source');
      expect(conditionOf(x, 'Ready')?.status).toBe('False');
      return x;
    }, 90_000);
    judge('kustomization-source-not-found', 'Kustomization', o, `Failed (${conditionOf(o, 'Ready').reason})`);
  });

  it('a spec change the controller has not seen yet (controller paused): Progressing on a stale generation', async () => {
    const pid = Number(fs.readFileSync(path.join(rc.state, 'pids', 'kustomize-controller.pid'), 'utf8'));
    process.kill(-pid, 'SIGSTOP');
    try {
      kubectl(rc, ['patch', 'kustomization', 'demo', '-n', NS, '--type', 'merge', '-p', '{"spec":{"interval":"2h"}}']);
      const o = get(rc, 'kustomization', 'demo');
      expect(o.metadata.generation).toBeGreaterThan(o.status.observedGeneration);
      judge('kustomization-stale-generation', 'Kustomization', o, 'Progressing');
    } finally {
      process.kill(-pid, 'SIGCONT');
    }
    await eventually(() => {
      const o = get(rc, 'kustomization', 'demo');
      expect(o.status.observedGeneration).toBe(o.metadata.generation);
    }, 60_000);
  });

  it('the status rules agree with every object the real controllers wrote, but for the listed disagreements', () => {
    const { found, known } = verdicts.compare();
    expect(found).toEqual(known);
    expect(verdicts.count()).toBeGreaterThanOrEqual(8);
  });
});
