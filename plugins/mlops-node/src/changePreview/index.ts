export {
  computeChangePreview,
  diffFields,
  MAX_FIELDS_PER_OBJECT,
  MAX_SHOWN_VALUE_LENGTH,
  type ChangePreview,
  type GitopsTreeFile,
  type PreviewAffectedLayer,
  type PreviewChangedObject,
  type PreviewFieldChange,
  type PreviewObject,
} from './computeChangePreview';
export { renderChangePreviewMarkdown } from './renderChangePreviewMarkdown';
