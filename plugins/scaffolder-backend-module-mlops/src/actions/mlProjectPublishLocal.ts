import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { InputError } from '@backstage/errors';
import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { z } from 'zod/v3';
import type { MlProjectsLocalConfig } from '../config';
import { actionInputSchema } from '../gitops/common';
import { GitAuthor, runGit } from '../gitops/git';
import { nestedGitEntry } from '../gitops/portalRepos';
import { parseInput } from '../gitops/validation';
import { resolveInside } from '../gitops/workspacePaths';
import {
  CATALOG_INFO_FILE,
  projectRepoDir,
} from '../mlProject/localProjectRepos';
import { assertMayWriteProject } from '../mlProject/projectOwnership';
import { assertProjectRepo, initProjectRepo, ownerOfCatalogInfo } from '../mlProject/projectRepo';
import { resolveCaller } from '../ownership/caller';
import { commitMessageProblem } from '../ownership/changeTrailers';
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
    .max(200)
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
 * nothing at all. An existing project is written only for its owner (the
 * owner in its catalog-info.yaml on main and in the catalog; the caller must
 * be a member), and never re-assigned to another owner; a source holding a
 * `.git` anywhere is refused, so nothing in it steers git.
 * @public
 */
export function createMlProjectPublishLocalAction(options: {
  mlProjects?: MlProjectsLocalConfig;
  defaultAuthor?: GitAuthor;
  catalog?: CatalogService;
  auth?: AuthService;
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
      const messageProblem = commitMessageProblem(input.commitMessage);
      if (messageProblem) throw new InputError(`commitMessage: ${messageProblem}`);
      const source = resolveInside(ctx.workspacePath, input.sourcePath, 'sourcePath');
      const repoDir = projectRepoDir(reposDir, input.name);
      const exists = fs.existsSync(repoDir);
      if (exists) assertProjectRepo(repoDir);
      ctx.output('repoDir', repoDir);
      ctx.output('remoteUrl', `file://${repoDir}`);
      ctx.output('catalogInfoPath', path.join(repoDir, CATALOG_INFO_FILE));
      // In a dry-run mlops:ml-project:create writes nothing, so there is
      // nothing to check yet.
      if (ctx.isDryRun && !fs.existsSync(source)) {
        ctx.logger.info(`Dry run: would commit ${input.sourcePath} to ${repoDir}`);
        ctx.output('commit', '');
        ctx.output('changed', true);
        return;
      }
      const catalogInfo = resolveInside(ctx.workspacePath, path.join(input.sourcePath, CATALOG_INFO_FILE), 'sourcePath');
      if (!fs.statSync(catalogInfo, { throwIfNoEntry: false })?.isFile()) {
        throw new InputError(
          `sourcePath: '${input.sourcePath}' has no ${CATALOG_INFO_FILE} (run mlops:ml-project:create first)`,
        );
      }
      const nested = nestedGitEntry(source, { allowTop: false });
      if (nested) {
        throw new InputError(
          `sourcePath: '${input.sourcePath}' holds a Git repository at '${nested}'; a project source is plain files`,
        );
      }
      const owner = ownerOfCatalogInfo(fs.readFileSync(catalogInfo, 'utf8'));
      if (!owner) {
        throw new InputError(`sourcePath: ${CATALOG_INFO_FILE} of '${input.sourcePath}' has no Component with an owner`);
      }
      const caller = await resolveCaller(ctx, options, ACTION_ID);
      await assertMayWriteProject(input.name, owner, caller, { ...options, reposDir });
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
  if (create) await initProjectRepo(repoDir);
  assertProjectRepo(repoDir);
  const gitDir = path.join(repoDir, '.git');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-publish-'));
  const indexFile = path.join(tmp, 'index');
  try {
    // The source is only a work tree here: its files are read, nothing in
    // it is configuration (git reads no .git below it, and .gitattributes
    // can name no filter or textconv the canonical config does not have).
    await runGit(['add', '--all', '--force', '--', '.'], { gitDir, workTree: source, indexFile });
    const tree = (await runGit(['write-tree'], { gitDir, workTree: source, indexFile })).trim();
    const head =
      (
        await runGit(['rev-parse', '--verify', '--quiet', 'refs/heads/main^{commit}'], { gitDir, okExitCodes: [1] })
      ).trim() || undefined;
    if (head && (await runGit(['rev-parse', `${head}^{tree}`], { gitDir })).trim() === tree) {
      return { commit: head, changed: false };
    }
    const commit = (
      await runGit(['commit-tree', tree, ...(head ? ['-p', head] : []), '-m', message], { gitDir, author })
    ).trim();
    await runGit(['update-ref', 'refs/heads/main', commit, ...(head ? [head] : [])], { gitDir });
    await runGit(['symbolic-ref', 'HEAD', 'refs/heads/main'], { gitDir });
    // Index and files of the repository follow main (the repository is the
    // portal's own; nobody edits it by hand).
    await runGit(['read-tree', '--reset', '-u', 'HEAD'], { gitDir, workTree: repoDir });
    return { commit, changed: true };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
