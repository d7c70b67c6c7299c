import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  InventoryNode,
  ObjectDetails,
  ObjectEvent,
  ObjectEvents,
  ObjectLocator,
} from '@mlops-portal/plugin-mlops-common';
import { mlopsApiRef } from '../../api';
import { useLiveData } from '../../hooks/useLiveData';
import { StatusChip } from '../StatusChip';
import { objectKey, objectLabel } from './objectKey';

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(2) },
  tree: { margin: 0, paddingLeft: theme.spacing(2), '& li': { margin: theme.spacing(0.25, 0) } },
  warning: { fontWeight: 600 },
  // Keep short codes (types, reasons, timestamps) on one line; messages wrap.
  tables: { '& td:not(:last-child), & th': { whiteSpace: 'nowrap' } },
}));

/** Columns of `status.history` entries worth showing, per kind (status-semantics.md). */
const HISTORY_COLUMNS: Record<string, string[]> = {
  HelmRelease: ['version', 'chartVersion', 'appVersion', 'status', 'firstDeployed', 'lastDeployed', 'digest'],
  Kustomization: ['revision', 'lastReconciledStatus', 'lastReconciled', 'lastReconciledDuration', 'totalReconciliations', 'digest'],
};

function historyCell(entry: Record<string, unknown>, col: string): string {
  // Kustomization history keeps the revision under metadata.revision.
  const v =
    col === 'revision'
      ? (entry.metadata as Record<string, unknown> | undefined)?.revision ?? entry.revision
      : entry[col];
  if (v === undefined || v === null) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const eventTime = (e: ObjectEvent) => e.lastTimestamp ?? e.firstTimestamp ?? '';

/** Newest first; timestamps are compared as given (RFC 3339 sorts as text). */
export function sortEventsNewestFirst(events: ObjectEvent[]): ObjectEvent[] {
  return [...events].sort((a, b) => eventTime(b).localeCompare(eventTime(a)));
}

function EventsTable(props: { events: ObjectEvent[]; caption: string }) {
  const classes = useStyles();
  if (!props.events.length) return <Typography variant="body2">No events.</Typography>;
  return (
    <Table size="small" aria-label={props.caption}>
      <TableHead>
        <TableRow>
          <TableCell>Last seen</TableCell>
          <TableCell>Type</TableCell>
          <TableCell>Reason</TableCell>
          <TableCell>Object</TableCell>
          <TableCell>Message</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {sortEventsNewestFirst(props.events).map((e, i) => (
          <TableRow key={i}>
            <TableCell>{eventTime(e)}{e.count && e.count > 1 ? ` (×${e.count})` : ''}</TableCell>
            <TableCell className={e.type === 'Warning' ? classes.warning : undefined}>{e.type}</TableCell>
            <TableCell>{e.reason}</TableCell>
            <TableCell>{objectLabel(e.involvedObject)}</TableCell>
            <TableCell>{e.message}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function InventoryTree(props: { nodes: InventoryNode[] }) {
  const classes = useStyles();
  return (
    <ul className={classes.tree}>
      {props.nodes.map(n => (
        <li key={n.id}>
          {objectLabel(n)}
          {n.group ? <small> ({n.group})</small> : null}{' '}
          {n.status ? <StatusChip status={n.status.status} badges={n.status.badges} /> : null}
          {n.children.length ? <InventoryTree nodes={n.children} /> : null}
        </li>
      ))}
    </ul>
  );
}

function DependencyList(props: { title: string; items: ObjectDetails['dependsOn'] }) {
  return (
    <div>
      <Typography variant="subtitle2" component="h4">{props.title}</Typography>
      {props.items.length ? (
        <ul>
          {props.items.map(d => (
            <li key={objectLabel(d)}>
              {objectLabel(d)} {d.status ? <StatusChip status={d.status} /> : null}
            </li>
          ))}
        </ul>
      ) : (
        <Typography variant="body2">None.</Typography>
      )}
    </div>
  );
}

/**
 * Details of the selected Flux object: conditions, source, events (newest
 * first, with its source's), history, inventory tree and dependsOn in both
 * directions.
 */
export function ObjectDetailsPanel(props: { object: ObjectLocator }) {
  const classes = useStyles();
  const api = useApi(mlopsApiRef);
  const { object } = props;
  const key = objectKey(object);
  const { value, error, loading } = useLiveData<[ObjectDetails, ObjectEvents]>(
    () => Promise.all([api.getObject(object), api.getObjectEvents(object)]),
    [api, key],
    s => s.clusters.includes(object.cluster),
  );
  const title = `${objectLabel(object)} on ${object.cluster}`;
  if (error) return <InfoCard title={title}><ResponseErrorPanel error={error} /></InfoCard>;
  if (loading || !value) return <InfoCard title={title}><Progress /></InfoCard>;
  const [details, events] = value;
  const columns = HISTORY_COLUMNS[details.kind];

  return (
    <InfoCard title={title}>
      <div data-testid="object-details" className={classes.tables}>
        <StatusChip status={details.status.status} badges={details.status.badges} />{' '}
        {details.status.reason}
        {details.status.message ? `: ${details.status.message}` : ''}
        {details.source ? (
          <Typography variant="body2">
            Source: {objectLabel(details.source)}{' '}
            {details.source.status ? <StatusChip status={details.source.status.status} /> : null}
            {details.source.revision ? ` at ${details.source.revision}` : ''}
          </Typography>
        ) : null}

        {details.conditions.length ? (
          <section className={classes.section} aria-label="Conditions">
            <Typography variant="h6" component="h3">Conditions</Typography>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>Type</TableCell><TableCell>Status</TableCell><TableCell>Reason</TableCell>
                  <TableCell>Message</TableCell><TableCell>Since</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {details.conditions.map(c => (
                  <TableRow key={c.type}>
                    <TableCell>{c.type}</TableCell><TableCell>{c.status}</TableCell><TableCell>{c.reason}</TableCell>
                    <TableCell>{c.message}</TableCell><TableCell>{c.lastTransitionTime}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </section>
        ) : null}

        <section className={classes.section} aria-label="Events">
          <Typography variant="h6" component="h3">Events</Typography>
          <EventsTable events={events.events} caption={`Events of ${objectLabel(object)}`} />
          {events.sourceEvents.length ? (
            <>
              <Typography variant="subtitle2" component="h4">Events of its source</Typography>
              <EventsTable events={events.sourceEvents} caption="Events of its source" />
            </>
          ) : null}
        </section>

        {columns ? (
          <section className={classes.section} aria-label="History">
            <Typography variant="h6" component="h3">History</Typography>
            {details.history.length ? (
              <Table size="small" aria-label={`History of ${objectLabel(object)}`}>
                <TableHead>
                  <TableRow>{columns.map(c => <TableCell key={c}>{c}</TableCell>)}</TableRow>
                </TableHead>
                <TableBody>
                  {details.history.map((h, i) => (
                    <TableRow key={i}>
                      {columns.map(c => <TableCell key={c}>{historyCell(h, c)}</TableCell>)}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            ) : (
              <Typography variant="body2">No history recorded yet.</Typography>
            )}
          </section>
        ) : null}

        {details.inventory ? (
          <section className={classes.section} aria-label="Inventory">
            <Typography variant="h6" component="h3">Inventory</Typography>
            {details.inventory.length ? (
              <InventoryTree nodes={details.inventory} />
            ) : (
              <Typography variant="body2">The inventory is empty.</Typography>
            )}
          </section>
        ) : null}

        <section className={classes.section} aria-label="Dependencies">
          <Typography variant="h6" component="h3">Dependencies</Typography>
          <DependencyList title="Depends on" items={details.dependsOn} />
          <DependencyList title="Needed by" items={details.dependedOnBy} />
        </section>
      </div>
    </InfoCard>
  );
}
