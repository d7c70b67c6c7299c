import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';
import { GitopsTargetConfig } from '../config';
import { actionInputSchema } from '../gitops/common';
import { parseInput } from '../gitops/validation';
import { examples } from './gitopsTarget.examples';

const ACTION_ID = 'mlops:gitops:target';

/** Input of `mlops:gitops:target`. */
export const gitopsTargetInputSchema = z.object({
  checkoutPath: z
    .string()
    .max(100)
    .regex(/^[a-zA-Z0-9._-]+$/, { message: 'must be a single folder name' })
    .refine(v => v !== '.' && v !== '..', { message: 'must be a single folder name' })
    .default('gitops')
    .describe('Workspace folder the GitOps repo is fetched into'),
  // A list naming each parameter rather than a name → value map: the task
  // runner drops keys whose rendered value is undefined (a field left empty
  // in the form), and the check must still name that field.
  githubModeRequires: z
    .array(
      z.object({
        parameter: z
          .string()
          .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, { message: 'must be a template parameter name' }),
        value: z.string().nullable().optional(),
      }),
    )
    .optional()
    .describe(
      'Template parameters that only the GitHub mode uses ({ parameter, value }). The form cannot require them, ' +
        'the local mode does not use them; in GitHub mode an empty one fails this first step, naming it.',
    ),
});

/**
 * `mlops:gitops:target`: tells a template where GitOps changes go, from
 * config (`mlops.gitops`), so templates branch on `mode` with `if:` and never
 * need editing when the portal moves from a local repository to GitHub.
 * @public
 */
export function createGitopsTargetAction(options: { target?: GitopsTargetConfig }) {
  return createTemplateAction({
    id: ACTION_ID,
    description:
      'Outputs where GitOps changes go (mlops.gitops config): mode github|local, the fetch URL, the base branch and the checkout folder',
    examples,
    supportsDryRun: true,
    schema: {
      input: actionInputSchema(gitopsTargetInputSchema),
      output: {
        mode: zs => zs.enum(['github', 'local']),
        repoUrl: zs => zs.string().describe('github: github.com?owner=&repo= (for publish:github:pull-request); local: file:// URL'),
        fetchUrl: zs => zs.string().describe('github: URL for fetch:plain'),
        targetBranch: zs => zs.string(),
        pathInRepo: zs => zs.string().describe('Folder of the Flux tree in the repository'),
        gitRoot: zs => zs.string().describe('Workspace folder of the checkout root'),
        repoPath: zs => zs.string().describe('Workspace folder of the Flux tree (the edit actions\' repoPath)'),
      },
    },
    async handler(ctx) {
      const input = parseInput(gitopsTargetInputSchema, ctx.input, ACTION_ID);
      const target = options.target;
      if (!target) {
        throw new InputError(
          'mlops.gitops is not configured: set mlops.gitops.github or mlops.gitops.local in app-config',
        );
      }
      if (target.mode === 'github') {
        // Checked here, in the first step, so a GitHub-mode run fails before
        // anything is fetched or published (the form marks these optional
        // because the local mode has no use for them).
        const missing = (input.githubModeRequires ?? [])
          .filter(({ value }) => value === undefined || value === null || value.trim() === '')
          .map(({ parameter }) => parameter);
        if (missing.length > 0) {
          throw new InputError(
            missing
              .map(
                name =>
                  `${name}: is required when the portal publishes to GitHub (mlops.gitops mode 'github'); fill it in the form`,
              )
              .join('; '),
          );
        }
      }
      ctx.output('mode', target.mode);
      ctx.output('targetBranch', target.branch);
      ctx.output('pathInRepo', target.path);
      ctx.output('gitRoot', input.checkoutPath);
      if (target.mode === 'github') {
        const params = new URLSearchParams(target.repoUrl!.split('?')[1]);
        const host = target.repoUrl!.split('?')[0];
        const tree = [
          `https://${host}/${params.get('owner')}/${params.get('repo')}/tree/${target.branch}`,
          target.path,
        ]
          .filter(Boolean)
          .join('/');
        ctx.output('repoUrl', target.repoUrl!);
        ctx.output('fetchUrl', tree);
        // fetch:plain puts the Flux tree itself in the checkout folder.
        ctx.output('repoPath', input.checkoutPath);
      } else {
        ctx.output('repoUrl', `file://${target.repoDir}`);
        ctx.output('fetchUrl', `file://${target.repoDir}`);
        // mlops:git:clone puts the whole repository there.
        ctx.output('repoPath', [input.checkoutPath, target.path].filter(Boolean).join('/'));
      }
    },
  });
}
