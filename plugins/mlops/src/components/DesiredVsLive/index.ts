export { DesiredVsLiveContent } from './DesiredVsLiveContent';
