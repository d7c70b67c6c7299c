import { useEffect, useRef, useState } from 'react';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import { makeStyles } from '@material-ui/core/styles';
import { useApi } from '@backstage/core-plugin-api';
import type { AirflowDagView, DagActionResult } from '@mlops-portal/plugin-ml-workbench-common';
import { mlWorkbenchApiRef } from '../../api';

const useStyles = makeStyles(theme => ({
  root: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1), alignItems: 'center' },
  message: { fontSize: '0.85rem', outline: 'none' },
  error: { fontSize: '0.85rem', color: theme.palette.error.dark, outline: 'none' },
}));

function describe(r: DagActionResult): string {
  if (r.action === 'trigger') return `Run ${r.runId} is ${r.state ?? 'queued'}.`;
  return r.isPaused ? 'Paused: Airflow schedules no new runs.' : 'Unpaused: Airflow schedules runs again.';
}

/**
 * Trigger / Pause / Unpause for one DAG. The page renders it only for users
 * the backend would let act (permission on the owning entity); the backend
 * checks again. The outcome gets focus so screen readers announce it.
 */
export function DagActions(props: {
  entityRef: string;
  dag: AirflowDagView;
  canTrigger: boolean;
  canPause: boolean;
  onDone: (r: DagActionResult) => void;
}) {
  const classes = useStyles();
  const api = useApi(mlWorkbenchApiRef);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (message) ref.current?.focus();
  }, [message]);
  const { dag } = props;
  const run = async (call: () => Promise<DagActionResult>) => {
    setBusy(true);
    setMessage(undefined);
    try {
      const r = await call();
      setMessage({ text: describe(r), error: false });
      props.onDone(r);
    } catch (e) {
      setMessage({ text: `Failed: ${(e as Error).message}`, error: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className={classes.root}>
      {props.canTrigger ? (
        <Button size="small" variant="contained" color="primary" disabled={busy} onClick={() => run(() => api.triggerDag(props.entityRef, dag.dagId))}>
          Trigger run
        </Button>
      ) : null}
      {props.canPause && !dag.isPaused ? (
        <Button size="small" variant="outlined" disabled={busy} onClick={() => run(() => api.pauseDag(props.entityRef, dag.dagId))}>
          Pause
        </Button>
      ) : null}
      {props.canPause && dag.isPaused ? (
        <Button size="small" variant="outlined" disabled={busy} onClick={() => run(() => api.unpauseDag(props.entityRef, dag.dagId))}>
          Unpause
        </Button>
      ) : null}
      {busy ? <CircularProgress size={16} aria-label="Working" /> : null}
      {message ? (
        <span ref={ref} tabIndex={-1} role="status" className={message.error ? classes.error : classes.message}>
          {message.text}
        </span>
      ) : null}
    </div>
  );
}
