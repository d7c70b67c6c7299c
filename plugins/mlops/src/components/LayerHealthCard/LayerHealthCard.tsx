import Typography from '@material-ui/core/Typography';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { EntityRollup, PlatformOverview } from '@mlops-portal/plugin-mlops-common';
import { mlopsApiRef } from '../../api';
import { useLiveData } from '../../hooks/useLiveData';
import { StatusChip, formatCounts } from '../StatusChip';
import { EntityLink } from '../EntityLink';

/** Entities as a table: link, status, owner, counts and the first problems. */
export function RollupTable(props: {
  entities: EntityRollup[];
  label: string;
  extra?: (e: EntityRollup) => string;
  /** Off on a Group's own card, where every row has the same owner. */
  showOwner?: boolean;
}) {
  const showOwner = props.showOwner ?? true;
  const nowrap = { whiteSpace: 'nowrap' as const };
  return (
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          <TableCell>Entity</TableCell>
          {props.extra ? <TableCell>Layer</TableCell> : null}
          <TableCell>Status</TableCell>
          {showOwner ? <TableCell>Owner</TableCell> : null}
          <TableCell>Objects</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.entities.map(e => (
          <TableRow key={e.entityRef} data-testid={`rollup-${e.entityRef}`}>
            <TableCell style={nowrap}><EntityLink entityRef={e.entityRef} title={e.title} /></TableCell>
            {props.extra ? <TableCell style={nowrap}>{props.extra(e)}</TableCell> : null}
            <TableCell>
              <StatusChip status={e.status} />
              {e.problems.slice(0, 2).map(p => (
                <div key={`${p.cluster}/${p.kind}/${p.name}`}>
                  <small>{p.cluster}: {p.kind} {p.name}: {p.reason}{p.message ? ` — ${p.message}` : ''}</small>
                </div>
              ))}
            </TableCell>
            {showOwner ? <TableCell style={nowrap}>{e.owner ? <EntityLink entityRef={e.owner} /> : '–'}</TableCell> : null}
            <TableCell>{formatCounts(e.counts)}{e.failedRuns ? `, ${e.failedRuns} failed runs` : ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * Health of the platform layer this System entity stands for: its roll-up
 * status, counts and every component and resource in it.
 * @public
 */
export function LayerHealthCard() {
  const api = useApi(mlopsApiRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { value, error, loading } = useLiveData<PlatformOverview>(() => api.getOverview({}), [api]);
  if (error) return <InfoCard title="Layer health"><ResponseErrorPanel error={error} /></InfoCard>;
  if (loading || !value) return <InfoCard title="Layer health"><Progress /></InfoCard>;
  const layer = value.layers.find(l => l.systemRef.toLowerCase() === entityRef.toLowerCase());
  if (!layer) {
    return (
      <InfoCard title="Layer health">
        <Typography variant="body2">
          The MLOps backend knows no layer for {entityRef}. Check the
          mlops-portal.io/layer annotation and the catalog module's layer map.
        </Typography>
      </InfoCard>
    );
  }
  return (
    <InfoCard title={`Layer health: ${layer.title}`} subheader={`namespace ${layer.namespace}`}>
      <div data-testid="layer-health">
        <StatusChip status={layer.status} /> {formatCounts(layer.counts)}
      </div>
      <RollupTable entities={layer.entities} label={`Components and resources of ${layer.title}`} />
    </InfoCard>
  );
}
