/**
 * React hooks shared by the MLOps Portal's frontend plugins.
 *
 * @packageDocumentation
 */
export { useLiveData, type LiveData } from './hooks/useLiveData';
