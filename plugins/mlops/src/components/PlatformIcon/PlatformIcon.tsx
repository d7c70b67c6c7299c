import LayersIcon from '@material-ui/icons/Layers';

/**
 * The platform's icon: stacked layers, like the platform page.
 * @public
 */
export function PlatformIcon() {
  return <LayersIcon fontSize="inherit" />;
}
