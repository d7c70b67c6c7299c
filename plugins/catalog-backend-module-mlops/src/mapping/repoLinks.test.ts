import { createLocalRepoLinks, createUrlRepoLinks } from './repoLinks';

describe('repo links', () => {
  it('links GitHub files', () => {
    const l = createUrlRepoLinks(
      'https://github.com/org/repo/tree/dev/gitops',
      'dev',
    );
    expect(l.sourceLocation('apps/a.yaml')).toBe(
      'url:https://github.com/org/repo/tree/dev/gitops/apps/',
    );
    expect(l.viewUrl('apps/a.yaml')).toBe(
      'https://github.com/org/repo/blob/dev/gitops/apps/a.yaml',
    );
    expect(l.editUrl('a.yaml')).toBe(
      'https://github.com/org/repo/edit/dev/gitops/a.yaml',
    );
  });

  it('links GitLab files, groups included', () => {
    const l = createUrlRepoLinks(
      'https://gitlab.com/group/sub/repo/-/tree/main/platform',
      'main',
    );
    expect(l.viewUrl('x/a.yaml')).toBe(
      'https://gitlab.com/group/sub/repo/-/blob/main/platform/x/a.yaml',
    );
    expect(l.editUrl('x/a.yaml')).toBe(
      'https://gitlab.com/group/sub/repo/-/edit/main/platform/x/a.yaml',
    );
    expect(l.sourceLocation('a.yaml')).toBe(
      'url:https://gitlab.com/group/sub/repo/-/tree/main/platform/',
    );
  });

  it('gives other hosts only a source location', () => {
    const l = createUrlRepoLinks('https://git.example.com/repo', 'main');
    expect(l.sourceLocation('a/b.yaml')).toBe(
      'url:https://git.example.com/repo/a/',
    );
    expect(l.viewUrl('a/b.yaml')).toBeUndefined();
  });

  it('links local folders with file: and, given a repoUrl, web links', () => {
    expect(createLocalRepoLinks('/srv/gitops').sourceLocation('a/b.yaml')).toBe(
      'file:/srv/gitops/a/',
    );
    expect(createLocalRepoLinks('/srv/gitops').sourceLocation('b.yaml')).toBe(
      'file:/srv/gitops/',
    );
    expect(
      createLocalRepoLinks(
        '/srv/gitops',
        'https://github.com/o/r',
        'main',
      ).viewUrl('b.yaml'),
    ).toBe('https://github.com/o/r/blob/main/b.yaml');
  });
});
