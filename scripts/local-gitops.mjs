#!/usr/bin/env node
// The local GitOps repository of `scripts/portal start`: a bare repository
// (<data dir>/gitops-remote.git) that software templates push change
// branches to, as they open pull requests in GitHub mode. The simulated
// cluster follows its main branch as Flux follows a repository
// (kube-sim --gitops-repo), and the catalog reads a checkout of main kept
// by a post-receive hook (<data dir>/gitops-remote-main), so a merged change
// reaches the catalog and the cluster as it would on a real platform.
//
//   node scripts/local-gitops.mjs merge <branch>   merge a change branch into main,
//                                                  as the merge button of a pull request
//   (scripts/portal merge <branch> runs this with the portal's Node)
//
// PORTAL_DATA_DIR selects the data directory (default .data).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const AUTHOR = ['-c', 'user.name=MLOps Portal', '-c', 'user.email=portal@mlops-portal.invalid'];
/** The seed's fingerprint, kept inside the bare repository (Git ignores unknown files there). */
const SEED_FILE = 'portal-seeded-from';

const git = (cwd, ...args) => execFileSync('git', args, { cwd, stdio: 'pipe' }).toString().trim();

/** Where the repository and its checkout of main live for a data directory. */
export function localGitopsPaths(dataDir) {
  const remote = resolve(dataDir, 'gitops-remote.git');
  return { remote, checkout: `${remote.slice(0, -'.git'.length)}-main`, catalogFolder: join(`${remote.slice(0, -'.git'.length)}-main`, 'gitops') };
}

/** A fingerprint of the checkout's gitops/ folder: every file's path and content. */
function fingerprint(folder) {
  const hash = createHash('sha256');
  const walk = dir => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) hash.update(`${relative(folder, p)}\0`).update(readFileSync(p)).update('\0');
    }
  };
  walk(folder);
  return hash.digest('hex');
}

