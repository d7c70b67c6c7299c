import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import CloudDoneIcon from '@material-ui/icons/CloudDone';
import CloudOffIcon from '@material-ui/icons/CloudOff';
import CloudQueueIcon from '@material-ui/icons/CloudQueue';
import SyncProblemIcon from '@material-ui/icons/SyncProblem';
import WarningIcon from '@material-ui/icons/Warning';
import LockIcon from '@material-ui/icons/Lock';
import type {
  ClusterConnection,
  ClusterState,
} from '@mlops-portal/plugin-mlops-common';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
  item: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(0.5, 1),
    display: 'flex',
    flexDirection: 'column',
    minWidth: 200,
  },
  line: { display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) },
  simulated: {
    border: `1px dashed ${theme.palette.text.secondary}`,
    borderRadius: 8,
    padding: theme.spacing(0, 0.75),
    fontSize: '0.75rem',
  },
  error: { color: theme.palette.error.dark },
}));

const CONNECTION: Record<ClusterConnection, { word: string; Icon: typeof CloudDoneIcon }> = {
  connected: { word: 'connected', Icon: CloudDoneIcon },
  degraded: { word: 'degraded', Icon: WarningIcon },
  silent: { word: 'silent: not answering, data may be out of date', Icon: SyncProblemIcon },
  unreachable: { word: 'unreachable', Icon: CloudOffIcon },
  'not-watchable': { word: 'not watchable (per-user auth)', Icon: LockIcon },
  starting: { word: 'connecting', Icon: CloudQueueIcon },
};

/**
 * Each configured cluster with its connection state, a "simulated" label for
 * the kube-sim demo cluster, and its last error (cluster name and message).
 * @public
 */
export function ClusterStates(props: { clusters: ClusterState[] }) {
  const classes = useStyles();
  if (!props.clusters.length) {
    return (
      <Typography variant="body2">
        No clusters are configured. Add one under{' '}
        <code>kubernetes.clusterLocatorMethods</code> in app-config.
      </Typography>
    );
  }
  return (
    <ul className={classes.list} aria-label="Clusters">
      {props.clusters.map(c => {
        const conn = CONNECTION[c.connection] ?? CONNECTION.starting;
        const notInstalled = c.kinds.filter(k => k.state === 'not-installed').length;
        return (
          <li key={c.name} className={classes.item} data-testid={`cluster-${c.name}`}>
            <span className={classes.line}>
              <strong>{c.name}</strong>
              {c.title && c.title !== c.name ? <span>({c.title})</span> : null}
              {c.simulated ? <span className={classes.simulated}>simulated</span> : null}
            </span>
            <span className={classes.line}>
              <conn.Icon fontSize="small" aria-hidden="true" />
              {conn.word}
              {c.since ? (
                <small>
                  &nbsp;{c.connection === 'silent' ? 'last heard' : 'since'} {c.since}
                </small>
              ) : null}
            </span>
            {c.connection === 'silent' ? (
              <small className={classes.error} role="status">
                Watches on {c.name} have heard nothing since {c.since}; statuses
                shown are as of then.
              </small>
            ) : null}
            {notInstalled ? (
              <small>{notInstalled} kinds not installed</small>
            ) : null}
            {c.lastError ? (
              <span className={classes.error} role="status">
                {c.name}: {c.lastError}
              </span>
            ) : null}
            {!c.lastError && c.recentError ? (
              <small>
                recovered; last error at {c.recentError.at}: {c.recentError.message}
              </small>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
