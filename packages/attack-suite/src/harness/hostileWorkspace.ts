import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './Portal';
import type { GitStep, GitVariant } from './attackData';

/** One file of a dry-run request's `directoryContents`. */
export interface DirectoryFile {
  path: string;
  base64Content: string;
}

/** The folder of the dry-run's files that the template copies into the workspace. */
const SKELETON = 'skeleton';

/**
 * A workspace as an attacker would upload it: a real clone of the reference
 * platform (one commit, plus an uncommitted change so there is something to
 * commit and diff), with the variant's files written over it. Returned as
 * the dry-run request's directoryContents.
 */
export function buildHostileWorkspace(variant: GitVariant, marker: string): DirectoryFile[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attack-suite-clone-'));
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: dir,
        stdio: 'pipe',
        // The suite's own git runs must not be affected by anything either.
        env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: dir },
      });
    git('init', '--quiet', '--initial-branch=main');
    fs.cpSync(path.join(REPO_ROOT, 'gitops'), path.join(dir, 'gitops'), { recursive: true });
    git('add', '-A');
    git('-c', 'user.name=Attacker', '-c', 'user.email=attacker@invalid', 'commit', '--quiet', '-m', 'platform');
    // The component a revert would act on gets a second commit, so it has history.
    fs.appendFileSync(path.join(dir, 'gitops/components/orchestration/airflow.yaml'), '# tuned\n');
    git('-c', 'user.name=Attacker', '-c', 'user.email=attacker@invalid', 'commit', '--quiet', '-am', 'tune airflow');
    fs.writeFileSync(path.join(dir, 'attack-change.txt'), 'an uncommitted change\n');

    if (variant.gitDirAt) {
      fs.renameSync(path.join(dir, '.git'), path.join(dir, variant.gitDirAt));
    }
    for (const [name, content] of Object.entries(variant.files ?? {})) {
      const append = name.endsWith('+');
      const file = path.join(dir, append ? name.slice(0, -1) : name);
      const text = content.replaceAll('{marker}', marker);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      if (append) fs.appendFileSync(file, text);
      else fs.writeFileSync(file, text);
    }
    const files: DirectoryFile[] = [];
    const walk = (d: string) => {
      for (const name of fs.readdirSync(d)) {
        const p = path.join(d, name);
        if (fs.lstatSync(p).isDirectory()) walk(p);
        else {
          files.push({
            path: `${SKELETON}/${path.relative(dir, p).split(path.sep).join('/')}`,
            base64Content: fs.readFileSync(p).toString('base64'),
          });
        }
      }
    };
    walk(dir);
    return files;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A template that copies the uploaded skeleton into the workspace, then runs `step` on it. */
export function dryRunTemplate(step: GitStep): unknown {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: `attack-hostile-workspace-${step.id}` },
    spec: {
      owner: 'group:default/platform-admins',
      type: 'attack',
      parameters: [],
      steps: [
        { id: 'fetch', name: 'Fetch the workspace', action: 'fetch:plain', input: { url: `./${SKELETON}`, targetPath: 'clone' } },
        { id: step.id, name: step.action, action: step.action, input: step.input },
      ],
    },
  };
}
