import { Box, Button, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { Progress } from '@backstage/core-components';
import { useChangeBranches } from '../../hooks/useChangeBranches';
import { ChangeBranchRow } from './ChangeBranchRow';
import { errorMessage } from './errorMessage';

/**
 * "Pending changes": the open change branches of the GitOps repository (the
 * branches the GitOps templates push), each with what it will do to the
 * platform once merged. A branch that cannot be read is one row with its
 * error; broken YAML is a warning inside its preview. Follows the backend's
 * pushes: a branch that appears, moves or goes away shows at once.
 */
export function PendingChanges() {
  const { available, value, error, loading, refresh } = useChangeBranches();
  if (!available) return null;
  return (
    <Box data-testid="mlops-pending-changes">
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="body2">
          Open change branches of the GitOps repository and what each does once merged.
        </Typography>
        <Button size="small" onClick={refresh} disabled={loading}>
          Refresh
        </Button>
      </Box>
      {loading && !value ? <Progress /> : null}
      {error ? <Alert severity="warning">Pending changes unavailable: {errorMessage(error)}</Alert> : null}
      {value?.message ? <Alert severity="info">{value.message}</Alert> : null}
      {value && !value.message && !value.branches.length ? (
        <Typography variant="body2">No open change branches.</Typography>
      ) : null}
      {value?.branches.map(b => (
        <ChangeBranchRow key={b.name} branch={b} />
      ))}
      {value?.more ? (
        <Typography variant="caption">… and {value.more} older branches not listed.</Typography>
      ) : null}
    </Box>
  );
}
