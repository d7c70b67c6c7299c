export { OwnedComponentsCard } from './OwnedComponentsCard';
