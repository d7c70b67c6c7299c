export {
  computeChangePreview,
  diffFields,
  MAX_FIELDS_PER_OBJECT,
  MAX_SHOWN_VALUE_LENGTH,
  type GitopsTreeFile,
} from './computeChangePreview';
export { renderChangePreviewMarkdown } from './renderChangePreviewMarkdown';
