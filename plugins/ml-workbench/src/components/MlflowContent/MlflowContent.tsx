import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  mlopsModelPromotePermission,
  type EntityMlflow,
  type MlflowExperimentView,
  type MlflowModelView,
} from '@mlops-portal/plugin-ml-workbench-common';
import { mlWorkbenchApiRef } from '../../api';
import { useWorkbenchData } from '../../hooks/useWorkbenchData';
import { StateChip } from '../StateChip';
import { Freshness, ProblemList, when } from '../shared/ProblemList';
import { MetricChart } from './MetricChart';
import { PromotionDialog } from './PromotionDialog';

const fmt = (v: number | undefined) => (v === undefined ? '–' : Number(v.toPrecision(4)));

function ExperimentCard(props: { experiment: MlflowExperimentView }) {
  const e = props.experiment;
  if (!e.found) {
    return (
      <InfoCard title={`Experiment ${e.name}`}>
        <Typography variant="body2">MLflow has no experiment named {e.name}.</Typography>
      </InfoCard>
    );
  }
  const paramKeys = [...new Set(e.runs.flatMap(r => Object.keys(r.params)))].sort();
  return (
    <InfoCard title={`Experiment ${e.name}`} subheader={`${e.runs.length} most recent runs`}>
      <MetricChart experiment={e} />
      <Table size="small" aria-label={`Runs of ${e.name}`}>
        <TableHead>
          <TableRow>
            <TableCell>Run</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Started</TableCell>
            {paramKeys.map(k => (
              <TableCell key={`p-${k}`}>{k}</TableCell>
            ))}
            {e.metricKeys.map(k => (
              <TableCell key={`m-${k}`}>
                <strong>{k}</strong>
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {e.runs.map(r => (
            <TableRow key={r.runId} data-testid={`run-${r.runId}`}>
              <TableCell>{r.runName ?? r.runId}</TableCell>
              <TableCell>
                <StateChip state={r.status} />
              </TableCell>
              <TableCell>{when(r.startTime)}</TableCell>
              {paramKeys.map(k => (
                <TableCell key={`p-${k}`}>{r.params[k] ?? '–'}</TableCell>
              ))}
              {e.metricKeys.map(k => (
                <TableCell key={`m-${k}`}>{fmt(r.metrics[k])}</TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}

function ModelCard(props: { model: MlflowModelView; entityRef: string; canPromote: boolean }) {
  const m = props.model;
  const [promoting, setPromoting] = useState<string>();
  if (!m.found) {
    return (
      <InfoCard title={`Model ${m.name}`}>
        <Typography variant="body2">MLflow has no registered model named {m.name}.</Typography>
      </InfoCard>
    );
  }
  const metricKeys = [...new Set(m.versions.flatMap(v => Object.keys(v.metrics)))].sort();
  return (
    <InfoCard title={`Model ${m.name}`} subheader={m.description}>
      <Table size="small" aria-label={`Versions of ${m.name}`}>
        <TableHead>
          <TableRow>
            <TableCell>Version</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Stage</TableCell>
            <TableCell>Aliases</TableCell>
            <TableCell>Produced by run</TableCell>
            {metricKeys.map(k => (
              <TableCell key={k}>{k}</TableCell>
            ))}
            <TableCell>Registered</TableCell>
            {props.canPromote ? <TableCell>Promote</TableCell> : null}
          </TableRow>
        </TableHead>
        <TableBody>
          {m.versions.map(v => (
            <TableRow key={v.version} data-testid={`model-version-${v.version}`}>
              <TableCell>{v.version}</TableCell>
              <TableCell>
                <StateChip state={v.status} />
              </TableCell>
              <TableCell>{v.stage}</TableCell>
              <TableCell>
                {v.aliases.map(a => (
                  <Chip key={a} size="small" variant="outlined" label={`@${a}`} style={{ marginRight: 4 }} />
                ))}
              </TableCell>
              <TableCell>{v.runName ?? v.runId ?? '–'}</TableCell>
              {metricKeys.map(k => (
                <TableCell key={k}>{fmt(v.metrics[k])}</TableCell>
              ))}
              <TableCell>{when(v.createdAt)}</TableCell>
              {props.canPromote ? (
                <TableCell>
                  {v.aliases.includes('production') ? (
                    <Typography variant="caption">in production</Typography>
                  ) : (
                    <Button
                      size="small"
                      variant="outlined"
                      color="primary"
                      aria-label="Promote to production"
                      onClick={() => setPromoting(v.version)}
                    >
                      Promote
                    </Button>
                  )}
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {promoting ? (
        <PromotionDialog
          open
          entityRef={props.entityRef}
          model={m.name}
          version={promoting}
          onClose={() => setPromoting(undefined)}
        />
      ) : null}
    </InfoCard>
  );
}

/**
 * The entity "MLflow" tab: its experiments with recent runs (params and
 * metrics) and a metric's evolution across runs, its registered models with
 * versions, stages, aliases and producing runs; "Promote to production" for
 * those who may.
 * @public
 */
export function MlflowContent() {
  const api = useApi(mlWorkbenchApiRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { value, error, loading } = useWorkbenchData<EntityMlflow>(
    () => api.getMlflow(entityRef),
    [api, entityRef],
    s => s.tool === 'mlflow' && s.entityRefs.includes(entityRef),
  );
  const promote = usePermission({ permission: mlopsModelPromotePermission, resourceRef: entityRef });
  if (error && !value) return <ResponseErrorPanel error={error} />;
  if (loading || !value) return <Progress />;
  return (
    <div data-testid="ml-workbench-mlflow">
      <Freshness tool="MLflow" instance={value.instance} fetchedAt={value.fetchedAt} uiUrl={value.uiUrl} />
      <ProblemList problems={value.problems} />
      <Grid container spacing={3}>
        {value.experiments.map(e => (
          <Grid item xs={12} key={`e-${e.name}`}>
            <ExperimentCard experiment={e} />
          </Grid>
        ))}
        {value.models.map(m => (
          <Grid item xs={12} key={`m-${m.name}`}>
            <ModelCard model={m} entityRef={entityRef} canPromote={promote.allowed} />
          </Grid>
        ))}
      </Grid>
    </div>
  );
}
