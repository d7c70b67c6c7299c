import {
  createApiRef,
  type DiscoveryApi,
  type FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';

// The shapes of `ChangePreview` from `@mlops-portal/plugin-mlops-node`
// (a backend package the frontend cannot import), as the routes send them.

/** A Flux or Kubernetes object of a change preview. @public */
export interface ChangePreviewObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  path: string;
}

/** A changed field: `from`/`to` absent when new, removed, too long or secret. @public */
export interface ChangePreviewField {
  field: string;
  from?: string;
  to?: string;
  op: 'added' | 'changed' | 'removed';
}

/** What a GitOps change does to the platform. @public */
export interface ChangePreviewResult {
  filesChanged: string[];
  added: ChangePreviewObject[];
  changed: Array<ChangePreviewObject & { fields: ChangePreviewField[]; moreFields: number }>;
  removed: ChangePreviewObject[];
  affectedLayers: Array<{
    name: string;
    namespace: string;
    path: string;
    reason: 'files' | 'object' | 'dependsOn';
    via: string[];
  }>;
  warnings: string[];
}

/** The preview of a template's change before its task runs. @public */
export interface TemplateChangePreview {
  templateRef: string;
  preview: ChangePreviewResult;
  summary: string;
  skipped: Array<{ step: string; action: string; reason: string }>;
}

/** An open change branch of the GitOps repository and its preview. @public */
export interface ChangeBranch {
  name: string;
  commit: string;
  subject: string;
  date: string;
  base: string;
  mergeBase: string;
  preview?: ChangePreviewResult;
  error?: string;
  /** GitHub mode: the branch's open pull request (`url` empty when GitHub gave no http(s) link). */
  pullRequest?: { number: number; url: string };
}

/** The open change branches. @public */
export interface ChangeBranchList {
  mode: 'local' | 'github' | 'none';
  message?: string;
  branches: ChangeBranch[];
  more: number;
}

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
