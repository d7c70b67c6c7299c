import { useCallback, useEffect, useState } from 'react';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Button,
  Typography,
} from '@material-ui/core';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import Alert from '@material-ui/lab/Alert';
import { Link, Progress } from '@backstage/core-components';
import { useApiHolder } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { changePreviewApiRef, type ChangeBranchList } from '../../changePreviewApi';
import { ChangePreviewView, summarizePreview } from '../ChangePreview/ChangePreviewView';

function errorMessage(e: unknown): string {
  if (e instanceof ResponseError) return e.body?.error?.message ?? e.message;
  return (e as Error)?.message ?? String(e);
}

/**
 * "Pending changes": the open change branches of the GitOps repository (the
 * branches the GitOps templates push), each with what it will do to the
 * platform once merged. A branch that cannot be read is one row with its
 * error; broken YAML is a warning inside its preview.
 */
export function PendingChanges() {
  const api = useApiHolder().get(changePreviewApiRef);
  const [state, setState] = useState<{ loading: boolean; value?: ChangeBranchList; error?: string }>({
    loading: true,
  });
  const load = useCallback(() => {
    if (!api) return;
    setState(s => ({ ...s, loading: true }));
    api
      .listChangeBranches()
      .then(value => setState({ loading: false, value }))
      .catch(e => setState({ loading: false, error: errorMessage(e) }));
  }, [api]);
  useEffect(load, [load]);

  if (!api) return null;
  const { value } = state;
  return (
    <Box data-testid="mlops-pending-changes">
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="body2">
          Open change branches of the GitOps repository and what each does once merged.
        </Typography>
        <Button size="small" onClick={load} disabled={state.loading}>
          Refresh
        </Button>
      </Box>
      {state.loading && !value ? <Progress /> : null}
      {state.error ? <Alert severity="warning">Pending changes unavailable: {state.error}</Alert> : null}
      {value?.message ? <Alert severity="info">{value.message}</Alert> : null}
      {value && !value.message && !value.branches.length ? (
        <Typography variant="body2">No open change branches.</Typography>
      ) : null}
      {value?.branches.map(b => (
        <Accordion key={b.name} data-testid={`mlops-change-branch-${b.name}`} TransitionProps={{ unmountOnExit: true }}>
          <AccordionSummary expandIcon={<ExpandMoreIcon />} aria-controls={`branch-${b.name}`}>
            <Box>
              <Typography variant="body2">
                <strong>{b.name}</strong> — {b.subject}
                {b.pullRequest?.url ? (
                  <>
                    {' '}
                    {/* A click on the link opens the pull request, not the row. */}
                    <Link to={b.pullRequest.url} onClick={e => e.stopPropagation()}>
                      pull request #{b.pullRequest.number}
                    </Link>
                  </>
                ) : null}
              </Typography>
              <Typography variant="caption">
                {b.error
                  ? 'could not be read'
                  : `${summarizePreview(b.preview!)}${b.preview!.warnings.length ? `; ${b.preview!.warnings.length} warnings` : ''}`}{' '}
                · into {b.base} · {b.commit.slice(0, 8)} · {b.date}
              </Typography>
            </Box>
          </AccordionSummary>
          <AccordionDetails>
            {b.error ? <Alert severity="warning">{b.error}</Alert> : <ChangePreviewView preview={b.preview!} />}
          </AccordionDetails>
        </Accordion>
      ))}
      {value?.more ? (
        <Typography variant="caption">… and {value.more} older branches not listed.</Typography>
      ) : null}
    </Box>
  );
}
