import { collectObjects } from './collectObjects';
import { RepoFile } from './types';

const ns = (name: string) =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
const cm = (name: string, extra = '') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}`;

function names(files: RepoFile[], paths = ['.']) {
  const r = collectObjects(files, { paths });
  return {
    ...r,
    ids: r.objects.map(
      o => `${o.kind}:${o.metadata.namespace ?? ''}/${o.metadata.name}`,
    ),
  };
}

describe('collectObjects', () => {
  it('without a kustomization.yaml takes every manifest below the folder, as Flux does', () => {
    const { ids } = names([
      { path: 'a.yaml', content: ns('a') },
      { path: 'sub/b.yml', content: ns('b') },
      { path: 'sub/notes.txt', content: 'ignored' },
    ]);
    expect(ids).toEqual(['Namespace:/a', 'Namespace:/b']);
  });

  it('follows kustomization resources only, applying namespace, labels and patches', () => {
    const { ids, objects, problems } = names(
      [
        {
          path: 'app/kustomization.yaml',
          content: [
            'resources: [cm.yaml, ../shared, https://github.com/x/y//z, missing.yaml]',
            'namespace: team',
            'commonLabels: {tier: web}',
            'labels: [{pairs: {mlops-portal.io/owner: ml-team}}]',
            'patches:',
            '  - patch: |',
            '      apiVersion: v1',
            '      kind: ConfigMap',
            '      metadata: {name: one}',
            '      data: {patched: "yes"}',
            '  - patch: |',
            '      - op: add',
            '        path: /data/x',
            '        value: y',
            '    target: {kind: ConfigMap}',
          ].join('\n'),
        },
        { path: 'app/cm.yaml', content: cm('one', 'data: {a: b}\n') },
        { path: 'app/unlisted.yaml', content: cm('unlisted') },
        {
          path: 'shared/kustomization.yaml',
          content: 'resources: [ns.yaml]\n',
        },
        { path: 'shared/ns.yaml', content: `${ns('team')}---\n${cm('two')}` },
      ],
      ['app'],
    );
    expect(ids).toEqual([
      'ConfigMap:team/one',
      'Namespace:/team',
      'ConfigMap:team/two',
    ]);
    expect(objects[0].data).toEqual({ a: 'b', patched: 'yes' });
    expect(objects[0].metadata.labels).toEqual({
      tier: 'web',
      'mlops-portal.io/owner': 'ml-team',
    });
    expect(problems.map(p => `${p.path}: ${p.reason}`)).toEqual([
      "app/kustomization.yaml: remote resource 'https://github.com/x/y//z' not read",
      "app/kustomization.yaml: resource 'missing.yaml' not found",
      'app/kustomization.yaml: JSON 6902 patch not applied',
    ]);
  });

  it('follows Flux Kustomizations to their path with targetNamespace and substitution', () => {
    const { objects } = names(
      [
        {
          path: 'clusters/prod/apps.yaml',
          content: [
            'apiVersion: kustomize.toolkit.fluxcd.io/v1',
            'kind: Kustomization',
            'metadata: {name: apps, namespace: flux-system}',
            'spec:',
            '  path: ./platform/apps',
            '  targetNamespace: apps',
            '  sourceRef: {kind: GitRepository, name: flux-system}',
            '  postBuild:',
            '    substituteFrom: [{kind: ConfigMap, name: settings}]',
          ].join('\n'),
        },
        {
          path: 'clusters/prod/settings.yaml',
          content: cm(
            'settings',
            '  namespace: flux-system\ndata: {SIZE: "10Gi"}\n',
          ),
        },
        {
          path: 'platform/apps/pvc.yaml',
          content: cm(
            'storage',
            'data: {size: "${SIZE:=1Gi}", env: "${ENV:=dev}"}\n',
          ),
        },
      ],
      ['clusters/prod'],
    );
    const storage = objects.find(o => o.metadata.name === 'storage')!;
    expect(storage.metadata.namespace).toBe('apps');
    expect(storage.data).toEqual({ size: '10Gi', env: 'dev' });
  });

  it('finds a Flux path given from the root of a bigger repository, when told which folder of it is read', () => {
    const files = [
      {
        path: 'ks.yaml',
        content:
          'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: k, namespace: flux-system}\nspec: {path: ./gitops/apps, sourceRef: {kind: GitRepository, name: flux-system}}\n',
      },
      { path: 'apps/kustomization.yaml', content: 'resources: [a.yaml]\n' },
      { path: 'apps/a.yaml', content: ns('a') },
    ];
    const r = collectObjects(files, {
      paths: ['.'],
      sources: {
        sources: [{ kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system', folder: '' }],
        repositoryFolder: 'gitops',
        repositories: {},
      },
    });
    expect(r.problems).toEqual([]);
    expect(r.objects.find(o => o.metadata.name === 'a')?.appliedBy).toEqual({ namespace: 'flux-system', name: 'k' });
  });

  it('reports a Flux path that is not in the repository, and one without a source', () => {
    const { problems } = names([
      {
        path: 'ks.yaml',
        content:
          'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: k, namespace: flux-system}\nspec: {path: ./elsewhere, sourceRef: {kind: GitRepository, name: flux-system}}\n',
      },
      {
        path: 'no-source.yaml',
        content:
          'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: n, namespace: flux-system}\nspec: {path: ./}\n',
      },
    ]);
    expect(problems).toEqual([
      {
        path: 'ks.yaml',
        reason:
          "Kustomization flux-system/k: spec.path './elsewhere' of GitRepository flux-system/flux-system is not in this repository (looked for 'elsewhere'), not followed",
      },
      {
        path: 'no-source.yaml',
        reason: 'Kustomization flux-system/n: no spec.sourceRef kind and name, not followed',
      },
    ]);
  });

  it('warns once for a source however many Kustomizations use it', () => {
    const ksUsing = (name: string) =>
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec: {path: ./, sourceRef: {kind: OCIRepository, name: manifests}}\n`;
    const { problems, ids } = names([
      { path: 'a.yaml', content: ksUsing('a') },
      { path: 'b.yaml', content: ksUsing('b') },
      { path: 'c.yaml', content: ksUsing('c') },
      { path: 'other/ns.yaml', content: ns('other') },
    ], ['.']);
    expect(problems).toHaveLength(1);
    expect(problems[0].reason).toMatch(
      /^OCIRepository flux-system\/manifests is an artifact .* \(Kustomizations flux-system\/a, flux-system\/b, flux-system\/c\)$/,
    );
    // './' of an artifact is never taken as this repository's root.
    expect(ids.filter(i => i.startsWith('Kustomization'))).toHaveLength(3);
  });

  it('survives kustomization cycles and duplicate objects', () => {
    const { ids, problems } = names(
      [
        {
          path: 'a/kustomization.yaml',
          content: 'resources: [../b, x.yaml]\n',
        },
        { path: 'a/x.yaml', content: ns('x') },
        {
          path: 'b/kustomization.yaml',
          content: 'resources: [../a, y.yaml]\n',
        },
        { path: 'b/y.yaml', content: ns('x') },
      ],
      ['a'],
    );
    expect(ids).toEqual(['Namespace:/x']);
    expect(problems.map(p => p.reason)).toEqual([
      'kustomization cycle, skipped',
      'Namespace /x already defined in b/y.yaml, ignored',
    ]);
  });

  it('applies patches to the objects their target names (a regular expression)', () => {
    const { objects } = names(
      [
        {
          path: 'k/kustomization.yaml',
          content: [
            'resources: [cms.yaml]',
            'patches:',
            '  - target: {kind: ConfigMap, name: "web-.*"}',
            '    patch: |',
            '      apiVersion: v1',
            '      kind: ConfigMap',
            '      metadata: {name: any, labels: {tier: web}}',
            '  - target: {kind: ConfigMap, name: "bad["}',
            '    patch: |',
            '      apiVersion: v1',
            '      kind: ConfigMap',
            '      metadata: {name: any, labels: {odd: "yes"}}',
          ].join('\n'),
        },
        {
          path: 'k/cms.yaml',
          content: `${cm('web-a')}---\n${cm('db')}---\n${cm('bad[')}`,
        },
      ],
      ['k'],
    );
    expect(objects.map(o => [o.metadata.name, o.metadata.labels])).toEqual([
      ['web-a', { tier: 'web' }],
      ['db', undefined],
      ['bad[', { odd: 'yes' }],
    ]);
  });
});
