import { resolve } from 'path';
import { collectWithLastGood } from './collectWithLastGood';
import { readLocalRepository } from './readRepository';
import { RepoFile } from './types';

const FIXTURE = resolve(__dirname, '../__fixtures__/mlops-repo');
const options = { paths: ['clusters/local'] };
const BROKEN = 'apiVersion: v1\nkind: [unclosed\n';

describe('collectWithLastGood', () => {
  let files: RepoFile[];
  beforeAll(async () => {
    files = await readLocalRepository(FIXTURE);
  });
  const replace = (path: string, content: string) =>
    files.map(f => (f.path === path ? { path, content } : f));
  const names = (r: { objects: Array<{ kind: string; metadata: any }> }) =>
    r.objects.map(o => `${o.kind}/${o.metadata.name}`).sort();

  it('reads a file that fails to parse in its last good version, and says so naming the file', () => {
    const first = collectWithLastGood(files, {
      ...options,
      lastGood: new Map(),
    });
    expect(first.kept).toEqual([]);
    expect(first.unrecovered).toEqual([]);
    expect(first.lastGood.get('orchestration/airflow.yaml')).toContain(
      'name: airflow',
    );

    const second = collectWithLastGood(
      replace('orchestration/airflow.yaml', BROKEN),
      { ...options, lastGood: first.lastGood },
    );
    expect(names(second)).toEqual(names(first));
    expect(second.kept).toEqual([
      {
        path: 'orchestration/airflow.yaml',
        reason: expect.stringMatching(/^invalid YAML: /),
      },
    ]);
    expect(second.problems).toContainEqual({
      path: 'orchestration/airflow.yaml',
      reason: expect.stringMatching(
        /^invalid YAML: .*; reading its last good version instead$/,
      ),
    });
    // The good version stays the one to fall back on.
    expect(second.lastGood.get('orchestration/airflow.yaml')).toBe(
      first.lastGood.get('orchestration/airflow.yaml'),
    );
  });

  it('keeps what a broken kustomization.yaml and a broken Flux Kustomization lead to', () => {
    const first = collectWithLastGood(files, {
      ...options,
      lastGood: new Map(),
    });
    const broken = replace(
      'orchestration/kustomization.yaml',
      'resources: [\n',
    );
    const brokenFlux = broken.map(f =>
      f.path === 'clusters/local/layers.yaml'
        ? { ...f, content: `${f.content}\n  bad: [\n` }
        : f,
    );
    const without = collectWithLastGood(brokenFlux, {
      ...options,
      lastGood: new Map(),
    });
    // Without a good version, a broken layers.yaml loses every layer.
    expect(without.objects.length).toBeLessThan(first.objects.length / 2);
    expect(without.unrecovered.map(f => f.path)).toEqual([
      'clusters/local/layers.yaml',
    ]);

    const kept = collectWithLastGood(brokenFlux, {
      ...options,
      lastGood: first.lastGood,
    });
    expect(names(kept)).toEqual(names(first));
    expect(kept.kept.map(k => k.path).sort()).toEqual([
      'clusters/local/layers.yaml',
      'orchestration/kustomization.yaml',
    ]);
    expect(kept.unrecovered).toEqual([]);
  });

  it('reports a broken file without a good version as unrecovered', () => {
    const r = collectWithLastGood(
      replace('orchestration/airflow.yaml', BROKEN),
      { ...options, lastGood: new Map() },
    );
    expect(r.unrecovered).toEqual([
      {
        path: 'orchestration/airflow.yaml',
        reason: expect.stringMatching(/^invalid YAML/),
      },
    ]);
    expect(names(r)).not.toContain('HelmRelease/airflow');
    expect(r.lastGood.has('orchestration/airflow.yaml')).toBe(false);
  });

  it('takes a fixed file as it is now, and forgets a deleted one', () => {
    const first = collectWithLastGood(files, {
      ...options,
      lastGood: new Map(),
    });
    const changed = replace(
      'orchestration/airflow.yaml',
      files
        .find(f => f.path === 'orchestration/airflow.yaml')!
        .content.replace('1.18.0', '1.19.0'),
    );
    const fixed = collectWithLastGood(changed, {
      ...options,
      lastGood: first.lastGood,
    });
    expect(fixed.kept).toEqual([]);
    expect(fixed.lastGood.get('orchestration/airflow.yaml')).toContain(
      '1.19.0',
    );

    const deleted = collectWithLastGood(
      files.filter(f => f.path !== 'orchestration/redis.yaml'),
      { ...options, lastGood: first.lastGood },
    );
    expect(deleted.lastGood.has('orchestration/redis.yaml')).toBe(false);
    expect(names(deleted)).not.toContain('HelmRelease/airflow-redis');
  });

  it('names start paths that are not in the repository', () => {
    expect(
      collectWithLastGood(files, {
        paths: ['clusters/local', 'clusters/production'],
        lastGood: new Map(),
      }).missingPaths,
    ).toEqual(['clusters/production']);
  });

  it('keeps the last good version of a file in a mapped source repository apart from a same-named file of its own', () => {
    const cm = (name: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: apps\n`;
    const repoFiles: RepoFile[] = [
      {
        path: 'clusters/c/apps.yaml',
        content: [
          'apiVersion: source.toolkit.fluxcd.io/v1',
          'kind: GitRepository',
          'metadata: { name: team, namespace: apps }',
          'spec: { url: https://example.com/team.git }',
          '---',
          'apiVersion: kustomize.toolkit.fluxcd.io/v1',
          'kind: Kustomization',
          'metadata: { name: team, namespace: apps }',
          'spec:',
          '  path: ./deploy',
          '  sourceRef: { kind: GitRepository, name: team }',
        ].join('\n'),
      },
      { path: 'deploy/app.yaml', content: cm('own') },
      { path: 'deploy/app.yaml', repository: 'team', content: cm('theirs') },
    ];
    const opts = {
      paths: ['clusters/c', 'deploy'],
      sources: {
        sources: [
          { kind: 'GitRepository', namespace: 'apps', name: 'team', folder: '', provider: 'team' },
        ],
        repositoryFolder: '',
        repositories: { team: { repositoryFolder: '' } },
      },
    };
    const first = collectWithLastGood(repoFiles, { ...opts, lastGood: new Map() });
    expect(first.kept).toEqual([]);
    expect(names(first)).toContain('ConfigMap/theirs');
    expect(names(first)).toContain('ConfigMap/own');
    expect(first.lastGood.get('team:deploy/app.yaml')).toContain('theirs');
    expect(first.lastGood.get('deploy/app.yaml')).toContain('own');

    const broken = repoFiles.map(f =>
      f.repository === 'team' ? { ...f, content: BROKEN } : f,
    );
    const second = collectWithLastGood(broken, { ...opts, lastGood: first.lastGood });
    expect(second.kept).toEqual([
      { path: 'team:deploy/app.yaml', reason: expect.stringMatching(/^invalid YAML: /) },
    ]);
    expect(names(second)).toEqual(names(first));
  });
});
