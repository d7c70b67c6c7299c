import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEffect, useState } from 'react';
import type { ModelPromotionPreview } from '@mlops-portal/plugin-ml-workbench-common';
import { mlWorkbenchApiRef } from '../../api';

/** The scaffolder template that opens the GitOps change (templates/promote-model). */
export const PROMOTE_TEMPLATE_PATH = '/create/templates/default/promote-model';

/**
 * Link to the template, with the form filled in (the scaffolder reads `formData`).
 * @public
 */
export function promotionLink(p: { entityRef: string; model: string; version: string; environment: string }): string {
  return `${PROMOTE_TEMPLATE_PATH}?formData=${encodeURIComponent(JSON.stringify(p))}`;
}

const diff = (a?: number, b?: number) => {
  if (a === undefined || b === undefined) return '';
  const d = a - b;
  return `${d > 0 ? '+' : ''}${Number(d.toPrecision(3))}`;
};

/**
 * "Promote to production": the version's metrics next to those of the
 * version serving now, then the template that opens the pull request. The
 * change itself is made (and the permission checked again) by the scaffolder
 * action, not here.
 * @public
 */
export function PromotionDialog(props: {
  entityRef: string;
  model: string;
  version: string;
  environment?: string;
  open: boolean;
  onClose: () => void;
}) {
  const api = useApi(mlWorkbenchApiRef);
  const environment = props.environment ?? 'production';
  const [state, setState] = useState<{ value?: ModelPromotionPreview; error?: Error }>({});
  useEffect(() => {
    if (!props.open) return;
    setState({});
    api
      .getPromotionPreview(props.entityRef, props.model, props.version, environment)
      .then(value => setState({ value }), error => setState({ error }));
  }, [api, props.open, props.entityRef, props.model, props.version, environment]);
  const p = state.value;
  return (
    <Dialog open={props.open} onClose={props.onClose} aria-labelledby="promote-title" maxWidth="md" fullWidth>
      <DialogTitle id="promote-title">
        Promote {props.model} version {props.version} to {environment}
      </DialogTitle>
      <DialogContent>
        {state.error ? <ResponseErrorPanel error={state.error} /> : null}
        {!state.error && !p ? <Progress /> : null}
        {p ? (
          <>
            <Typography variant="body2" paragraph>
              Opens a pull request on the GitOps repository that sets the model of the serving component in the{' '}
              <strong>{environment}</strong> overlay ({p.servingPath ? <code>{p.servingPath}</code> : 'no serving path on this entity'}) to
              version {p.candidate.version}. The alias <code>{p.alias}</code> is now on{' '}
              {p.current ? `version ${p.current.version}` : 'no version'}.
            </Typography>
            <Table size="small" aria-label="Metrics of the two versions">
              <TableHead>
                <TableRow>
                  <TableCell>Metric</TableCell>
                  <TableCell>Version {p.candidate.version} (candidate)</TableCell>
                  <TableCell>{p.current ? `Version ${p.current.version} (${p.alias} now)` : `${p.alias} now`}</TableCell>
                  <TableCell>Change</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {p.metricKeys.map(k => (
                  <TableRow key={k}>
                    <TableCell>{k}</TableCell>
                    <TableCell>{p.candidate.metrics[k] ?? '–'}</TableCell>
                    <TableCell>{p.current?.metrics[k] ?? '–'}</TableCell>
                    <TableCell>{diff(p.candidate.metrics[k], p.current?.metrics[k])}</TableCell>
                  </TableRow>
                ))}
                <TableRow>
                  <TableCell>run</TableCell>
                  <TableCell>{p.candidate.runName ?? p.candidate.runId ?? '–'}</TableCell>
                  <TableCell>{p.current ? p.current.runName ?? p.current.runId ?? '–' : '–'}</TableCell>
                  <TableCell />
                </TableRow>
              </TableBody>
            </Table>
          </>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={!p || !p.servingPath || p.current?.version === p.candidate.version}
          href={p ? promotionLink({ entityRef: props.entityRef, model: props.model, version: props.version, environment }) : undefined}
        >
          Open the pull request
        </Button>
      </DialogActions>
    </Dialog>
  );
}
