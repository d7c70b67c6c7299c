export { EntityLink, EntityLinkWith } from './EntityLink';
