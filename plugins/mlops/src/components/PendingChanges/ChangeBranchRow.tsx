import type { ReactNode } from 'react';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Typography,
} from '@material-ui/core';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import Alert from '@material-ui/lab/Alert';
import { Link } from '@backstage/core-components';
import type { ChangeBranch } from '@mlops-portal/plugin-mlops-common';
import { ChangePreviewView, summarizePreview } from '../ChangePreview/ChangePreviewView';

/** One change branch: name, subject and summary (and `children` below them); its preview when opened. */
export function ChangeBranchRow(props: { branch: ChangeBranch; children?: ReactNode }) {
  const b = props.branch;
  return (
    <Accordion data-testid={`mlops-change-branch-${b.name}`} TransitionProps={{ unmountOnExit: true }}>
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
          <Typography variant="caption" component="div">
            {b.error
              ? 'could not be read'
              : `${summarizePreview(b.preview!)}${b.preview!.warnings.length ? `; ${b.preview!.warnings.length} warnings` : ''}`}{' '}
            · into {b.base} · {b.commit.slice(0, 8)} · {b.date}
          </Typography>
          {props.children}
        </Box>
      </AccordionSummary>
      <AccordionDetails>
        <Box display="flex" flexDirection="column" width="100%">
          {b.error ? <Alert severity="warning">{b.error}</Alert> : <ChangePreviewView preview={b.preview!} />}
          {b.pullRequest ? null : (
            // Local mode has no pull request page: the merge is one command.
            <Typography variant="caption" component="div" data-testid="mlops-change-branch-merge-hint">
              To merge it into {b.base} of the local GitOps repository: <code>scripts/portal merge {b.name}</code>
            </Typography>
          )}
        </Box>
      </AccordionDetails>
    </Accordion>
  );
}
