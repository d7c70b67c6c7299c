/**
 * Test utilities of the MLOps Portal's frontend plugins, for their tests only
 * (imported as `@mlops-portal/plugin-mlops-react/testUtils`).
 *
 * @packageDocumentation
 */
export { InMemorySignalApi } from './InMemorySignalApi';
