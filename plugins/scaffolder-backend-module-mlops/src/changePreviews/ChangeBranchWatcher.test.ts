import fs from 'node:fs';
import { mockServices } from '@backstage/backend-test-utils';
import { FLUX_REPO_FIXTURE } from '../__testUtils__/fixtureRepos';
import { gitSync, makeGitRepo } from '../__testUtils__/gitRepo';
import { ChangeBranchWatcher, localRefsFingerprint } from './ChangeBranchWatcher';

const local = (gitDir: string) => ({ fingerprint: localRefsFingerprint(gitDir), source: `the GitOps repository ${gitDir}` });

// Real git processes on a shared machine: generous timeouts (nothing here checks speed).
jest.setTimeout(60_000);

describe('ChangeBranchWatcher (real git repository)', () => {
  let repo: ReturnType<typeof makeGitRepo>;
  let onChange: jest.Mock;
  let watcher: ChangeBranchWatcher;
  const logger = mockServices.logger.mock();

  beforeEach(async () => {
    repo = makeGitRepo(FLUX_REPO_FIXTURE, 'platform');
    onChange = jest.fn();
    // A long interval: the test drives the checks itself.
    watcher = new ChangeBranchWatcher({ ...local(`${repo.dir}/.git`), onChange, logger, intervalMs: 3_600_000 });
    await watcher.start();
  });
  afterEach(() => {
    watcher.stop();
    repo.cleanup();
  });

  const commitOn = (branch: string, file: string) => {
    gitSync(repo.dir, 'checkout', '--quiet', '-B', branch, 'main');
    fs.writeFileSync(`${repo.dir}/platform/${file}`, `a: ${Math.random()}\n`);
    gitSync(repo.dir, 'add', '--all');
    gitSync(repo.dir, 'commit', '--quiet', '-m', `Change ${file}`);
    gitSync(repo.dir, 'checkout', '--quiet', 'main');
  };

  it('reports nothing while the branches stay as they are, packed or loose', async () => {
    await watcher.check();
    commitOn('mlops/settings-set/a', 'a.yaml');
    await watcher.check();
    expect(onChange).toHaveBeenCalledTimes(1);
    gitSync(repo.dir, 'pack-refs', '--all');
    await watcher.check();
    await watcher.check();
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('reports a branch that appears, moves, goes away, and a merge into the base branch', async () => {
    commitOn('mlops/helmrelease-bump/x', 'x.yaml');
    await watcher.check();
    expect(onChange).toHaveBeenCalledTimes(1);

    commitOn('mlops/helmrelease-bump/x', 'x2.yaml');
    await watcher.check();
    expect(onChange).toHaveBeenCalledTimes(2);

    gitSync(repo.dir, 'merge', '--quiet', '--no-edit', 'mlops/helmrelease-bump/x');
    await watcher.check();
    expect(onChange).toHaveBeenCalledTimes(3);

    gitSync(repo.dir, 'branch', '--quiet', '-D', 'mlops/helmrelease-bump/x');
    await watcher.check();
    expect(onChange).toHaveBeenCalledTimes(4);
  });

  it('runs one follow-up check for the checks asked for while one runs', async () => {
    commitOn('mlops/settings-set/b', 'b.yaml');
    await Promise.all([watcher.check(), watcher.check(), watcher.check()]);
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('polls on its own', async () => {
    const polling = new ChangeBranchWatcher({ ...local(`${repo.dir}/.git`), onChange, logger, intervalMs: 20 });
    await polling.start();
    try {
      commitOn('mlops/settings-set/c', 'c.yaml');
      const until = Date.now() + 30_000;
      while (!onChange.mock.calls.length && Date.now() < until) {
        await new Promise(r => setTimeout(r, 20));
      }
      expect(onChange).toHaveBeenCalled();
    } finally {
      polling.stop();
    }
  });

  it('logs once and carries on when the repository cannot be read', async () => {
    const warn = jest.fn();
    const broken = new ChangeBranchWatcher({
      ...local(`${repo.dir}/missing.git`),
      onChange,
      logger: { ...logger, warn },
      intervalMs: 3_600_000,
    });
    await broken.start();
    await broken.check();
    await broken.check();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toContain('Could not read the change branches of the GitOps repository');
    expect(onChange).not.toHaveBeenCalled();
    broken.stop();
  });
});
