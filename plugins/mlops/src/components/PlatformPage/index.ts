export { PlatformPage, PlatformPageContent } from './PlatformPage';
