export { StatusChip, formatCounts } from './StatusChip';
export type { StatusChipProps } from './StatusChip';
