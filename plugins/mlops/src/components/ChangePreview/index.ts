export { ChangePreviewField, templateRefFromPath } from './ChangePreviewField';
export type { ChangePreviewFieldOptions } from './ChangePreviewField';
export { ChangePreviewView, summarizePreview } from './ChangePreviewView';
