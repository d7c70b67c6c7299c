export { MlflowContent } from './MlflowContent';
export { PromotionDialog, promotionLink } from './PromotionDialog';
