import { screen } from '@testing-library/react';
import type { TemplateChangePreview } from '@mlops-portal/plugin-mlops-common';
import type { ChangePreviewApi } from '../../changePreviewApi';
import {
  createFakeChangePreviewApi,
  renderWithChangePreviews,
  strimziBumpPreview,
} from '../../__testUtils__/changePreviews';
import { ChangePreviewField, templateRefFromPath } from './ChangePreviewField';

const bump: TemplateChangePreview = {
  templateRef: 'template:default/bump-component-version',
  summary: '0 added, 1 changed, 0 removed; 2 layers affected',
  skipped: [{ step: 'fetch-github', action: 'fetch:plain', reason: 'its condition is false' }],
  preview: strimziBumpPreview,
};

function renderField(api: ChangePreviewApi, formData: Record<string, unknown>) {
  const props: any = {
    name: 'changePreview',
    schema: { title: 'What this change does to the platform' },
    uiSchema: { 'ui:options': { templateRef: 'template:default/bump-component-version' } },
    formContext: { formData },
    formData: undefined,
    onChange: jest.fn(),
  };
  return renderWithChangePreviews(<ChangePreviewField {...props} />, { api });
}

describe('ChangePreviewField', () => {
  it('asks for the preview of the form values (without its own) and shows objects and layers', async () => {
    const api = createFakeChangePreviewApi({ previewTemplate: async () => bump });
    await renderField(
      api,
      { component: 'component:default/strimzi-operator', version: '0.49.0', changePreview: null },
    );
    expect(screen.getByText('Computing the preview…')).toBeInTheDocument();
    expect(await screen.findByText(/HelmRelease platform-operators\/strimzi-operator/)).toBeInTheDocument();
    expect(screen.getByText('spec.chart.spec.version: 0.48.0 → 0.49.0')).toBeInTheDocument();
    expect(screen.getByText('0 added, 1 changed, 0 removed; 2 layers affected')).toBeInTheDocument();
    expect(screen.getByText('data-storage (depends on a changed layer)')).toBeInTheDocument();
    expect(api.previewTemplate).toHaveBeenCalledTimes(1);
    expect(api.previewTemplate).toHaveBeenCalledWith(
      {
        templateRef: 'template:default/bump-component-version',
        values: { component: 'component:default/strimzi-operator', version: '0.49.0' },
      },
      expect.objectContaining({ signal: expect.anything() }),
    );
  });

  it('shows the backend error inline, naming the field, without blocking the form', async () => {
    const error = new Error('Invalid input to mlops:helmrelease:bump: version: must be a semver version');
    await renderField(
      createFakeChangePreviewApi({ previewTemplate: async () => Promise.reject(error) }),
      { component: 'component:default/strimzi-operator', version: 'x y' },
    );
    const alert = await screen.findByTestId('mlops-change-preview-error');
    expect(alert).toHaveTextContent('No preview: Invalid input to mlops:helmrelease:bump: version: must be a semver version');
    expect(screen.queryByTestId('mlops-change-preview')).not.toBeInTheDocument();
  });

  it('says when nothing would change', async () => {
    const empty: TemplateChangePreview = {
      ...bump,
      preview: { ...bump.preview, filesChanged: [], changed: [], affectedLayers: [] },
    };
    await renderField(createFakeChangePreviewApi({ previewTemplate: async () => empty }), {});
    expect(await screen.findByText('No change: the repository already has this.')).toBeInTheDocument();
  });
});

describe('templateRefFromPath', () => {
  it('reads the template of the scaffolder page', () => {
    expect(templateRefFromPath('/create/templates/default/bump-component-version')).toBe(
      'template:default/bump-component-version',
    );
    expect(templateRefFromPath('/catalog')).toBeUndefined();
  });
});
