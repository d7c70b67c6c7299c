import {
  createApiRef,
  type DiscoveryApi,
  type FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { ChangeBranchList, TemplateChangePreview } from '@mlops-portal/plugin-mlops-common';

/**
 * Change previews of the scaffolder's MLOps module
 * (`/api/scaffolder/mlops/…`): a template's change before it runs, and the
 * open change branches.
 * @public
 */
export interface ChangePreviewApi {
  previewTemplate(
    request: { templateRef: string; values: Record<string, unknown> },
    options?: { signal?: AbortSignal },
  ): Promise<TemplateChangePreview>;
  listChangeBranches(): Promise<ChangeBranchList>;
}

/** @public */
export const changePreviewApiRef = createApiRef<ChangePreviewApi>({ id: 'plugin.mlops.change-preview' });

/**
 * The {@link ChangePreviewApi} over HTTP.
 * @public
 */
export class ChangePreviewClient implements ChangePreviewApi {
  constructor(private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {}

  async previewTemplate(
    request: { templateRef: string; values: Record<string, unknown> },
    options: { signal?: AbortSignal } = {},
  ): Promise<TemplateChangePreview> {
    const base = await this.deps.discoveryApi.getBaseUrl('scaffolder');
    const res = await this.deps.fetchApi.fetch(`${base}/mlops/change-preview`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
      signal: options.signal,
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res.json();
  }

  async listChangeBranches(): Promise<ChangeBranchList> {
    const base = await this.deps.discoveryApi.getBaseUrl('scaffolder');
    const res = await this.deps.fetchApi.fetch(`${base}/mlops/change-branches`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res.json();
  }
}
