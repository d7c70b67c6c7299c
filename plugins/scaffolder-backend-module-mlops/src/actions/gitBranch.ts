import fs from 'node:fs';
import path from 'node:path';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';
import { GitopsTargetConfig } from '../config';
import { actionInputSchema } from '../gitops/common';
import { git, GitAuthor, isValidBranchName } from '../gitops/git';
import { parseInput } from '../gitops/validation';
import { resolveInside } from '../gitops/workspacePaths';
import { examples } from './gitBranch.examples';

const ACTION_ID = 'mlops:git:branch';

/** Input of `mlops:git:branch`. */
export const gitBranchInputSchema = z.object({
  gitRoot: z.string().default('gitops').describe('Workspace folder of the clone (from mlops:git:clone)'),
  branchName: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, {
      message: 'must be a branch name of letters, digits, ".", "_", "-" and "/"',
    })
    .describe('Branch to create or update, e.g. mlops/helmrelease-add/redis-operator'),
  commitMessage: z.string().min(1).max(10000).describe('Commit message (any text)'),
});

/**
 * `mlops:git:branch`: commits the workspace clone's changes on a branch and
 * pushes it into the local GitOps repository (`mlops.gitops.local.repoDir`).
 * The branch is always cut from the configured base branch; re-running with
 * the same result leaves the branch as it is, a different result replaces it
 * (force push), so reruns never fail because the branch exists.
 * @public
 */
export function createGitBranchAction(options: {
  target?: GitopsTargetConfig;
  defaultAuthor?: GitAuthor;
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
      const dir = resolveInside(ctx.workspacePath, input.gitRoot, 'gitRoot');
      if (!fs.existsSync(path.join(dir, '.git'))) {
        throw new InputError(`gitRoot: '${input.gitRoot}' is not a Git clone (run mlops:git:clone first)`);
      }
      if (input.branchName === target.branch || !(await isValidBranchName(dir, input.branchName))) {
        throw new InputError(
          `branchName: '${input.branchName}' is not a valid new branch name (git check-ref-format), or is the base branch`,
        );
      }
      const author = options.defaultAuthor ?? { name: 'MLOps Portal', email: 'portal@mlops-portal.invalid' };
      const base = (await git(dir, ['rev-parse', 'HEAD'])).trim();
      await git(dir, ['add', '--all']);
      const diff = await git(dir, ['diff', '--cached', '--no-color', base]);
      const remoteUrl = `file://${target.repoDir}`;
      const diffCommand = `git -C ${target.repoDir} diff ${target.branch}...${input.branchName}`;
      ctx.output('branch', input.branchName);
      ctx.output('remoteUrl', remoteUrl);
      ctx.output('diffCommand', diffCommand);
      ctx.output('diff', diff);
      if (!diff) {
        ctx.logger.info('No change to commit; no branch made');
        ctx.output('changed', false);
        ctx.output('commit', '');
        return;
      }
      ctx.output('changed', true);
      if (ctx.isDryRun) {
        ctx.output('commit', '');
        return;
      }
      const commit = await ctx.checkpoint({
        key: `mlops.git.branch.${input.branchName}`,
        fn: async () => {
          await git(dir, ['commit', '--quiet', '--no-verify', '-m', input.commitMessage], { author });
          const head = (await git(dir, ['rev-parse', 'HEAD'])).trim();
          const tree = (await git(dir, ['rev-parse', 'HEAD^{tree}'])).trim();
          // Same change already on the branch (a rerun)? Then leave it.
          const remote = (await git(dir, ['ls-remote', 'origin', `refs/heads/${input.branchName}`])).trim();
          if (remote) {
            const remoteSha = remote.split(/\s+/)[0];
            await git(dir, ['fetch', '--quiet', 'origin', `refs/heads/${input.branchName}`]);
            const remoteTree = (await git(dir, ['rev-parse', `${remoteSha}^{tree}`])).trim();
            const remoteParent = (await git(dir, ['rev-parse', `${remoteSha}^`])).trim();
            if (remoteTree === tree && remoteParent === base) {
              ctx.logger.info(`Branch ${input.branchName} already holds this change`);
              return remoteSha;
            }
          }
          await git(dir, ['push', '--quiet', '--force', 'origin', `HEAD:refs/heads/${input.branchName}`]);
          return head;
        },
      });
      ctx.logger.info(`Pushed ${input.branchName} to ${remoteUrl}; see: ${diffCommand}`);
      ctx.output('commit', commit);
    },
  });
}
