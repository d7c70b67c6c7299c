export { TraceContent } from './TraceContent';
