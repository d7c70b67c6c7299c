import { createGitopsTargetAction } from './gitopsTarget';
import { examples } from './gitopsTarget.examples';
import { makeEmptyWorkspace } from '../__testUtils__/gitRepo';
import { exampleInput, runAction } from '../__testUtils__/runAction';

describe('mlops:gitops:target', () => {
  let ws: ReturnType<typeof makeEmptyWorkspace>;
  beforeEach(() => {
    ws = makeEmptyWorkspace();
  });
  afterEach(() => ws.cleanup());

  it.each(examples.map(e => [e.description, e.example]))('example: %s (local mode)', async (_d, example) => {
    const out = await runAction(
      createGitopsTargetAction({ target: { mode: 'local', repoDir: '/srv/gitops.git', branch: 'main', path: 'platform' } }),
      ws.workspacePath,
      exampleInput(example),
    );
    expect(out).toEqual({
      mode: 'local',
      targetBranch: 'main',
      pathInRepo: 'platform',
      gitRoot: 'gitops',
      repoUrl: 'file:///srv/gitops.git',
      fetchUrl: 'file:///srv/gitops.git',
      repoPath: 'gitops/platform',
    });
  });

  it('reports GitHub with a fetch:plain URL for the Flux tree', async () => {
    const out = await runAction(
      createGitopsTargetAction({ target: { mode: 'github', repoUrl: 'github.com?owner=acme&repo=platform', branch: 'main', path: 'gitops' } }),
      ws.workspacePath,
      {},
    );
    expect(out).toMatchObject({
      mode: 'github',
      fetchUrl: 'https://github.com/acme/platform/tree/main/gitops',
      repoPath: 'gitops',
      repoUrl: 'github.com?owner=acme&repo=platform',
    });
  });

  describe('githubModeRequires', () => {
    const github = createGitopsTargetAction({
      target: { mode: 'github', repoUrl: 'github.com?owner=acme&repo=platform', branch: 'main', path: '' },
    });
    const local = createGitopsTargetAction({ target: { mode: 'local', repoDir: '/srv/gitops.git', branch: 'main', path: '' } });

    it('local mode: empty or missing values are fine (the local mode does not use them)', async () => {
      const out = await runAction(local, ws.workspacePath, {
        githubModeRequires: [
          { parameter: 'sourceOwner', value: '' },
          { parameter: 'sourceRepo' },
          { parameter: 'other', value: null },
        ],
      });
      expect(out.mode).toBe('local');
    });

    it('GitHub mode: a missing value fails the step, naming every missing field', async () => {
      await expect(
        runAction(github, ws.workspacePath, {
          githubModeRequires: [
            { parameter: 'sourceOwner', value: 'acme' },
            { parameter: 'sourceRepo', value: '  ' },
          ],
        }),
      ).rejects.toThrow("sourceRepo: is required when the portal publishes to GitHub (mlops.gitops mode 'github')");
      const both = runAction(github, ws.workspacePath, {
        githubModeRequires: [{ parameter: 'sourceOwner' }, { parameter: 'sourceRepo', value: null }],
      });
      await expect(both).rejects.toThrow(/^sourceOwner: is required .*; sourceRepo: is required /);
    });

    it('GitHub mode: with the values present it reports the target', async () => {
      const out = await runAction(github, ws.workspacePath, {
        githubModeRequires: [
          { parameter: 'sourceOwner', value: 'acme' },
          { parameter: 'sourceRepo', value: 'churn-model' },
        ],
      });
      expect(out).toMatchObject({ mode: 'github', fetchUrl: 'https://github.com/acme/platform/tree/main' });
    });

    it('refuses a name that is not a parameter name', async () => {
      await expect(runAction(local, ws.workspacePath, { githubModeRequires: [{ parameter: 'a b', value: 'x' }] })).rejects.toThrow(
        /githubModeRequires\.0\.parameter: must be a template parameter name/,
      );
    });
  });

  it('without config: a clear error', async () => {
    await expect(runAction(createGitopsTargetAction({}), ws.workspacePath, {})).rejects.toThrow(/mlops.gitops is not configured/);
  });

  it('refuses a checkout folder that is a path', async () => {
    await expect(
      runAction(createGitopsTargetAction({ target: { mode: 'local', repoDir: '/r', branch: 'main', path: '' } }), ws.workspacePath, {
        checkoutPath: '../x',
      }),
    ).rejects.toThrow(/checkoutPath: must be a single folder name/);
  });
});