function seed(remote, gitopsFolder, print) {
  print(`seeding the local GitOps repository ${remote} from gitops/`);
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  const work = mkdtempSync(resolve(tmpdir(), 'gitops-seed-'));
  try {
    git(work, 'init', '--quiet', '--initial-branch=main');
    cpSync(gitopsFolder, resolve(work, 'gitops'), { recursive: true });
    git(work, 'add', '-A');
    git(work, ...AUTHOR, 'commit', '--quiet', '-m', 'Reference platform from the portal repository');
    git(work, 'push', '--quiet', remote, 'main');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  writeFileSync(join(remote, SEED_FILE), `${fingerprint(gitopsFolder)}\n`);
}

/**
 * main checked out for the catalog on every push to main, by a post-receive
 * hook (the real-cluster tier does the same in packages/real-cluster/scripts/flux.sh).
 */
function installCheckout(remote, checkout) {
  mkdirSync(checkout, { recursive: true });
  const hook = join(remote, 'hooks', 'post-receive');
  mkdirSync(dirname(hook), { recursive: true });
  const quoted = `'${checkout.replace(/'/g, `'\\''`)}'`;
  writeFileSync(
    hook,
    `#!/bin/sh
# scripts/local-gitops.mjs: main checked out for the portal's catalog.
while read -r old new ref; do
  [ "$ref" = refs/heads/main ] && git --work-tree=${quoted} reset -q --hard main
done
exit 0
`,
  );
  chmodSync(hook, 0o755);
  execFileSync('git', [`--git-dir=${remote}`, `--work-tree=${checkout}`, 'reset', '-q', '--hard', 'main'], { stdio: 'pipe' });
}

/**
 * Makes sure the local GitOps repository exists, seeded from the checkout's
 * gitops/, with main checked out for the catalog. When gitops/ changed since
 * the repository was seeded (a developer edited the reference platform),
 * the old repository is kept beside it under a dated name, with its branches
 * and merges, and a new one is seeded: nothing is lost, and the portal
 * shows the platform of the checkout.
 */
export function ensureLocalGitopsRepo(dataDir, print = () => {}) {
  const { remote, checkout, catalogFolder } = localGitopsPaths(dataDir);
  const gitopsFolder = resolve(root, 'gitops');
  if (existsSync(remote)) {
    const seededFrom = existsSync(join(remote, SEED_FILE)) ? readFileSync(join(remote, SEED_FILE), 'utf8').trim() : '';
    if (seededFrom !== fingerprint(gitopsFolder)) {
      const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
      const kept = resolve(dataDir, `gitops-remote.${stamp}.git`);
      renameSync(remote, kept);
      rmSync(checkout, { recursive: true, force: true });
      print(`gitops/ changed since the local GitOps repository was seeded: kept it as ${kept}, seeding a new one`);
    }
  }
  if (!existsSync(remote)) seed(remote, gitopsFolder, print);
  installCheckout(remote, checkout);
  return { remote, checkout, catalogFolder };
}

/** Whether a name is a change branch the templates create (`mlops/<kind>/<name>`), nothing else. */
export function isChangeBranch(branch) {
  if (typeof branch !== 'string' || !/^mlops\/[a-z0-9][a-z0-9-]{0,62}(\/[a-zA-Z0-9][a-zA-Z0-9._-]{0,127})+$/.test(branch)) return false;
  try {
    execFileSync('git', ['check-ref-format', '--branch', branch], { stdio: 'pipe' });
    return !branch.includes('..') && !branch.endsWith('.lock');
  } catch {
    return false;
  }
}

/**
 * Merges a change branch into main with a merge commit, as a pull request's
 * merge button does, and pushes main (the hook refreshes the catalog's
 * checkout; the simulated cluster applies the new commit). Refuses anything
 * but a change branch, and a branch that does not merge cleanly.
 */
export function mergeChangeBranch(dataDir, branch) {
  if (!isChangeBranch(branch)) {
    throw new Error(`branch: '${branch}' is not a change branch (mlops/<kind>/<name>, as the software templates create)`);
  }
  const { remote } = localGitopsPaths(dataDir);
  if (!existsSync(remote)) throw new Error(`no local GitOps repository at ${remote}: start the portal once (scripts/portal start)`);
  const work = mkdtempSync(resolve(tmpdir(), 'gitops-merge-'));
  try {
    git(work, 'clone', '--quiet', '--no-checkout', remote, '.');
    try {
      git(work, 'rev-parse', '--verify', '--quiet', `refs/remotes/origin/${branch}`);
    } catch {
      throw new Error(`branch: '${branch}' does not exist in ${remote}`);
    }
    git(work, 'checkout', '--quiet', 'main');
    try {
      git(work, ...AUTHOR, 'merge', '--quiet', '--no-ff', '-m', `Merge branch '${branch}'`, `origin/${branch}`);
    } catch (e) {
      throw new Error(`branch: '${branch}' does not merge cleanly into main: ${String(e.stderr ?? e.message).trim().split('\n')[0]}`);
    }
    git(work, 'push', '--quiet', 'origin', 'main');
    return git(work, 'rev-parse', 'HEAD');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, branch] = process.argv.slice(2);
  const dataDir = resolve(root, process.env.PORTAL_DATA_DIR ?? '.data');
  if (command !== 'merge' || !branch) {
    console.error('usage: node scripts/local-gitops.mjs merge <branch>   (e.g. mlops/helmrelease-add/redis-operator)');
    process.exit(2);
  }
  try {
    const commit = mergeChangeBranch(dataDir, branch);
    console.log(`merged ${branch} into main of ${localGitopsPaths(dataDir).remote} (${commit.slice(0, 12)}); the simulated cluster applies it within seconds, the catalog at its next read`);
  } catch (e) {
    console.error(`merge failed: ${e.message}`);
    process.exit(1);
  }
}
