import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ConflictError, InputError } from '@backstage/errors';
import { z } from 'zod/v3';
import type { MlProjectsLocalConfig } from '../config';
import { actionInputSchema } from '../gitops/common';
import { git, GitAuthor } from '../gitops/git';
import { parseInput } from '../gitops/validation';
import { resolveInside } from '../gitops/workspacePaths';
import {
  CATALOG_INFO_FILE,
  projectRepoDir,
} from '../mlProject/localProjectRepos';
import { examples } from './mlProjectPublishLocal.examples';

const ACTION_ID = 'mlops:ml-project:publish-local';

/** Input of `mlops:ml-project:publish-local`. */
export const mlProjectPublishLocalInputSchema = z.object({
  name: z
    .string()
    .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, {
      message: 'must be lower-case letters, digits and "-", starting with a letter',
    })
    .max(40)
    .describe('Project name: the repository is <reposDir>/<name>'),
  sourcePath: z
    .string()
    .default('project')
    .describe('Workspace folder with the project source (from mlops:ml-project:create)'),
  commitMessage: z.string().min(1).max(10000).default('New ML project').describe('Commit message'),
});

/**
 * `mlops:ml-project:publish-local`: the local mode's publish:github. Makes
 * the project source a Git repository of its own in
 * `mlops.mlProjects.local.reposDir/<name>` (real `git`, branch main), with
 * the files checked out so the catalog can read its catalog-info.yaml. A
 * rerun with the same source changes nothing; a different source becomes a
 * new commit on main. Nothing is written anywhere else; dry-run writes
 * nothing at all.
 * @public
 */
export function createMlProjectPublishLocalAction(options: {
  mlProjects?: MlProjectsLocalConfig;
  defaultAuthor?: GitAuthor;
}) {
  return createTemplateAction({
    id: ACTION_ID,
    description:
      'Commits an ML project source as its own local Git repository under mlops.mlProjects.local.reposDir',
    examples,
    supportsDryRun: true,
    schema: {
      input: actionInputSchema(mlProjectPublishLocalInputSchema),
      output: {
        repoDir: zs => zs.string().describe('Absolute folder of the project repository'),
        remoteUrl: zs => zs.string().describe('file:// URL of the project repository'),
        catalogInfoPath: zs => zs.string().describe('Absolute path of its catalog-info.yaml'),
        commit: zs => zs.string().describe('Commit on main (empty in dry-run)'),
        changed: zs => zs.boolean().describe('False when the repository already held this source'),
      },
    },
    async handler(ctx) {
      const input = parseInput(mlProjectPublishLocalInputSchema, ctx.input, ACTION_ID);
      const reposDir = options.mlProjects?.reposDir;
      if (!reposDir) {
        throw new InputError(
          'mlops.mlProjects.local.reposDir is not configured: set it in app-config to publish ML projects locally',
        );
      }
      const source = resolveInside(ctx.workspacePath, input.sourcePath, 'sourcePath');
      // In a dry-run mlops:ml-project:create writes nothing, so there is
      // nothing to check yet.
      if (!ctx.isDryRun && !fs.existsSync(path.join(source, CATALOG_INFO_FILE))) {
        throw new InputError(
          `sourcePath: '${input.sourcePath}' has no ${CATALOG_INFO_FILE} (run mlops:ml-project:create first)`,
        );
      }
      const repoDir = projectRepoDir(reposDir, input.name);
      const exists = fs.existsSync(repoDir);
      if (exists && !fs.existsSync(path.join(repoDir, '.git'))) {
        throw new ConflictError(
          `name: ${repoDir} exists and is not a Git repository; choose another name or remove it`,
        );
      }
      ctx.output('repoDir', repoDir);
      ctx.output('remoteUrl', `file://${repoDir}`);
      ctx.output('catalogInfoPath', path.join(repoDir, CATALOG_INFO_FILE));
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would commit ${input.sourcePath} to ${repoDir}`);
        ctx.output('commit', '');
        ctx.output('changed', true);
        return;
      }
      const author = options.defaultAuthor ?? { name: 'MLOps Portal', email: 'portal@mlops-portal.invalid' };
      const result = await ctx.checkpoint({
        key: `mlops.ml-project.publish-local.${input.name}`,
        fn: async () => {
          const created = !exists;
          try {
            return await commitSource(repoDir, source, created, input.commitMessage, author);
          } catch (e) {
            // A repository made by this run goes again; an existing one only
            // gained unreferenced objects (its branch moves last).
            if (created) fs.rmSync(repoDir, { recursive: true, force: true });
            throw e;
          }
        },
      });
      ctx.logger.info(
        result.changed
          ? `Committed ${input.name} as ${result.commit.slice(0, 12)} on main of ${repoDir}`
          : `${repoDir} already holds this source`,
      );
      ctx.output('commit', result.commit);
      ctx.output('changed', result.changed);
    },
  });
}

/**
 * Commits the content of `source` as the next commit on main of the
 * repository in `repoDir`, without touching the workspace: the tree is
 * built with a temporary index over `source` as work tree, then checked out
 * into `repoDir` so its files are what the catalog reads.
 */
async function commitSource(
  repoDir: string,
  source: string,
  create: boolean,
  message: string,
  author: GitAuthor,
): Promise<{ commit: string; changed: boolean }> {
  if (create) {
    fs.mkdirSync(repoDir, { recursive: true });
    await git(repoDir, ['init', '--quiet', '--initial-branch=main']);
  }
  const gitDir = path.join(repoDir, '.git');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-publish-'));
  const env = { GIT_INDEX_FILE: path.join(tmp, 'index') };
  try {
    const withSource = ['--git-dir', gitDir, '--work-tree', source];
    await git(source, [...withSource, 'add', '--all', '--force', '.'], { env });
    const tree = (await git(source, [...withSource, 'write-tree'], { env })).trim();
    let head: string | undefined;
    try {
      head = (await git(repoDir, ['rev-parse', '--verify', '--quiet', 'refs/heads/main'])).trim();
    } catch {
      head = undefined;
    }
    if (head && (await git(repoDir, ['rev-parse', `${head}^{tree}`])).trim() === tree) {
      return { commit: head, changed: false };
    }
    const commit = (
      await git(repoDir, ['commit-tree', tree, ...(head ? ['-p', head] : []), '-m', message], { author })
    ).trim();
    await git(repoDir, ['update-ref', 'refs/heads/main', commit, ...(head ? [head] : [])]);
    await git(repoDir, ['symbolic-ref', 'HEAD', 'refs/heads/main']);
    // Index and files of the repository follow main (the repository is the
    // portal's own; nobody edits it by hand).
    await git(repoDir, ['read-tree', '--reset', '-u', 'HEAD']);
    return { commit, changed: true };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
