import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { AuthService } from '@backstage/backend-plugin-api';
import { z } from 'zod/v3';
import { GitopsTargetConfig } from '../config';
import { actionInputSchema, entityRefField } from '../gitops/common';
import { GitAuthor, isValidBranchName, localRepoGitDir, runGit } from '../gitops/git';
import { parseInput } from '../gitops/validation';
import { withWorkspaceClone } from '../gitops/WorkspaceClone';
import { mayActFor, normalizeRef, resolveCaller } from '../ownership/caller';
import { commitMessageProblem, readTrailers, withTrailers } from '../ownership/changeTrailers';
import { examples } from './gitBranch.examples';

const ACTION_ID = 'mlops:git:branch';

/** Input of `mlops:git:branch`. */
export const gitBranchInputSchema = z.object({
  gitRoot: z
    .string()
    .max(200)
    .default('gitops')
    .describe('Workspace folder of the clone (from mlops:git:clone)'),
  branchName: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, {
      message: 'must be a branch name of letters, digits, ".", "_", "-" and "/"',
    })
    .describe('Branch to create or update, e.g. mlops/helmrelease-add/redis-operator'),
  commitMessage: z.string().min(1).max(10000).describe('Commit message (any text)'),
  owner: entityRefField('group:default/ml-team')
    .optional()
    .describe(
      'Group the change is made for (you must be a member); default: you. Members of that group may replace the branch later, nobody else',
    ),
});

/** A commit of the configured repository, read with `cat-file`. */
interface RemoteCommit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
}

/**
 * `mlops:git:branch`: commits the workspace clone's changes on a branch and
 * pushes it into the local GitOps repository (`mlops.gitops.local.repoDir`,
 * named by path: never a remote of the workspace's config). The branch is
 * always cut from the commit the clone was made at; re-running with the
 * same result leaves the branch as it is, a different result replaces it,
 * but only when the branch's last change was made for the same owner (its
 * Mlops-Portal-Owner/-Requested-By trailers), so nobody replaces another
 * team's change.
 * @public
 */
