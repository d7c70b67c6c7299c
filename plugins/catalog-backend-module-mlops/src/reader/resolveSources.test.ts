import { createSourceResolver, repositoryIdentity } from './resolveSources';
import { ManifestObject } from './types';

const ks = (spec: Record<string, unknown>, namespace = 'flux-system'): ManifestObject => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'k', namespace },
  spec,
  source: { path: 'clusters/prod/k.yaml', document: 0 },
});

const gitRepo = (name: string, url: string): ManifestObject => ({
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'GitRepository',
  metadata: { name, namespace: 'flux-system' },
  spec: { url },
  source: { path: 'clusters/prod/sync.yaml', document: 0 },
});

const dirs: Record<string, string[]> = {
  '': ['', 'apps', 'apps/prod', 'deploy/web', 'clusters/prod'],
  tenants: ['', 'team-a'],
};
const ctx = (sources: ManifestObject[] = []) => ({
  hasDir: (repo: string, dir: string) => (dirs[repo] ?? []).includes(dir),
  findSource: (kind: string, namespace: string, name: string) =>
    sources.find(s => s.kind === kind && s.metadata.name === name && s.metadata.namespace === namespace),
});

const resolver = createSourceResolver({
  sources: [
    { kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system', folder: '' },
    { kind: 'OCIRepository', namespace: 'flux-system', name: 'web', folder: 'deploy/web' },
    { kind: 'GitRepository', namespace: 'tenants', name: 'team-a', folder: '', provider: 'tenants' },
  ],
  repositoryFolder: '',
  repositoryUrl: 'https://github.com/org/fleet/tree/main',
  repositories: { tenants: { repositoryFolder: '' } },
});

describe('repositoryIdentity', () => {
  it.each([
    ['https://github.com/Org/Fleet', 'github.com/org/fleet'],
    ['https://github.com/org/fleet.git', 'github.com/org/fleet'],
    ['ssh://git@github.com/org/fleet', 'github.com/org/fleet'],
    ['ssh://git@github.com:22/org/fleet.git', 'github.com/org/fleet'],
    ['git@github.com:org/fleet.git', 'github.com/org/fleet'],
    ['https://github.com/org/fleet/tree/main/gitops', 'github.com/org/fleet'],
    ['https://gitlab.com/group/sub/fleet/-/tree/main/x', 'gitlab.com/group/sub/fleet'],
  ])('%s → %s', (url, id) => {
    expect(repositoryIdentity(url)).toBe(id);
  });
  it('is undefined for what is not a URL', () => {
    expect(repositoryIdentity('not a url')).toBeUndefined();
    expect(repositoryIdentity(undefined)).toBeUndefined();
  });
});

describe('createSourceResolver', () => {
  it('resolves a path of this repository from its root', () => {
    expect(resolver.resolve(ks({ path: './apps/prod', sourceRef: { kind: 'GitRepository', name: 'flux-system' } }), ctx())).toEqual({
      ok: true,
      repository: '',
      dir: 'apps/prod',
    });
  });

  it('takes a GitRepository with the URL of this repository as this repository', () => {
    const r = resolver.resolve(
      ks({ path: './apps', sourceRef: { kind: 'GitRepository', name: 'platform' } }),
      ctx([gitRepo('platform', 'git@github.com:org/fleet.git')]),
    );
    expect(r).toEqual({ ok: true, repository: '', dir: 'apps' });
  });

  it("resolves an artifact's path in the folder it is built from, and './' to that folder only", () => {
    expect(resolver.resolve(ks({ path: './', sourceRef: { kind: 'OCIRepository', name: 'web' } }), ctx())).toEqual({
      ok: true,
      repository: '',
      dir: 'deploy/web',
    });
    expect(resolver.resolve(ks({ sourceRef: { kind: 'OCIRepository', name: 'web' } }), ctx())).toMatchObject({
      dir: 'deploy/web',
    });
  });

  it("resolves another repository's source there, with the Kustomization's namespace as the default", () => {
    expect(
      resolver.resolve(ks({ path: './team-a', sourceRef: { kind: 'GitRepository', name: 'team-a' } }, 'tenants'), ctx()),
    ).toEqual({ ok: true, repository: 'tenants', dir: 'team-a' });
  });

  it('reports an unknown GitRepository and an unmapped artifact, keyed per source', () => {
    const unknownGit = resolver.resolve(
      ks({ path: './', sourceRef: { kind: 'GitRepository', name: 'other' } }),
      ctx([gitRepo('other', 'https://github.com/someone/else')]),
    );
    expect(unknownGit).toEqual({
      ok: false,
      key: 'source:GitRepository/flux-system/other',
      reason: expect.stringContaining('GitRepository flux-system/other (https://github.com/someone/else) is not this repository nor one configured'),
    });
    const artifact = resolver.resolve(ks({ path: './', sourceRef: { kind: 'ExternalArtifact', name: 'x' } }), ctx());
    expect(artifact).toMatchObject({ ok: false, key: 'source:ExternalArtifact/flux-system/x' });
  });

  it.each([
    ['../../etc', 'leaves GitRepository flux-system/flux-system'],
    ['./apps/../../..', 'leaves GitRepository flux-system/flux-system'],
    ['/etc/passwd-dir', "is not in this repository (looked for 'etc/passwd-dir')"],
    ['./nowhere', "is not in this repository (looked for 'nowhere')"],
  ])('never follows a hostile or missing path: %s', (path, reason) => {
    const r = resolver.resolve(ks({ path, sourceRef: { kind: 'GitRepository', name: 'flux-system' } }), ctx());
    expect(r.ok).toBe(false);
    expect((r as any).reason).toContain(reason);
  });

  it('reports a path outside the folder read of the repository', () => {
    const sub = createSourceResolver({
      sources: [{ kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system', folder: '' }],
      repositoryFolder: 'gitops',
      repositories: {},
    });
    const ok = sub.resolve(ks({ path: './gitops/apps', sourceRef: { kind: 'GitRepository', name: 'flux-system' } }), ctx());
    expect(ok).toEqual({ ok: true, repository: '', dir: 'apps' });
    const outside = sub.resolve(ks({ path: './docs', sourceRef: { kind: 'GitRepository', name: 'flux-system' } }), ctx());
    expect((outside as any).reason).toContain("is outside the folder 'gitops' read from this repository");
  });
});
