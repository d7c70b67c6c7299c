export { NotificationSettingsCard } from './NotificationSettingsCard';
