import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';

/**
 * Asks why an object is being suspended; the reason is recorded on the object
 * with the user's name, so whoever finds it suspended knows whom to ask.
 * The dialog traps focus and returns it to the button that opened it.
 */
export function SuspendDialog(props: {
  open: boolean;
  objectLabel: string;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}) {
  const [reason, setReason] = useState('');
  const trimmed = reason.trim();
  return (
    <Dialog
      open={props.open}
      onClose={props.onCancel}
      aria-labelledby="mlops-suspend-title"
      aria-describedby="mlops-suspend-text"
    >
      <form
        onSubmit={e => {
          e.preventDefault();
          if (trimmed) props.onConfirm(trimmed);
        }}
      >
        <DialogTitle id="mlops-suspend-title">Suspend {props.objectLabel}?</DialogTitle>
        <DialogContent>
          <DialogContentText id="mlops-suspend-text">
            Flux stops reconciling it until someone resumes it: changes in Git
            are not applied and drift is not corrected. Your name and reason are
            recorded on the object.
          </DialogContentText>
          <TextField
            // The WAI-ARIA dialog pattern puts focus on the first field when a
            // dialog opens: https://www.w3.org/WAI/ARIA/apg/patterns/dialog-modal/
            // eslint-disable-next-line jsx-a11y/no-autofocus
            autoFocus
            required
            fullWidth
            id="mlops-suspend-reason"
            label="Reason"
            value={reason}
            onChange={e => setReason(e.target.value)}
            inputProps={{ maxLength: 500 }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onCancel}>Cancel</Button>
          <Button type="submit" color="primary" variant="contained" disabled={!trimmed}>
            Suspend
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
