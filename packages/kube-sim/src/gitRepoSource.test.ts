import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitopsRepoSource } from './gitRepoSource';
import { findTypeByKind } from './resources';
import { KubeSim, startKubeSim } from './index';

/*
 * The simulator following a real Git repository, as Flux follows one: a
 * bare repository seeded with the fixture, changed the way a merged pull
 * request changes it (a clone, a commit, a push to main).
 */

const FIXTURE = path.join(__dirname, '__fixtures__', 'gitops');

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', ...args], { cwd, stdio: 'pipe' }).toString().trim();

const release = (name: string, version: string) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${name}
  namespace: orchestration
spec:
  interval: 30m
  chart:
    spec:
      chart: ${name}
      version: "${version}"
      sourceRef:
        kind: HelmRepository
        name: apache-airflow
`;

async function eventually<T>(fn: () => T, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      return fn();
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise(r => setTimeout(r, 25));
    }
  }
}

describe('following a Git repository', () => {
  let dir: string;
  let remote: string;
  let work: string;
  let sim: KubeSim;
  const logs: string[] = [];

  /** Commits the work tree and pushes main, as merging a change does; returns the commit. */
  const push = (message: string) => {
    git(work, 'add', '-A');
    git(work, 'commit', '--quiet', '-m', message);
    git(work, 'push', '--quiet', 'origin', 'main');
    return git(work, 'rev-parse', 'HEAD');
  };
  const writeFile = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(work, rel)), { recursive: true });
    fs.writeFileSync(path.join(work, rel), text);
  };
  const get = (kind: string, ns: string, name: string) => {
    const apiVersion = { HelmRelease: 'helm.toolkit.fluxcd.io/v2', Kustomization: 'kustomize.toolkit.fluxcd.io/v1', GitRepository: 'source.toolkit.fluxcd.io/v1' }[kind] ?? 'apps/v1';
    return sim.clusters[0].store.get(findTypeByKind(apiVersion, kind)!, ns, name)?.obj;
  };
  const ready = (o: any) => o?.status?.conditions?.find((c: any) => c.type === 'Ready');
  /** The Deployments and StatefulSets helm-controller installed for a release (cluster a). */
  const workloadsOf = (releaseName: string) =>
    ['Deployment', 'StatefulSet']
      .flatMap(kind => sim.clusters[0].store.list(findTypeByKind('apps/v1', kind)!))
      .filter(s => s.obj.metadata.labels?.['helm.toolkit.fluxcd.io/name'] === releaseName);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-sim-follow-'));
    remote = path.join(dir, 'remote.git');
    work = path.join(dir, 'work');
    git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
    git(dir, 'clone', '--quiet', remote, work);
    fs.cpSync(FIXTURE, path.join(work, 'gitops'), { recursive: true });
    push('Reference platform');
    sim = await startKubeSim({
      gitopsRepo: { dir: remote, pollMs: 50 },
      clusters: ['a', 'b'],
      reconcileDelayMs: 20,
      stepMs: 0,
      tls: false,
      log: line => logs.push(line),
    });
  });

  afterAll(async () => {
    await sim?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the branch and reports its commit as the revision', () => {
    const head = git(work, 'rev-parse', 'HEAD');
    expect(get('HelmRelease', 'orchestration', 'airflow')).toBeDefined();
    expect(get('GitRepository', 'flux-system', 'flux-system').status.artifact.revision).toBe(`main@sha1:${head}`);
    expect(get('Kustomization', 'flux-system', 'apps').status.lastAppliedRevision).toBe(`main@sha1:${head}`);
  });

  it('applies a merged change on every cluster: the new release is reconciled, installed and in the inventory', async () => {
    writeFile('gitops/apps/orchestration/redis.yaml', release('redis', '1.0.0'));
    const commit = push('Add redis');
    for (const c of sim.clusters) {
      const hr = await eventually(() => {
        const o = c.store.get(findTypeByKind('helm.toolkit.fluxcd.io/v2', 'HelmRelease')!, 'orchestration', 'redis')?.obj;
        expect(o?.status?.conditions?.find((x: any) => x.type === 'Ready')?.status).toBe('True');
        return o;
      });
      expect(hr.status.history[0].chartVersion).toBe('1.0.0');
    }
    const apps = get('Kustomization', 'flux-system', 'apps');
    expect(apps.status.lastAppliedRevision).toBe(`main@sha1:${commit}`);
    expect(apps.status.inventory.entries.map((e: any) => e.id)).toContain('orchestration_redis_helm.toolkit.fluxcd.io_HelmRelease');
    expect(workloadsOf('redis').length).toBeGreaterThan(0);
    expect(logs.some(l => l.includes(commit.slice(0, 12)) && l.includes('1 created'))).toBe(true);
  });

  it('upgrades on a version bump, and keeps a suspend set through the API when Git did not change it', async () => {
    const hrType = findTypeByKind('helm.toolkit.fluxcd.io/v2', 'HelmRelease')!;
    sim.clusters[1].store.update(hrType, 'orchestration', 'airflow', o => ({ ...o, spec: { ...o.spec, suspend: true } }));
    writeFile('gitops/apps/orchestration/redis.yaml', release('redis', '1.1.0'));
    push('Bump redis to 1.1.0');
    await eventually(() => {
      const hr = get('HelmRelease', 'orchestration', 'redis');
      expect(hr.metadata.generation).toBe(2);
      expect(hr.status.observedGeneration).toBe(2);
      expect(hr.status.history[0].chartVersion).toBe('1.1.0');
    });
    expect(sim.clusters[1].store.get(hrType, 'orchestration', 'airflow')!.obj.spec.suspend).toBe(true);
  });

  it('applies nothing and prunes nothing of a Kustomization whose build breaks, and says which file', async () => {
    fs.rmSync(path.join(work, 'gitops/apps/orchestration/redis.yaml'));
    writeFile('gitops/apps/broken.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: [unclosed\n');
    const commit = push('Remove redis, add a broken file');
    await eventually(() => {
      const apps = get('Kustomization', 'flux-system', 'apps');
      expect(ready(apps)).toMatchObject({ status: 'False', reason: 'BuildFailed' });
      expect(ready(apps).message).toContain('apps/broken.yaml');
      expect(apps.status.lastAttemptedRevision).toBe(`main@sha1:${commit}`);
    });
    expect(get('HelmRelease', 'orchestration', 'redis')).toBeDefined();
    // The other Kustomizations built and applied the commit.
    expect(get('Kustomization', 'flux-system', 'infrastructure').status.lastAppliedRevision).toBe(`main@sha1:${commit}`);
  });

  it('prunes a removed release with what it owns once the build is fixed', async () => {
    const workloads = () => workloadsOf('redis');
    const pods = () => sim.clusters[0].store.list(findTypeByKind('v1', 'Pod')!).filter(s => s.obj.metadata.name.startsWith('redis'));
    expect(workloads().length).toBeGreaterThan(0);
    expect(pods().length).toBeGreaterThan(0);
    fs.rmSync(path.join(work, 'gitops/apps/broken.yaml'));
    push('Fix the build');
    await eventually(() => {
      expect(get('HelmRelease', 'orchestration', 'redis')).toBeUndefined();
      expect(ready(get('Kustomization', 'flux-system', 'apps'))).toMatchObject({ status: 'True' });
    });
    expect(workloads()).toEqual([]);
    expect(pods()).toEqual([]);
    expect(get('Kustomization', 'flux-system', 'apps').status.inventory.entries.map((e: any) => e.id)).not.toContain(
      'orchestration_redis_helm.toolkit.fluxcd.io_HelmRelease',
    );
  });
});

describe('GitopsRepoSource input', () => {
  it.each([
    [{ branch: '../main' }, /gitopsRepo.branch/],
    [{ branch: 'main;rm -rf /' }, /gitopsRepo.branch/],
    [{ path: '../outside' }, /gitopsRepo.path/],
    [{ path: '/etc' }, /gitopsRepo.path/],
  ])('refuses %j', (extra, error) => {
    expect(() => new GitopsRepoSource({ dir: os.tmpdir(), ...extra })).toThrow(error);
  });

  it('says which branch a repository lacks', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-sim-empty-'));
    try {
      git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', path.join(dir, 'r.git'));
      await expect(startKubeSim({ gitopsRepo: { dir: path.join(dir, 'r.git'), branch: 'release' }, tls: false })).rejects.toThrow(
        /gitopsRepo.branch: no branch 'release' in/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a missing repository, naming the field', () => {
    expect(() => new GitopsRepoSource({ dir: path.join(os.tmpdir(), 'no-such-repo-kube-sim') })).toThrow(/gitopsRepo.dir/);
  });
});
