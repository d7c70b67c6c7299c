import fs from 'node:fs';
import path from 'node:path';
import { WATCHED_KINDS, classifyObject } from '@mlops-portal/plugin-mlops-common';
import { KubeSim, defaultGitopsDir, findTypeByKind, listScenarios, loadScenario, parseScenario, startKubeSim } from './index';

/*
 * Every scenario's objects classify as the scenario says, under the portal's
 * own status rules (status-semantics.md, implemented in mlops-common).
 */

const FIXTURE = path.join(__dirname, '__fixtures__', 'gitops');
const REPO_GITOPS = defaultGitopsDir();
const KINDS = WATCHED_KINDS.map(k => k.kind);

function classifyAll(sim: KubeSim) {
  const actual = new Map<string, { status: string; reason: string; message: string }>();
  for (const c of sim.clusters) {
    for (const w of WATCHED_KINDS) {
      const t = findTypeByKind(`${w.group}/${w.versions[0]}`, w.kind);
      if (!t) continue;
      for (const o of c.store.list(t)) {
        const r = classifyObject(w.kind, o.obj);
        actual.set(`${c.name}/${w.kind}/${o.obj.metadata.namespace ?? ''}/${o.obj.metadata.name}`, r);
      }
    }
  }
  return actual;
}

function compare(sim: KubeSim, phase: 'initial' | 'settled') {
  const actual = classifyAll(sim);
  const expected = sim.expectations(KINDS);
  expect(expected.length).toBe(actual.size);
  const mismatches = expected
    .map(e => {
      const a = actual.get(`${e.cluster}/${e.kind}/${e.namespace}/${e.name}`);
      return { object: `${e.kind} ${e.namespace}/${e.name}`, expected: e[phase], actual: a?.status, reason: a?.reason, message: a?.message };
    })
    .filter(m => m.expected !== m.actual);
  expect(mismatches).toEqual([]);
  return actual;
}

const gitopsDirs: Array<[string, string]> = [['fixture', FIXTURE]];
if (REPO_GITOPS) gitopsDirs.push(['reference gitops/', REPO_GITOPS]);

describe.each(gitopsDirs)('scenarios against the %s repository', (_label, gitopsDir) => {
  it.each(['healthy', 'degraded'])('%s: every watched object classifies as the scenario says, before and after time-driven changes', async scenario => {
    const sim = await startKubeSim({ gitopsDir, scenario, stepMs: 0, tls: false });
    try {
      const initial = compare(sim, 'initial');
      expect(initial.size).toBeGreaterThan(10);
      sim.admin.settle();
      compare(sim, 'settled');
    } finally {
      await sim.stop();
    }
  });
});

it('objects suspended or paused in Git classify as Suspended (fixture)', async () => {
  const sim = await startKubeSim({ gitopsDir: FIXTURE, scenario: 'healthy', stepMs: 0, tls: false });
  try {
    const actual = compare(sim, 'initial');
    expect(actual.get('kube-sim/HelmRelease/orchestration/airflow-legacy')?.status).toBe('Suspended');
    expect(actual.get('kube-sim/KafkaTopic/data-plane/legacy-events')?.status).toBe('Suspended');
  } finally {
    await sim.stop();
  }
});