export function createGitBranchAction(options: {
  target?: GitopsTargetConfig;
  defaultAuthor?: GitAuthor;
  catalog?: CatalogService;
  auth?: AuthService;
  /** Called after a branch was pushed (e.g. to tell open pages the change branches changed). */
  onBranchPushed?: (branch: string) => void;
}) {
  return createTemplateAction({
    id: ACTION_ID,
    description: 'Commits the changes of a clone on a branch and pushes it to the local GitOps repository',
    examples,
    supportsDryRun: true,
    schema: {
      input: actionInputSchema(gitBranchInputSchema),
      output: {
        branch: zs => zs.string(),
        commit: zs => zs.string().describe('Commit at the tip of the branch (empty when nothing changed)'),
        changed: zs => zs.boolean().describe('False when the clone had no change (no branch made)'),
        remoteUrl: zs => zs.string().describe('file:// URL of the repository holding the branch'),
        diffCommand: zs => zs.string().describe('Command that shows the change'),
        diff: zs => zs.string().describe('Unified diff of the branch against its base'),
      },
    },
    async handler(ctx) {
      const input = parseInput(gitBranchInputSchema, ctx.input, ACTION_ID);
      const target = options.target;
      if (target?.mode !== 'local' || !target.repoDir) {
        throw new InputError('mlops:git:branch needs mlops.gitops.local.repoDir (and mode local) in app-config');
      }
      const repoDir = target.repoDir;
      const messageProblem = commitMessageProblem(input.commitMessage);
      if (messageProblem) throw new InputError(`commitMessage: ${messageProblem}`);
      if (input.branchName === target.branch || !(await isValidBranchName(input.branchName))) {
        throw new InputError(
          `branchName: '${input.branchName}' is not a valid new branch name (git check-ref-format), or is the base branch`,
        );
      }
      const caller = await resolveCaller(ctx, options, ACTION_ID);
      const owner = input.owner ? normalizeRef(input.owner, 'group') : caller.userRef;
      if (input.owner && !mayActFor(caller, owner)) {
        throw new NotAllowedError(
          `owner: ${caller.userRef} is not a member of ${owner}; a change can be made only for yourself or a group you belong to`,
        );
      }
      const author = options.defaultAuthor ?? { name: 'MLOps Portal', email: 'portal@mlops-portal.invalid' };
      const remoteUrl = `file://${repoDir}`;
      const diffCommand = `git -C ${repoDir} diff ${target.branch}...${input.branchName}`;
      ctx.output('branch', input.branchName);
      ctx.output('remoteUrl', remoteUrl);
      ctx.output('diffCommand', diffCommand);

      await withWorkspaceClone(ctx.workspacePath, input.gitRoot, 'gitRoot', async clone => {
        if (clone.branch !== target.branch) {
          throw new InputError(
            `gitRoot: '${input.gitRoot}' is a clone of branch '${clone.branch}', not of the base branch '${target.branch}'`,
          );
        }
        const base = clone.base;
        await clone.git(['add', '--all', '--', '.']);
        const diff = await clone.git([
          'diff', '--cached', '--no-color', '--no-ext-diff', '--no-textconv', '--ignore-submodules=all', base, '--',
        ]);
        ctx.output('diff', diff);
        if (!diff) {
          ctx.logger.info('No change to commit; no branch made');
          ctx.output('changed', false);
          ctx.output('commit', '');
          return;
        }
        ctx.output('changed', true);
        const tree = (await clone.git(['write-tree'])).trim();
        const existing = await readBranch(repoDir, input.branchName);
        if (existing && existing.tree === tree && existing.parents.join(' ') === base) {
          // A rerun with the same change: nothing to write.
          ctx.logger.info(`Branch ${input.branchName} already holds this change`);
          ctx.output('commit', existing.sha);
          return;
        }
        if (existing) {
          const made = readTrailers(existing.message);
          const sameOwner = made.owner !== undefined && mayActFor(caller, made.owner);
          const sameRequester = made.requester !== undefined && safeUserRef(made.requester) === caller.userRef;
          if (!sameOwner && !sameRequester) {
            throw new NotAllowedError(
              `branchName: branch '${input.branchName}' of the GitOps repository holds a change made for ${
                made.owner ?? 'an owner the portal did not record'
              }${made.requester ? ` (requested by ${made.requester})` : ''}; ${caller.userRef} may not replace it`,
            );
          }
        }
        if (ctx.isDryRun) {
          ctx.output('commit', '');
          return;
        }
        const commit = await ctx.checkpoint({
          key: `mlops.git.branch.${input.branchName}`,
          fn: async () => {
            // commit-tree runs no hooks; the parent is the clone's base, not
            // whatever the workspace's HEAD says.
            const sha = (
              await clone.git(
                ['commit-tree', tree, '-p', base, '-m', withTrailers(input.commitMessage, { owner, requester: caller.userRef })],
                { author },
              )
            ).trim();
            // The lease makes the push fail if the branch moved since it was
            // checked (or appeared, when it did not exist).
            await clone.git(
              [
                'push', '--quiet', '--no-verify',
                `--force-with-lease=refs/heads/${input.branchName}:${existing?.sha ?? ''}`,
                '--', repoDir, `${sha}:refs/heads/${input.branchName}`,
              ],
              { localTransport: true },
            );
            return sha;
          },
        });
        ctx.logger.info(`Pushed ${input.branchName} to ${remoteUrl}; see: ${diffCommand}`);
        options.onBranchPushed?.(input.branchName);
        ctx.output('commit', commit);
      });
    },
  });
}

function safeUserRef(ref: string): string | undefined {
  try {
    return normalizeRef(ref, 'user');
  } catch {
    return undefined;
  }
}

/** The tip of `branch` in the configured repository, read directly (it is the portal's own). */
async function readBranch(repoDir: string, branch: string): Promise<RemoteCommit | undefined> {
  const gitDir = localRepoGitDir(repoDir);
  const sha = (
    await runGit(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`], { gitDir, okExitCodes: [1] })
  ).trim();
  if (!sha) return undefined;
  const raw = await runGit(['cat-file', 'commit', sha], { gitDir });
  const split = raw.indexOf('\n\n');
  const header = split < 0 ? raw : raw.slice(0, split);
  const message = split < 0 ? '' : raw.slice(split + 2);
  const lines = header.split('\n');
  return {
    sha,
    tree: lines.find(l => l.startsWith('tree '))?.slice(5) ?? '',
    parents: lines.filter(l => l.startsWith('parent ')).map(l => l.slice(7)),
    message,
  };
}
