import type { ReactElement } from 'react';
import type { RenderResult } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { InMemorySignalApi } from '@mlops-portal/plugin-mlops-react/testUtils';
import type { ChangeBranch, ChangePreview } from '@mlops-portal/plugin-mlops-common';
import { changePreviewApiRef, type ChangePreviewApi } from '../changePreviewApi';

/** The preview of bumping strimzi-operator from 0.48.0 to 0.49.0, as the backend computes it. */
export const strimziBumpPreview: ChangePreview = {
  filesChanged: ['gitops/components/platform-operators/strimzi-operator.yaml'],
  added: [],
  removed: [],
  changed: [
    {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      name: 'strimzi-operator',
      namespace: 'platform-operators',
      path: 'gitops/components/platform-operators/strimzi-operator.yaml',
      fields: [{ field: 'spec.chart.spec.version', from: '0.48.0', to: '0.49.0', op: 'changed' }],
      moreFields: 0,
    },
  ],
  affectedLayers: [
    {
      name: 'platform-operators',
      namespace: 'flux-system',
      path: './gitops/components/platform-operators',
      reason: 'files',
      via: ['gitops/components/platform-operators/strimzi-operator.yaml'],
    },
    {
      name: 'data-storage',
      namespace: 'flux-system',
      path: './gitops/infrastructure/data-storage',
      reason: 'dependsOn',
      via: ['flux-system/platform-operators'],
    },
  ],
  warnings: [],
};

/** A change branch holding the strimzi bump, with `overrides`. */
export function changeBranch(overrides: Partial<ChangeBranch> = {}): ChangeBranch {
  return {
    name: 'mlops/helmrelease-bump/strimzi-operator',
    commit: '0123456789abcdef0123456789abcdef01234567',
    subject: 'Bump strimzi-operator to 0.49.0',
    date: '2026-12-04T14:00:00Z',
    base: 'main',
    mergeBase: 'fedcba9876543210fedcba9876543210fedcba98',
    preview: strimziBumpPreview,
    ...overrides,
  };
}

/** A test double of ChangePreviewApi: every method a jest.fn, rejecting unless set. */
export function createFakeChangePreviewApi(impl: Partial<ChangePreviewApi> = {}): jest.Mocked<ChangePreviewApi> {
  const notSet = (name: string) =>
    jest.fn(async () => {
      throw new Error(`fake ChangePreviewApi.${name} was called but not set up`);
    });
  return {
    previewTemplate: jest.fn(impl.previewTemplate ?? notSet('previewTemplate')),
    listChangeBranches: jest.fn(impl.listChangeBranches ?? notSet('listChangeBranches')),
  } as jest.Mocked<ChangePreviewApi>;
}

/**
 * Renders `ui` in a test app with `api` as the change preview API and an
 * in-memory signals API (returned, to push signals), plus `apis`.
 */
export async function renderWithChangePreviews(
  ui: ReactElement,
  options: { api: ChangePreviewApi; signals?: InMemorySignalApi; apis?: Array<readonly [any, any]> },
): Promise<RenderResult & { signals: InMemorySignalApi }> {
  const signals = options.signals ?? new InMemorySignalApi();
  const rendered = await renderInTestApp(ui, {
    apis: [[changePreviewApiRef, options.api], [signalApiRef, signals], ...((options.apis ?? []) as any[])] as any,
  });
  return { signals, ...rendered };
}
