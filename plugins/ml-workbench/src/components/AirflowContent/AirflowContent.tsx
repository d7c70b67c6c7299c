import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  AIRFLOW_ENTITY_TAG_PREFIX,
  mlopsAirflowDagPausePermission,
  mlopsAirflowDagTriggerPermission,
  type AirflowDagView,
  type EntityAirflow,
} from '@mlops-portal/plugin-ml-workbench-common';
import { mlWorkbenchApiRef } from '../../api';
import { useWorkbenchData } from '../../hooks/useWorkbenchData';
import { StateChip } from '../StateChip';
import { Freshness, ProblemList, when } from '../shared/ProblemList';
import { DagActions } from './DagActions';

const useStyles = makeStyles(theme => ({
  facts: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2), alignItems: 'center', marginBottom: theme.spacing(1) },
  tasks: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
  failure: { color: theme.palette.error.dark },
}));

function DagCard(props: { dag: AirflowDagView; entityRef: string; canTrigger: boolean; canPause: boolean; onDone: () => void }) {
  const classes = useStyles();
  const d = props.dag;
  if (!d.found) {
    return (
      <InfoCard title={`DAG ${d.dagId}`}>
        <Typography variant="body2">Airflow has no DAG {d.dagId}.</Typography>
      </InfoCard>
    );
  }
  const acting = d.acceptsEntity && (props.canTrigger || props.canPause);
  return (
    <InfoCard title={`DAG ${d.dagId}`} subheader={d.schedule ? `Schedule: ${d.schedule}` : undefined}>
      <div className={classes.facts}>
        {d.isPaused ? <Chip size="small" label="paused" /> : <Chip size="small" color="primary" label="active" />}
        {d.hasImportErrors ? <StateChip state="failed" label="import errors" /> : null}
        <Typography variant="body2">Next run: {d.isPaused ? 'none while paused' : when(d.nextRunAt)}</Typography>
        {acting ? (
          <DagActions entityRef={props.entityRef} dag={d} canTrigger={props.canTrigger} canPause={props.canPause} onDone={props.onDone} />
        ) : null}
      </div>
      {!d.acceptsEntity && (props.canTrigger || props.canPause) ? (
        <Typography variant="caption" component="div" gutterBottom>
          Actions are off: this DAG's tags do not include{' '}
          <code>
            {AIRFLOW_ENTITY_TAG_PREFIX}
            {props.entityRef}
          </code>
          .
        </Typography>
      ) : null}
      <Table size="small" aria-label={`Runs of ${d.dagId}`}>
        <TableHead>
          <TableRow>
            <TableCell>Run</TableCell>
            <TableCell>State</TableCell>
            <TableCell>Started</TableCell>
            <TableCell>Ended</TableCell>
            <TableCell>Tasks</TableCell>
            <TableCell>Failed at</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {d.runs.map(r => (
            <TableRow key={r.runId} data-testid={`dag-run-${r.runId}`}>
              <TableCell>
                {r.runId}
                {r.note ? (
                  <Typography variant="caption" component="div">
                    {r.note}
                  </Typography>
                ) : null}
              </TableCell>
              <TableCell>
                <StateChip state={r.state} />
              </TableCell>
              <TableCell>{when(r.startDate)}</TableCell>
              <TableCell>{when(r.endDate)}</TableCell>
              <TableCell>
                <div className={classes.tasks}>
                  {r.tasks.map(t => (
                    <StateChip key={t.taskId} state={t.state} label={`${t.taskId}: ${t.state ?? 'none'}`} />
                  ))}
                </div>
              </TableCell>
              <TableCell className={r.failedTasks.length ? classes.failure : undefined}>{r.failedTasks.join(', ') || '–'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}

/**
 * The entity "Airflow" tab: its DAGs, paused or not, next run, recent runs
 * with task states and the task a failed run broke at; trigger, pause and
 * unpause for users the policy lets act on this entity.
 * @public
 */
export function AirflowContent() {
  const api = useApi(mlWorkbenchApiRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { value, error, loading, refresh } = useWorkbenchData<EntityAirflow>(
    () => api.getAirflow(entityRef),
    [api, entityRef],
    s => s.tool === 'airflow' && s.entityRefs.includes(entityRef),
  );
  const trigger = usePermission({ permission: mlopsAirflowDagTriggerPermission, resourceRef: entityRef });
  const pause = usePermission({ permission: mlopsAirflowDagPausePermission, resourceRef: entityRef });
  if (error && !value) return <ResponseErrorPanel error={error} />;
  if (loading || !value) return <Progress />;
  return (
    <div data-testid="ml-workbench-airflow">
      <Freshness tool="Airflow" instance={value.instance} fetchedAt={value.fetchedAt} uiUrl={value.uiUrl} />
      <ProblemList problems={value.problems} />
      <Grid container spacing={3}>
        {value.dags.map(d => (
          <Grid item xs={12} key={d.dagId}>
            <DagCard dag={d} entityRef={entityRef} canTrigger={trigger.allowed} canPause={pause.allowed} onDone={refresh} />
          </Grid>
        ))}
      </Grid>
    </div>
  );
}
