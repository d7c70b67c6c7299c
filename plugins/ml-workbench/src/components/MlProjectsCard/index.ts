export { MlProjectsCard } from './MlProjectsCard';
