import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import {
  computeChangePreview,
  renderChangePreviewMarkdown,
} from '@mlops-portal/plugin-mlops-node';
import { actionInputSchema, repoPathField, resolveRepoRoot } from '../gitops/common';
import { parseInput } from '../gitops/validation';
import { pathInRepoField, readPreviewBase, readTree } from '../gitops/previewBase';
import { examples } from './gitopsPreview.examples';

const ACTION_ID = 'mlops:gitops:preview';
/**
 * Longest Markdown output: it goes into commit messages (mlops:git:branch
 * takes 10,000 characters) and pull request descriptions.
 */
export const MAX_PREVIEW_MARKDOWN = 8000;

/** Cuts Markdown at a line end below `max` and says so. */
export function capMarkdown(markdown: string, max = MAX_PREVIEW_MARKDOWN): string {
  if (markdown.length <= max) return markdown;
  const note = '\n\n… (preview cut here: the change is larger; the structured output `preview` has all of it)\n';
  const cut = markdown.lastIndexOf('\n', max - note.length);
  return `${markdown.slice(0, Math.max(0, cut))}${note}`;
}

/** Input of `mlops:gitops:preview`. */
export const gitopsPreviewInputSchema = z.object({
  repoPath: repoPathField(),
  pathInRepo: pathInRepoField(),
});

/**
 * `mlops:gitops:preview`: after a template has changed its GitOps checkout
 * and before it commits or publishes, compares the checkout with the tree
 * `mlops:gitops:snapshot` kept: Flux/Kubernetes objects added, changed
 * (field paths, old → new for short values) and removed, and the Flux
 * Kustomizations (layers) affected, transitively through `dependsOn`.
 * Outputs it structured and as Markdown (task page, pull request, branch).
 * @public
 */
export function createGitopsPreviewAction() {
  return createTemplateAction({
    id: ACTION_ID,
    description:
      'Shows what a GitOps change does to the platform: objects added, changed and removed, layers affected',
    examples,
    supportsDryRun: true,
    schema: {
      input: actionInputSchema(gitopsPreviewInputSchema),
      output: {
        preview: zs =>
          zs
            .any()
            .describe('filesChanged, added, changed (with fields), removed, affectedLayers, warnings'),
        markdown: zs => zs.string().describe(`The preview as Markdown (at most ${MAX_PREVIEW_MARKDOWN} characters)`),
        summary: zs => zs.string().describe('One line: counts of objects and layers'),
      },
    },
    async handler(ctx) {
      const input = parseInput(gitopsPreviewInputSchema, ctx.input, ACTION_ID);
      const root = resolveRepoRoot(ctx.workspacePath, input.repoPath);
      const before = await readPreviewBase(ctx.workspacePath, input.repoPath);
      const after = await readTree(root, input.pathInRepo);
      const preview = computeChangePreview(before, after);
      ctx.output('preview', preview as any);
      // The change actions write nothing in a dry run (the template editor's
      // "dry run"): say so instead of "no file changes".
      const dryRunNote =
        ctx.isDryRun && !preview.filesChanged.length
          ? '_Dry run: the change step wrote nothing, so the preview is empty; the real run previews the change._\n\n'
          : '';
      ctx.output('markdown', capMarkdown(dryRunNote + renderChangePreviewMarkdown(preview)));
      ctx.output(
        'summary',
        `${preview.added.length} added, ${preview.changed.length} changed, ${preview.removed.length} removed; ${preview.affectedLayers.length} layers affected`,
      );
    },
  });
}
