import { useEffect, useState } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  ANNOTATION_LABEL_SELECTOR,
  ANNOTATION_OBJECTS,
  mlopsFluxReconcilePermission,
  mlopsFluxSuspendPermission,
  type ActionResult,
  type EntityObjects,
  type ObjectSummary,
} from '@mlops-portal/plugin-mlops-common';
import { mlopsApiRef } from '../../api';
import { useLiveData } from '../../hooks/useLiveData';
import { StatusChip, formatCounts } from '../StatusChip';
import { FluxObjectActions } from './FluxObjectActions';
import { ObjectDetailsPanel } from './ObjectDetailsPanel';
import { objectKey } from './objectKey';
import { EntityPendingChanges } from '../EntityPendingChanges';

const useStyles = makeStyles(theme => ({
  summary: { display: 'flex', gap: theme.spacing(2), alignItems: 'center', marginBottom: theme.spacing(2) },
  muted: { color: theme.palette.text.primary, fontSize: '0.8rem' },
  errorRow: { color: theme.palette.error.dark },
  badge: {
    display: 'inline-block',
    padding: theme.spacing(0, 0.75),
    borderRadius: 8,
    border: `1px dashed ${theme.palette.text.secondary}`,
    fontSize: '0.75rem',
  },
  section: { marginTop: theme.spacing(3) },
  nameButton: { textTransform: 'none', padding: 0, minWidth: 0, textAlign: 'left' },
}));

