import { ConfigReader } from '@backstage/config';
import { readGitopsTargetConfig, readHelmRepositoryPolicy } from './config';

describe('readGitopsTargetConfig', () => {
  it('is undefined without mlops.gitops', () => {
    expect(readGitopsTargetConfig(new ConfigReader({}))).toBeUndefined();
  });

  it('reads a local repository, resolved against the working directory', () => {
    expect(
      readGitopsTargetConfig(
        new ConfigReader({ mlops: { gitops: { local: { repoDir: '../../.data/gitops-remote.git', path: './gitops/' } } } }),
        '/srv/portal/packages/backend',
      ),
    ).toEqual({ mode: 'local', repoDir: '/srv/portal/.data/gitops-remote.git', branch: 'main', path: 'gitops' });
  });

  it('prefers local when both are set, unless mode says github', () => {
    const both = {
      github: { repoUrl: 'github.com?owner=o&repo=r', branch: 'trunk' },
      local: { repoDir: '/repo' },
    };
    expect(readGitopsTargetConfig(new ConfigReader({ mlops: { gitops: both } }))?.mode).toBe('local');
    expect(
      readGitopsTargetConfig(new ConfigReader({ mlops: { gitops: { ...both, mode: 'github' } } })),
    ).toEqual({ mode: 'github', repoUrl: 'github.com?owner=o&repo=r', branch: 'trunk', path: '' });
  });

  it.each([
    [{ mode: 'gitlab', local: { repoDir: '/r' } }, /mlops.gitops.mode: must be 'github' or 'local'/],
    [{ github: { repoUrl: 'https://github.com/o/r' } }, /mlops.gitops.github.repoUrl: must look like/],
    [{ local: { repoDir: '/r', path: '../x' } }, /mlops.gitops.local.path: must be a relative folder/],
    [{ mode: 'github', local: { repoDir: '/r' } }, /mlops.gitops.github: missing/],
  ])('rejects %j naming the key', (gitops, message) => {
    expect(() => readGitopsTargetConfig(new ConfigReader({ mlops: { gitops } }))).toThrow(message);
  });
});

describe('readHelmRepositoryPolicy', () => {
  it('is empty when unset, and reads hosts and *.suffix patterns', () => {
    expect(readHelmRepositoryPolicy(new ConfigReader({}))).toEqual({});
    expect(
      readHelmRepositoryPolicy(
        new ConfigReader({ mlops: { helmRepositories: { allowedHosts: ['charts.bitnami.com', '*.github.io'] } } }),
      ),
    ).toEqual({ allowedHosts: ['charts.bitnami.com', '*.github.io'] });
  });

  it.each([['*'], ['https://charts.bitnami.com'], ['10.0.0.1/8'], ['Charts.Example.com']])(
    'rejects the allowed host %s naming the key',
    host => {
      expect(() =>
        readHelmRepositoryPolicy(new ConfigReader({ mlops: { helmRepositories: { allowedHosts: ['ok.example.com', host] } } })),
      ).toThrow(`mlops.helmRepositories.allowedHosts[1]: must be a lower-case host name or *.suffix, got '${host}'`);
    },
  );
});
