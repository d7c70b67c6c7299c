import { useEffect, useRef, useState } from 'react';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import { makeStyles } from '@material-ui/core/styles';
import { useApi } from '@backstage/core-plugin-api';
import type {
  ActionResult,
  ObjectSummary,
} from '@mlops-portal/plugin-mlops-common';
import { mlopsApiRef } from '../../api';
import { SuspendDialog } from './SuspendDialog';
import { objectLabel, toLocator } from './objectKey';

const useStyles = makeStyles(theme => ({
  root: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5), alignItems: 'center' },
  message: { fontSize: '0.8rem', width: '100%', outline: 'none' },
  error: { fontSize: '0.8rem', width: '100%', color: theme.palette.error.dark, outline: 'none' },
}));

type Busy = 'reconcile' | 'reconcile-source' | 'suspend' | 'resume';

const PROGRESS: Record<Busy, string> = {
  reconcile: 'Reconcile requested; waiting for Flux to handle it…',
  'reconcile-source': 'Reconciling the source, then the object; waiting for Flux…',
  suspend: 'Suspending…',
  resume: 'Resuming…',
};

function describe(result: ActionResult): string {
  const status = result.object.status;
  switch (result.action) {
    case 'reconcile':
      return result.outcome === 'handled'
        ? `Flux handled the reconcile: now ${status.status}${status.reason ? ` (${status.reason})` : ''}.`
        : `Flux has not handled the request yet; it is still queued (last status ${status.status}).`;
    case 'suspend':
      return 'Suspended. Flux will not reconcile it until it is resumed.';
    default:
      return `Resumed: now ${status.status}.`;
  }
}

/**
 * Reconcile / Reconcile with source / Suspend / Resume for one Flux object,
 * shown only when permitted. Shows progress until the backend reports that
 * Flux handled the request, then the new status; moves focus to that message
 * so keyboard and screen reader users hear the outcome.
 */
export function FluxObjectActions(props: {
  object: ObjectSummary;
  canReconcile: boolean;
  canSuspend: boolean;
  onDone: (result: ActionResult) => void;
}) {
  const classes = useStyles();
  const api = useApi(mlopsApiRef);
  const { object, canReconcile, canSuspend } = props;
  const [busy, setBusy] = useState<Busy>();
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const [dialogOpen, setDialogOpen] = useState(false);
  const messageRef = useRef<HTMLSpanElement>(null);
  const label = objectLabel(object);

  useEffect(() => {
    if (message) messageRef.current?.focus();
  }, [message]);

  const run = async (kind: Busy, call: () => Promise<ActionResult>) => {
    setBusy(kind);
    setMessage(undefined);
    try {
      const result = await call();
      setMessage({ text: describe(result), error: false });
      props.onDone(result);
    } catch (e) {
      setMessage({ text: `Failed: ${(e as Error).message}`, error: true });
    } finally {
      setBusy(undefined);
    }
  };

  if (!object.flux || (!canReconcile && !canSuspend)) return null;
  const locator = toLocator(object);

  return (
    <div className={classes.root}>
      {canReconcile && !object.suspended ? (
        <>
          <Button
            size="small"
            variant="outlined"
            disabled={!!busy}
            aria-label={`Reconcile ${label}`}
            onClick={() => run('reconcile', () => api.reconcile(locator, {}))}
          >
            Reconcile
          </Button>
          <Button
            size="small"
            variant="outlined"
            disabled={!!busy}
            aria-label={`Reconcile ${label} with its source`}
            onClick={() => run('reconcile-source', () => api.reconcile(locator, { withSource: true }))}
          >
            Reconcile with source
          </Button>
        </>
      ) : null}
      {canSuspend && !object.suspended ? (
        <Button
          size="small"
          variant="outlined"
          disabled={!!busy}
          aria-label={`Suspend ${label}`}
          onClick={() => setDialogOpen(true)}
        >
          Suspend
        </Button>
      ) : null}
      {canSuspend && object.suspended ? (
        <Button
          size="small"
          variant="outlined"
          disabled={!!busy}
          aria-label={`Resume ${label}`}
          onClick={() => run('resume', () => api.resume(locator))}
        >
          Resume
        </Button>
      ) : null}
      {busy ? (
        <span role="status" className={classes.message}>
          <CircularProgress size={12} aria-hidden="true" /> {PROGRESS[busy]}
        </span>
      ) : null}
      {message ? (
        <span
          ref={messageRef}
          tabIndex={-1}
          role={message.error ? 'alert' : 'status'}
          className={message.error ? classes.error : classes.message}
        >
          {message.text}
        </span>
      ) : null}
      {dialogOpen ? (
        <SuspendDialog
          open
          objectLabel={label}
          onCancel={() => setDialogOpen(false)}
          onConfirm={reason => {
            setDialogOpen(false);
            run('suspend', () => api.suspend(locator, reason));
          }}
        />
      ) : null}
    </div>
  );
}