/** Tells why nothing could be resolved, naming the annotation to add. */
function MissingLinks(props: { notes: string[] }) {
  return (
    <EmptyState
      missing="field"
      title="No cluster objects are linked to this entity"
      description={
        <>
          {props.notes.length ? (
            <ul>
              {props.notes.map(n => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
          Add the <code>{ANNOTATION_OBJECTS}</code> annotation (for example{' '}
          <code>HelmRelease:orchestration/airflow</code>) or the{' '}
          <code>{ANNOTATION_LABEL_SELECTOR}</code> annotation to its
          catalog-info.yaml.
        </>
      }
    />
  );
}

function ObjectRow(props: {
  object: ObjectSummary;
  selected: boolean;
  onSelect: () => void;
  canReconcile: boolean;
  canSuspend: boolean;
  onDone: (r: ActionResult) => void;
  withActions: boolean;
}) {
  const classes = useStyles();
  const o = props.object;
  const s = o.status;
  const drifted = s.badges.includes('drifted');
  return (
    <TableRow selected={props.selected} data-testid={`object-${objectKey(o)}`}>
      <TableCell>{o.kind}</TableCell>
      <TableCell>
        <Button
          className={classes.nameButton}
          color="primary"
          aria-pressed={props.selected}
          aria-label={`Show details of ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`}
          onClick={props.onSelect}
        >
          {o.namespace ? `${o.namespace}/` : ''}
          {o.name}
        </Button>
      </TableCell>
      <TableCell>{o.cluster}</TableCell>
      <TableCell>
        <StatusChip status={s.status} badges={s.badges.filter(b => b !== 'drifted')} />
        <div>
          {s.reason ? <strong>{s.reason}</strong> : null}
          {s.message ? <div>{s.message}</div> : null}
        </div>
      </TableCell>
      <TableCell>{s.revision ?? ''}</TableCell>
      <TableCell>{o.lastChange ?? s.since ?? ''}</TableCell>
      <TableCell>
        {o.suspended
          ? `by ${o.suspendedBy ?? 'unknown'}${o.suspendReason ? `: ${o.suspendReason}` : ''}`
          : ''}
      </TableCell>
      <TableCell>
        {drifted ? <span className={classes.badge}>drift detected</span> : null}
        {o.unmanaged ? <span className={classes.badge}>not in Git</span> : null}
      </TableCell>
      {props.withActions ? (
        <TableCell>
          <FluxObjectActions
            object={o}
            canReconcile={props.canReconcile}
            canSuspend={props.canSuspend}
            onDone={props.onDone}
          />
        </TableCell>
      ) : null}
    </TableRow>
  );
}

/**
 * The entity "GitOps" tab: the entity's Flux objects with status, revision,
 * suspension and drift, the actions the user may take, details of the
 * selected object, and the pending change branches that touch the entity.
 * Follows pushed updates for this entity.
 * @public
 */
export function GitOpsContent() {
  const classes = useStyles();
  const api = useApi(mlopsApiRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { value, error, loading, refresh } = useLiveData<EntityObjects>(
    () => api.getEntityObjects(entityRef),
    [api, entityRef],
    s => s.entityRefs.includes(entityRef),
  );
  const reconcilePermission = usePermission({ permission: mlopsFluxReconcilePermission, resourceRef: entityRef });
  const suspendPermission = usePermission({ permission: mlopsFluxSuspendPermission, resourceRef: entityRef });
  const [selected, setSelected] = useState<string>();
  // An action's answer carries the object's new state; show it at once, until
  // the next full answer replaces it.
  const [overrides, setOverrides] = useState<Record<string, ObjectSummary>>({});
  useEffect(() => setOverrides({}), [value]);

  if (error) return <ResponseErrorPanel error={error} />;
  if (loading || !value) return <Progress />;
  if (!value.objects.length && !value.errors.length) {
    return <MissingLinks notes={value.notes} />;
  }

  const objects = value.objects.map(o => overrides[objectKey(o)] ?? o);
  const flux = objects.filter(o => o.flux);
  const others = objects.filter(o => !o.flux);
  const canReconcile = reconcilePermission.allowed;
  const canSuspend = suspendPermission.allowed;
  const withActions = (canReconcile || canSuspend) && flux.length > 0;
  const onDone = (r: ActionResult) => {
    setOverrides(prev => ({ ...prev, [objectKey(r.object)]: r.object }));
    refresh();
  };
  const selectedObject = objects.find(o => objectKey(o) === selected);
  const headers = ['Kind', 'Name', 'Cluster', 'Status', 'Revision', 'Last change', 'Suspended', 'Drift'];

  const renderTable = (rows: ObjectSummary[], label: string, actions: boolean, errors: boolean) => (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          {headers.map(h => <TableCell key={h}>{h}</TableCell>)}
          {actions ? <TableCell>Actions</TableCell> : null}
        </TableRow>
      </TableHead>
      <TableBody>
        {errors
          ? value.errors.map(e => (
              <TableRow key={`error-${e.cluster}`} data-testid={`cluster-error-${e.cluster}`}>
                <TableCell colSpan={headers.length + (actions ? 1 : 0)} className={classes.errorRow} role="alert">
                  Cluster {e.cluster}: {e.message}. Its objects are not shown.
                </TableCell>
              </TableRow>
            ))
          : null}
        {rows.map(o => (
          <ObjectRow
            key={objectKey(o)}
            object={o}
            selected={selected === objectKey(o)}
            onSelect={() => setSelected(k => (k === objectKey(o) ? undefined : objectKey(o)))}
            canReconcile={canReconcile}
            canSuspend={canSuspend}
            onDone={onDone}
            withActions={actions}
          />
        ))}
      </TableBody>
    </Table>
  );

  return (
    <div data-testid="mlops-gitops">
      <div className={classes.summary}>
        <StatusChip status={value.status} />
        <span className={classes.muted}>{formatCounts(value.counts)}</span>
      </div>
      <InfoCard title="Flux objects" noPadding>
        {flux.length || value.errors.length ? (
          renderTable(flux, 'Flux objects', withActions, true)
        ) : (
          <Typography variant="body2" style={{ padding: 16 }}>
            This entity has no Flux objects.
          </Typography>
        )}
      </InfoCard>
      {others.length ? (
        <div className={classes.section}>
          <InfoCard title="Operator objects and workloads" noPadding>
            {renderTable(others, 'Operator objects and workloads', false, false)}
          </InfoCard>
        </div>
      ) : null}
      {selectedObject ? (
        <div className={classes.section}>
          <ObjectDetailsPanel object={selectedObject} />
        </div>
      ) : null}
      <div className={classes.section}>
        <EntityPendingChanges entity={entity} />
      </div>
    </div>
  );
}
