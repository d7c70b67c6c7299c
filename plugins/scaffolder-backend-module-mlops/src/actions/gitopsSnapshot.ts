import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import { actionInputSchema, repoPathField, resolveRepoRoot } from '../gitops/common';
import { parseInput } from '../gitops/validation';
import { pathInRepoField, readTree, writePreviewBase } from '../gitops/previewBase';
import { examples } from './gitopsSnapshot.examples';

const ACTION_ID = 'mlops:gitops:snapshot';

/** Input of `mlops:gitops:snapshot`. */
export const gitopsSnapshotInputSchema = z.object({
  repoPath: repoPathField(),
  pathInRepo: pathInRepoField(),
});

/**
 * `mlops:gitops:snapshot`: keeps the YAML files of a fresh GitOps checkout
 * (the base commit), before a template changes it, for `mlops:gitops:preview`.
 * Reads only inside the workspace; writes one file outside the checkout.
 * @public
 */
export function createGitopsSnapshotAction() {
  return createTemplateAction({
    id: ACTION_ID,
    description: 'Keeps the GitOps checkout as it is before the change, for mlops:gitops:preview',
    examples,
    supportsDryRun: true,
    schema: {
      input: actionInputSchema(gitopsSnapshotInputSchema),
      output: {
        files: zs => zs.number().describe('YAML files kept'),
      },
    },
    async handler(ctx) {
      const input = parseInput(gitopsSnapshotInputSchema, ctx.input, ACTION_ID);
      const root = resolveRepoRoot(ctx.workspacePath, input.repoPath);
      const files = await readTree(root, input.pathInRepo);
      await writePreviewBase(ctx.workspacePath, input.repoPath, files);
      ctx.output('files', files.length);
    },
  });
}
