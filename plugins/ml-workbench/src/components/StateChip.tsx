import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  ok: { backgroundColor: theme.palette.success?.light ?? '#c8e6c9', color: '#0b3d0b' },
  bad: { backgroundColor: theme.palette.error.light, color: '#4a0000' },
  busy: { backgroundColor: theme.palette.info?.light ?? '#bbdefb', color: '#0d2a4a' },
  idle: {},
}));

const OK = new Set(['success', 'finished', 'ready', 'stable', 'healthy', 'active']);
const BAD = new Set(['failed', 'upstream_failed', 'failed_registration', 'killed', 'failing', 'dead']);
const BUSY = new Set(['running', 'queued', 'scheduled', 'up_for_retry', 'restarting', 'pending_registration', 'deferred', 'preparingrebalance', 'completingrebalance']);

/**
 * A run, task, version or project state as a coloured chip, with the state's
 * own words (Airflow's `upstream_failed`, MLflow's `FINISHED`): people know
 * them from the tools.
 * @public
 */
export function StateChip(props: { state: string | null | undefined; label?: string }) {
  const classes = useStyles();
  const state = (props.state ?? 'none').toLocaleLowerCase('en-US');
  let cls = classes.idle;
  if (OK.has(state)) cls = classes.ok;
  else if (BAD.has(state)) cls = classes.bad;
  else if (BUSY.has(state)) cls = classes.busy;
  return <Chip size="small" className={cls} label={props.label ?? props.state ?? 'no state'} />;
}
