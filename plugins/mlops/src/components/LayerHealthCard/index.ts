export { LayerHealthCard, RollupTable } from './LayerHealthCard';
