import fs from 'node:fs';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';
import { GitopsTargetConfig } from '../config';
import { actionInputSchema } from '../gitops/common';
import { parseInput } from '../gitops/validation';
import { resolveInside } from '../gitops/workspacePaths';
import { cloneIntoWorkspace, WorkspaceClone } from '../gitops/WorkspaceClone';
import { examples } from './gitClone.examples';

const ACTION_ID = 'mlops:git:clone';

/** Input of `mlops:git:clone`. */
export const gitCloneInputSchema = z.object({
  targetPath: z
    .string()
    .max(200)
    .default('gitops')
    .describe('Workspace folder to clone into (must not exist or be empty)'),
});

/**
 * `mlops:git:clone`: clones the local GitOps repository
 * (`mlops.gitops.local.repoDir`, branch `mlops.gitops.local.branch`) into
 * the workspace, with its history (mlops:revert needs it). The local
 * counterpart of `fetch:plain`. The clone gets the portal's own config and
 * a marker tied to this backend process and this folder: the other git
 * actions run only on such clones.
 * @public
 */
export function createGitCloneAction(options: { target?: GitopsTargetConfig }) {
  return createTemplateAction({
    id: ACTION_ID,
    description: 'Clones the local GitOps repository (mlops.gitops.local) into the workspace',
    examples,
    supportsDryRun: true,
    schema: {
      input: actionInputSchema(gitCloneInputSchema),
      output: {
        gitRoot: zs => zs.string().describe('Workspace folder of the clone'),
        repoPath: zs => zs.string().describe('Workspace folder of the Flux tree'),
        commit: zs => zs.string().describe('Commit cloned'),
      },
    },
    async handler(ctx) {
      const input = parseInput(gitCloneInputSchema, ctx.input, ACTION_ID);
      const target = options.target;
      if (target?.mode !== 'local' || !target.repoDir) {
        throw new InputError(
          'mlops:git:clone needs mlops.gitops.local.repoDir (and mode local) in app-config',
        );
      }
      const dest = resolveInside(ctx.workspacePath, input.targetPath, 'targetPath');
      if (fs.existsSync(dest) && fs.readdirSync(dest).length > 0) {
        throw new InputError(`targetPath: '${input.targetPath}' exists and is not empty`);
      }
      // Cloning only reads the local repository, so it also runs in dry-run:
      // the edit steps after it need the files to show their diff.
      await ctx.checkpoint({
        key: `mlops.git.clone.${input.targetPath}`,
        fn: async () => {
          await cloneIntoWorkspace({ repoDir: target.repoDir!, branch: target.branch, dest });
        },
      });
      // Read back through the same check every later step makes.
      const clone = await WorkspaceClone.open(dest, 'targetPath', input.targetPath);
      await clone.close();
      ctx.output('gitRoot', input.targetPath);
      ctx.output('repoPath', [input.targetPath, target.path].filter(Boolean).join('/'));
      ctx.output('commit', clone.base);
    },
  });
}
