export { PlatformIcon } from './PlatformIcon';