describe('degraded scenario details', () => {
  let sim: KubeSim;
  beforeAll(async () => {
    sim = await startKubeSim({ gitopsDir: REPO_GITOPS ?? FIXTURE, scenario: 'degraded', stepMs: 0, reconcileDelayMs: 0, tls: false });
  });
  afterAll(() => sim.stop());

  const get = (kind: string, ns: string, name: string) => {
    const t = findTypeByKind(undefined, kind) ?? findTypeByKind(`${WATCHED_KINDS.find(k => k.kind === kind)!.group}/x`, kind)!;
    return sim.clusters[0].store.get(t, ns, name)!.obj;
  };

  it('airflow retries (ProgressingWithRetry), then stalls with RetriesExceeded; reset makes it retry', async () => {
    const before = classifyObject('HelmRelease', get('HelmRelease', 'orchestration', 'airflow'));
    // Failing and retrying is Failed with a retrying badge (flux get: READY False).
    expect(before).toMatchObject({ status: 'Failed', reason: 'UpgradeFailed' });
    expect(before.badges).toContain('retrying');
    sim.admin.settle();
    const hr = get('HelmRelease', 'orchestration', 'airflow');
    const stalled = classifyObject('HelmRelease', hr);
    expect(stalled).toMatchObject({ status: 'Failed', reason: 'RetriesExceeded' });
    expect(stalled.badges).not.toContain('retrying');
    expect(hr.status.upgradeFailures).toBe(4);
    expect(hr.status.history.map((h: any) => h.status)).toEqual(['failed', 'deployed']);

    // Flux's reset protocol: requestedAt + resetAt with the same token.
    const token = '2026-11-25T21:00:00Z';
    const t = findTypeByKind('helm.toolkit.fluxcd.io/v2', 'HelmRelease')!;
    sim.clusters[0].store.update(t, 'orchestration', 'airflow', o => {
      o.metadata.annotations = { ...o.metadata.annotations, 'reconcile.fluxcd.io/requestedAt': token, 'reconcile.fluxcd.io/resetAt': token };
      return o;
    });
    await new Promise(r => setTimeout(r, 50));
    const reset = get('HelmRelease', 'orchestration', 'airflow');
    expect(reset.status).toMatchObject({ lastHandledReconcileAt: token, lastHandledResetAt: token, upgradeFailures: 1 });
    // Retrying again: the retries count from one, the badge is back.
    expect(classifyObject('HelmRelease', reset)).toMatchObject({ status: 'Failed', badges: ['retrying'] });
  });

  it('a plain reconcile request makes no new Helm release; forceAt does', async () => {
    const t = findTypeByKind('helm.toolkit.fluxcd.io/v2', 'HelmRelease')!;
    const request = (annotations: Record<string, string>) =>
      sim.clusters[0].store.update(t, 'orchestration', 'airflow-postgresql', o => {
        o.metadata.annotations = { ...o.metadata.annotations, ...annotations };
        return o;
      });
    const versions = () => get('HelmRelease', 'orchestration', 'airflow-postgresql').status.history.map((h: any) => `${h.version}:${h.status}`);
    expect(versions()).toEqual(['1:deployed']);
    request({ 'reconcile.fluxcd.io/requestedAt': 'plain' });
    await new Promise(r => setTimeout(r, 50));
    expect(get('HelmRelease', 'orchestration', 'airflow-postgresql').status.lastHandledReconcileAt).toBe('plain');
    expect(versions()).toEqual(['1:deployed']);
    // The repeated event is aggregated on the first one, as client-go's correlator does.
    const events = sim.clusters[0].store
      .list(findTypeByKind('v1', 'Event')!, 'orchestration')
      .filter(e => e.obj.involvedObject.name === 'airflow-postgresql' && e.obj.involvedObject.kind === 'HelmRelease');
    expect(events.map(e => [e.obj.reason, e.obj.count])).toEqual([['InstallSucceeded', 2]]);
    request({ 'reconcile.fluxcd.io/requestedAt': 'forced', 'reconcile.fluxcd.io/forceAt': 'forced' });
    await new Promise(r => setTimeout(r, 50));
    expect(get('HelmRelease', 'orchestration', 'airflow-postgresql').status.lastHandledForceAt).toBe('forced');
    expect(versions()).toEqual(['2:deployed', '1:superseded']);
  });

  it('the stale HelmRelease catches up once a reconcile is requested', async () => {
    const t = findTypeByKind('helm.toolkit.fluxcd.io/v2', 'HelmRelease')!;
    const mlflow = get('HelmRelease', 'ml-lifecycle', 'mlflow');
    expect(classifyObject('HelmRelease', mlflow)).toMatchObject({ status: 'Progressing', reason: 'StaleGeneration' });
    sim.clusters[0].store.update(t, 'ml-lifecycle', 'mlflow', o => {
      o.metadata.annotations = { ...o.metadata.annotations, 'reconcile.fluxcd.io/requestedAt': 'now' };
      return o;
    });
    await new Promise(r => setTimeout(r, 50));
    expect(classifyObject('HelmRelease', get('HelmRelease', 'ml-lifecycle', 'mlflow')).status).toBe('Ready');
  });

  it('a ScheduledSparkApplication has its last run as a completed SparkApplication it owns', () => {
    const scheduled = get('ScheduledSparkApplication', 'processing-jobs', 'nightly-training-data');
    const run = get('SparkApplication', 'processing-jobs', scheduled.status.lastRunName);
    expect(run.status.applicationState.state).toBe('COMPLETED');
    expect(run.metadata.ownerReferences[0]).toMatchObject({ kind: 'ScheduledSparkApplication', name: 'nightly-training-data', uid: scheduled.metadata.uid });
    expect(classifyObject('SparkApplication', run).status).toBe('Ready');
  });

  it('writes Warning events for the failures', () => {
    const t = findTypeByKind('v1', 'Event')!;
    const warnings = sim.clusters[0].store.list(t).filter(e => e.obj.type === 'Warning').map(e => `${e.obj.involvedObject.kind}/${e.obj.involvedObject.name}:${e.obj.reason}`);
    expect(warnings).toEqual(expect.arrayContaining(['HelmRelease/airflow:UpgradeFailed', 'Kustomization/processing:DependencyNotReady']));
  });
});

