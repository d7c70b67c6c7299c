import { makeStyles } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import AutorenewIcon from '@material-ui/icons/Autorenew';
import ErrorIcon from '@material-ui/icons/Error';
import PauseCircleFilledIcon from '@material-ui/icons/PauseCircleFilled';
import HelpIcon from '@material-ui/icons/Help';
import type {
  ObjectStatus,
  StatusBadge,
  StatusCounts,
} from '@mlops-portal/plugin-mlops-common';
import { OBJECT_STATUSES } from '@mlops-portal/plugin-mlops-common';

const useStyles = makeStyles(theme => ({
  chip: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    padding: theme.spacing(0.25, 1, 0.25, 0.5),
    borderRadius: 12,
    border: '1px solid',
    fontSize: '0.8125rem',
    fontWeight: 500,
    lineHeight: 1.4,
    color: theme.palette.text.primary,
    whiteSpace: 'nowrap',
  },
  icon: { fontSize: '1rem' },
  // The word is always in the primary text colour so it keeps WCAG AA
  // contrast in light and dark themes; the icon and the border carry the
  // status colour, which only reinforces the icon and the word.
  Ready: { borderColor: theme.palette.success.main, '& svg': { color: theme.palette.success.main } },
  Progressing: { borderColor: theme.palette.info.main, '& svg': { color: theme.palette.info.main } },
  Failed: { borderColor: theme.palette.error.main, '& svg': { color: theme.palette.error.main } },
  Suspended: { borderColor: theme.palette.warning.main, '& svg': { color: theme.palette.warning.dark } },
  Unknown: { borderColor: theme.palette.divider, '& svg': { color: theme.palette.text.secondary } },
  badge: {
    display: 'inline-block',
    marginLeft: theme.spacing(0.5),
    padding: theme.spacing(0, 0.75),
    borderRadius: 8,
    border: `1px dashed ${theme.palette.text.secondary}`,
    color: theme.palette.text.primary,
    fontSize: '0.75rem',
    whiteSpace: 'nowrap',
  },
}));

const ICONS: Record<ObjectStatus, typeof CheckCircleIcon> = {
  Ready: CheckCircleIcon,
  Progressing: AutorenewIcon,
  Failed: ErrorIcon,
  Suspended: PauseCircleFilledIcon,
  Unknown: HelpIcon,
};

/** Human words for the badges of {@link @mlops-portal/plugin-mlops-common#StatusBadge}. */
const BADGE_LABELS: Record<StatusBadge, string> = {
  retrying: 'retrying',
  drifted: 'drift detected',
  'not-verified': 'not verified',
  degraded: 'degraded',
  healing: 'healing',
  warnings: 'warnings',
  unmanaged: 'not in Git',
  stale: 'stale',
  'last-known': 'last known',
  'scaled-to-zero': 'scaled to zero',
  terminal: 'finished',
};

/**
 * Props of {@link StatusChip}.
 * @public
 */
export interface StatusChipProps {
  status: ObjectStatus;
  badges?: StatusBadge[];
}

/**
 * The chip's style classes, for lists of thousands of chips that take them
 * once (see {@link StatusChipWith}).
 * @public
 */
export const useStatusChipClasses = useStyles;

/**
 * A status shown as icon and word (never colour alone), plus its badges.
 * @public
 */
export function StatusChip(props: StatusChipProps) {
  const classes = useStyles();
  return <StatusChipWith {...props} classes={classes} />;
}

/**
 * {@link StatusChip} with its classes passed in: one style hook per list
 * instead of one per chip.
 * @public
 */
export function StatusChipWith(
  props: StatusChipProps & { classes: ReturnType<typeof useStyles> },
) {
  const { classes } = props;
  const Icon = ICONS[props.status] ?? HelpIcon;
  return (
    <span>
      <span
        className={`${classes.chip} ${classes[props.status] ?? classes.Unknown}`}
        data-status={props.status}
      >
        <Icon className={classes.icon} aria-hidden="true" />
        {props.status}
      </span>
      {props.badges?.map(b => (
        <span key={b} className={classes.badge}>
          {BADGE_LABELS[b] ?? b}
        </span>
      ))}
    </span>
  );
}

/**
 * Counts per status as short text, e.g. "2 Ready, 1 Failed"; statuses with
 * zero are left out.
 * @public
 */
export function formatCounts(counts: StatusCounts | undefined): string {
  if (!counts) return 'no objects';
  const parts = OBJECT_STATUSES.filter(s => (counts[s] ?? 0) > 0).map(
    s => `${counts[s]} ${s}`,
  );
  return parts.length ? parts.join(', ') : 'no objects';
}
