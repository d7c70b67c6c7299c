import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { formatZodError } from '../gitops/validation';
import type { ChangeBranches } from './ChangeBranches';
import type { TemplatePreviewer } from './TemplatePreviewer';

/** Largest request body of a preview (the values of a form). */
export const MAX_PREVIEW_BODY = '64kb';

/** Body of `POST /mlops/change-preview`. */
export const changePreviewRequestSchema = z
  .object({
    templateRef: z
      .string()
      .min(1)
      .max(300)
      .regex(/^([a-zA-Z]+:)?([a-z0-9A-Z_.-]+\/)?[a-z0-9A-Z_.-]+$/, {
        message: 'must be an entity reference like template:default/bump-component-version',
      }),
    values: z
      .record(z.unknown())
      .refine(v => Object.keys(v).length <= 100, { message: 'at most 100 values' }),
  })
  .strict();

/**
 * HTTP routes of change previews, mounted on the scaffolder plugin's router
 * (`/api/scaffolder/mlops/…`), user tokens only:
 *
 * - POST /mlops/change-preview `{ templateRef, values }` → TemplateChangePreview
 * - GET /mlops/change-branches → ChangeBranchList
 */
export function createChangePreviewRouter(options: {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  previewer: TemplatePreviewer;
  branches: ChangeBranches;
}): express.Router {
  const router = Router();
  const json = express.json({ limit: MAX_PREVIEW_BODY });

  router.post('/mlops/change-preview', json, async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, { allow: ['user'] });
    const parsed = changePreviewRequestSchema.safeParse(req.body);
    if (!parsed.success) throw new InputError(formatZodError(parsed.error));
    res.json(await options.previewer.preview({ ...parsed.data, credentials }));
  });

  router.get('/mlops/change-branches', async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, { allow: ['user'] });
    // The branches hold GitOps changes of any template: shown to users who
    // may read at least one GitOps template (who could preview such a change).
    const { items } = await options.catalog.getEntities(
      { filter: { kind: 'Template' }, fields: ['kind', 'metadata.name', 'spec.steps'] },
      { credentials },
    );
    const readsGitopsTemplate = items.some(t =>
      ((t.spec?.steps as Array<{ action?: unknown }> | undefined) ?? []).some(
        s => s?.action === 'mlops:gitops:preview',
      ),
    );
    if (!readsGitopsTemplate) {
      throw new NotAllowedError('Change branches are shown to users who may read a GitOps template');
    }
    res.json(await options.branches.list());
  });

  return router;
}
