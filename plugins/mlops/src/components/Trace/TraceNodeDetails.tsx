import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import type { EntityTrace, TraceEdgeType, TraceNode } from '@mlops-portal/plugin-mlops-common';
import { StatusChip } from '../StatusChip';
import { EntityLink } from '../EntityLink';

const useStyles = makeStyles(theme => ({
  dl: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: theme.spacing(2), rowGap: theme.spacing(0.5), margin: 0 },
  dt: { fontWeight: 600 },
  dd: { margin: 0, wordBreak: 'break-word' },
  list: { margin: 0, paddingLeft: theme.spacing(2) },
  linkButton: { font: 'inherit', color: theme.palette.primary.main, background: 'none', border: 0, padding: 0, cursor: 'pointer', textDecoration: 'underline', textAlign: 'left' },
}));

const RELATION: Record<TraceEdgeType, { up: string; down: string }> = {
  source: { up: 'reads from', down: 'feeds' },
  applies: { up: 'applied by', down: 'applies' },
  owns: { up: 'owned by', down: 'owns' },
  dependsOn: { up: 'needed by', down: 'depends on' },
};

function describe(trace: EntityTrace, id: string): string {
  const n = trace.nodes.find(x => x.id === id);
  if (n) return `${n.kind} ${n.namespace ? `${n.namespace}/` : ''}${n.name} (${n.cluster})`;
  const g = trace.groups.find(x => x.id === id);
  return g ? `${g.kind} in ${g.namespace ?? 'no namespace'} (group of ${g.size})` : id;
}

/** Everything the trace knows about one selected object, and its relations. */
export function TraceNodeDetails(props: { trace: EntityTrace; node: TraceNode; onSelect: (id: string) => void }) {
  const { trace, node: n } = props;
  const classes = useStyles();
  const relations = trace.edges
    .filter(e => e.from === n.id || e.to === n.id)
    .map(e => {
      const down = e.from === n.id;
      const other = down ? e.to : e.from;
      return { label: down ? RELATION[e.type].down : RELATION[e.type].up, other };
    });
  const listed = new Set(trace.nodes.map(x => x.id));
  return (
    <InfoCard title={`${n.kind} ${n.namespace ? `${n.namespace}/` : ''}${n.name}`} subheader={`on cluster ${n.cluster}`}>
      <dl className={classes.dl} data-testid="trace-details">
        <dt className={classes.dt}>Status</dt>
        <dd className={classes.dd}>
          {n.status ? <StatusChip status={n.status} badges={n.badges} /> : 'not watched by the portal'}
          {n.firstFailure ? ' — first failure: nothing upstream of it fails' : ''}
        </dd>
        {n.reason ? (
          <>
            <dt className={classes.dt}>Reason</dt>
            <dd className={classes.dd}>{n.reason}</dd>
          </>
        ) : null}
        {n.message ? (
          <>
            <dt className={classes.dt}>Message</dt>
            <dd className={classes.dd}>{n.message}</dd>
          </>
        ) : null}
        {n.revision ? (
          <>
            <dt className={classes.dt}>Revision</dt>
            <dd className={classes.dd}>{n.revision}</dd>
          </>
        ) : null}
        {n.entityRef ? (
          <>
            <dt className={classes.dt}>Entity</dt>
            <dd className={classes.dd}>
              <EntityLink entityRef={n.entityRef} />
            </dd>
          </>
        ) : null}
      </dl>
      <Typography variant="subtitle2" component="h4" style={{ marginTop: 16 }}>
        Relations
      </Typography>
      {relations.length ? (
        <ul className={classes.list}>
          {relations.map(r => (
            <li key={`${r.label}-${r.other}`}>
              {r.label}{' '}
              {listed.has(r.other) ? (
                <button type="button" className={classes.linkButton} onClick={() => props.onSelect(r.other)}>
                  {describe(trace, r.other)}
                </button>
              ) : (
                describe(trace, r.other)
              )}
            </li>
          ))}
        </ul>
      ) : (
        <Typography variant="body2">None in this trace.</Typography>
      )}
    </InfoCard>
  );
}
