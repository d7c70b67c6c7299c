import { useTheme } from '@material-ui/core/styles';

/** One point of a {@link LineChart}. @public */
export interface ChartPoint {
  /** Position on the x axis (e.g. a time in ms); points are drawn in this order. */
  x: number;
  y: number;
  /** Shown on hover and read by screen readers. */
  label: string;
}

const fmt = (n: number) => (Math.abs(n) >= 1000 || Number.isInteger(n) ? String(Math.round(n)) : n.toPrecision(3));

/**
 * A small line chart in plain SVG (no chart library): a line through the
 * points, a dot per point with its label as tooltip, and the y range at the
 * left. The whole chart has an accessible name and each point a title.
 * @public
 */
export function LineChart(props: {
  points: ChartPoint[];
  title: string;
  width?: number;
  height?: number;
  /** Start the y axis at 0 (lag) instead of at the smallest value (metrics). */
  fromZero?: boolean;
}) {
  const theme = useTheme();
  const { points, title, width = 480, height = 140 } = props;
  const pad = { left: 44, right: 12, top: 10, bottom: 18 };
  if (points.length === 0) {
    return <div role="img" aria-label={`${title}: no data yet`}>No data yet</div>;
  }
  const xs = points.map(p => p.x);
  const ys = points.map(p => p.y);
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  let [yMin, yMax] = [props.fromZero ? 0 : Math.min(...ys), Math.max(...ys)];
  if (yMin === yMax) [yMin, yMax] = [yMin - 1, yMax + 1];
  const sx = (x: number) =>
    xMax === xMin ? pad.left + (width - pad.left - pad.right) / 2 : pad.left + ((x - xMin) / (xMax - xMin)) * (width - pad.left - pad.right);
  const sy = (y: number) => pad.top + (1 - (y - yMin) / (yMax - yMin)) * (height - pad.top - pad.bottom);
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
  const color = theme.palette.primary.main;
  const muted = theme.palette.text.secondary;
  return (
    <svg width={width} height={height} role="img" aria-label={title} viewBox={`0 0 ${width} ${height}`}>
      <title>{title}</title>
      <line x1={pad.left} x2={pad.left} y1={pad.top} y2={height - pad.bottom} stroke={muted} strokeWidth={1} />
      <line x1={pad.left} x2={width - pad.right} y1={height - pad.bottom} y2={height - pad.bottom} stroke={muted} strokeWidth={1} />
      <text x={pad.left - 4} y={pad.top + 8} textAnchor="end" fontSize={10} fill={muted}>
        {fmt(yMax)}
      </text>
      <text x={pad.left - 4} y={height - pad.bottom} textAnchor="end" fontSize={10} fill={muted}>
        {fmt(yMin)}
      </text>
      <path d={path} fill="none" stroke={color} strokeWidth={2} />
      {points.map((p, i) => (
        <circle key={i} cx={sx(p.x)} cy={sy(p.y)} r={3.5} fill={color}>
          <title>{p.label}</title>
        </circle>
      ))}
    </svg>
  );
}