describe('fleet scenario', () => {
  it('generates objects per cluster on several clusters, failing every n-th HelmRelease', async () => {
    const sim = await startKubeSim({ gitopsDir: false, scenario: 'fleet', clusters: 2, objectsPerCluster: 400, stepMs: 0, tls: false });
    try {
      expect(sim.clusters.map(c => c.name)).toEqual(['kube-sim-1', 'kube-sim-2']);
      for (const c of sim.clusters) expect(c.store.size()).toBeGreaterThanOrEqual(400);
      const actual = compare(sim, 'initial');
      const failed = [...actual.values()].filter(r => r.status === 'Failed');
      // 100 generated HelmReleases per cluster, every 50th failed.
      expect(failed).toHaveLength(4);
    } finally {
      await sim.stop();
    }
  });
});

describe('fleet scenario with a chosen mix of kinds', () => {
  it('generates only the requested kinds, and the Flux sources are Ready', async () => {
    const sim = await startKubeSim({
      gitopsDir: false,
      scenario: 'fleet',
      clusters: 1,
      objectsPerCluster: 100,
      fleetKinds: ['HelmRepository', 'GitRepository'],
      stepMs: 0,
      tls: false,
    });
    try {
      const actual = compare(sim, 'initial');
      const generated = [...actual.entries()].filter(([key]) => key.includes('fleet-'));
      expect(generated).toHaveLength(100);
      const kinds = new Set(generated.map(([key]) => key.split('/')[1]));
      expect(kinds).toEqual(new Set(['HelmRepository', 'GitRepository']));
      expect(generated.every(([, r]) => r.status === 'Ready')).toBe(true);
    } finally {
      await sim.stop();
    }
  });
});

describe('scenario files', () => {
  it('all parse, and the three documented ones exist', () => {
    expect(listScenarios()).toEqual(expect.arrayContaining(['degraded', 'fleet', 'healthy']));
    for (const name of listScenarios()) expect(loadScenario(name).name).toBe(name);
  });

  it('names the offending field in an invalid scenario', () => {
    expect(() => parseScenario('name: x\ndescription: y\nobjects:\n  - kind: HelmRelease\n    namespace: a\n    name: b\n    behaviour: explode\n    expect: Failed\n')).toThrow(/objects\.0\.behaviour/);
  });

  it('every scenario file is documented with a leading comment', () => {
    for (const name of listScenarios()) {
      const text = fs.readFileSync(path.join(__dirname, '..', 'scenarios', `${name}.yaml`), 'utf8');
      expect(text.startsWith('#')).toBe(true);
    }
  });
});
