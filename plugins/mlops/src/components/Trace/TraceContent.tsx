import { useCallback, useMemo, useRef, useState } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import Button from '@material-ui/core/Button';
import { InfoCard, Progress, ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  DEFAULT_GROUP_LIMIT,
  MAX_GROUP_LIMIT,
  MLOPS_TRACE_SIGNAL_CHANNEL,
  type EntityTrace,
  type MlopsTraceSignal,
  type TraceGroup,
  type TraceNode,
} from '@mlops-portal/plugin-mlops-common';
import { mlopsInsightsApiRef } from '../../insightsApi';
import { useLiveData } from '../../hooks/useLiveData';
import { StatusChip, formatCounts } from '../StatusChip';
import { TraceGraph } from './TraceGraph';
import { TraceNodeDetails } from './TraceNodeDetails';

const useStyles = makeStyles(theme => ({
  bar: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2), alignItems: 'center', marginBottom: theme.spacing(2) },
  small: { fontSize: '0.85rem' },
  banner: {
    border: `2px solid ${theme.palette.error.main}`,
    borderRadius: 6,
    padding: theme.spacing(1.5, 2),
    marginBottom: theme.spacing(2),
    background: theme.palette.background.paper,
  },
  bannerList: { margin: theme.spacing(0.5, 0, 0), paddingLeft: theme.spacing(2.5) },
  layout: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: theme.spacing(2) },
  select: { font: 'inherit', padding: theme.spacing(0.5) },
}));

const describe = (n: TraceNode) => `${n.kind} ${n.namespace ? `${n.namespace}/` : ''}${n.name}`;

/**
 * The entity "Trace" tab: the chain source → Kustomization → HelmRelease →
 * operator resource → workloads → pods around the entity's objects, on
 * every cluster (or one), as a grouped graph with the first failures called
 * out. Follows pushed trace changes (signal channel `mlops:trace`); nothing
 * polls.
 * @public
 */
export function TraceContent() {
  const classes = useStyles();
  const api = useApi(mlopsInsightsApiRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const [cluster, setCluster] = useState<string>('');
  /** Groups asked for, with how many nodes. */
  const [expanded, setExpanded] = useState<Record<string, number>>({});
  /** Small groups come open; the user may fold them. */
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<string>();
  const [focusRequest, setFocusRequest] = useState<{ id: string; at: number }>();
  const expandKey = JSON.stringify(expanded);
  const live = useLiveData<EntityTrace, MlopsTraceSignal>(
    () =>
      api.getEntityTrace(entityRef, {
        cluster: cluster || undefined,
        expand: Object.entries(expanded).map(([groupId, limit]) => ({ groupId, limit })),
      }),
    [api, entityRef, cluster, expandKey],
    s => s.entityRefs.includes(entityRef),
    { name: MLOPS_TRACE_SIGNAL_CHANNEL, type: 'trace-changed' },
  );
  // Keep the last answer on screen while a new expansion is fetched.
  const last = useRef<EntityTrace>();
  if (live.value) last.current = live.value;
  const trace = live.value ?? last.current;
  // The cluster list of the unfiltered trace, so the selector keeps every choice.
  const knownClusters = useRef<string[]>([]);
  if (trace && !trace.cluster) knownClusters.current = trace.clusters;

  const onToggleGroup = useCallback((g: TraceGroup) => {
    const open = g.expanded && !collapsed.has(g.id);
    if (open) {
      setCollapsed(s => new Set(s).add(g.id));
      setExpanded(e => {
        if (!(g.id in e)) return e;
        const { [g.id]: _, ...rest } = e;
        return rest;
      });
    } else {
      setCollapsed(s => {
        const n = new Set(s);
        n.delete(g.id);
        return n;
      });
      if (!g.expanded) setExpanded(e => ({ ...e, [g.id]: DEFAULT_GROUP_LIMIT }));
    }
  }, [collapsed]);
  const onShowMore = useCallback((g: TraceGroup) => {
    setExpanded(e => ({ ...e, [g.id]: Math.min(MAX_GROUP_LIMIT, (e[g.id] ?? DEFAULT_GROUP_LIMIT) * 4) }));
  }, []);
  const show = useCallback((n: TraceNode) => {
    setCollapsed(s => {
      const next = new Set(s);
      next.delete(n.groupId);
      return next;
    });
    setExpanded(e => (trace?.nodes.some(x => x.id === n.id) ? e : { ...e, [n.groupId]: e[n.groupId] ?? DEFAULT_GROUP_LIMIT }));
    setSelected(n.id);
    setFocusRequest({ id: n.id, at: Date.now() });
  }, [trace]);

  const selectedNode = useMemo(() => trace?.nodes.find(n => n.id === selected), [trace, selected]);

  if (live.error && !trace) return <ResponseErrorPanel error={live.error} />;
  if (!trace) return <Progress />;

  return (
    <div data-testid="mlops-trace">
      <div className={classes.bar}>
        <StatusChip status={trace.status} />
        <span className={classes.small} data-testid="trace-summary">
          {trace.size} object{trace.size === 1 ? '' : 's'} on {trace.clusters.length} cluster{trace.clusters.length === 1 ? '' : 's'} · {formatCounts(trace.counts)}
        </span>
        <label className={classes.small}>
          Cluster{' '}
          <select
            className={classes.select}
            id="mlops-trace-cluster"
            value={cluster}
            onChange={e => {
              setCluster(e.target.value);
              setSelected(undefined);
            }}
          >
            <option value="">All clusters</option>
            {[...new Set([...knownClusters.current, ...trace.clusters])].map(c => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        {live.loading ? <span className={classes.small}>updating…</span> : null}
      </div>
      {trace.errors.map(e => (
        <WarningPanel key={e.cluster} title={`Cluster ${e.cluster} is not shown`} message={e.message} />
      ))}
      {trace.hidden ? (
        <Typography className={classes.small} role="note">
          {trace.hidden} object{trace.hidden === 1 ? ' is' : 's are'} hidden: you may not read the entities they belong to.
        </Typography>
      ) : null}
      {trace.truncated ? (
        <Typography className={classes.small} role="note">
          This trace is cut at the size limit (mlops.trace.maxNodesPerCluster).
        </Typography>
      ) : null}
      {trace.notes.map(n => (
        <Typography key={n} className={classes.small} role="note">
          {n}
        </Typography>
      ))}
      {trace.firstFailures.length ? (
        <section className={classes.banner} aria-label="First failures" data-testid="trace-first-failures">
          <Typography variant="subtitle1" component="h2">
            First failure{trace.firstFailures.length > 1 ? 's' : ''}: failing with nothing failing upstream
          </Typography>
          <ul className={classes.bannerList}>
            {trace.firstFailures.slice(0, 5).map(n => (
              <li key={n.id}>
                <strong>{describe(n)}</strong> on {n.cluster}
                {n.reason ? ` — ${n.reason}` : ''}
                {n.message ? `: ${n.message}` : ''}{' '}
                <Button size="small" color="primary" variant="outlined" onClick={() => show(n)} aria-label={`Show ${describe(n)} on ${n.cluster} in the graph`}>
                  Show
                </Button>
              </li>
            ))}
          </ul>
          {trace.firstFailures.length > 5 ? (
            <Typography className={classes.small}>and {trace.firstFailures.length - 5} more (marked in the graph)</Typography>
          ) : null}
        </section>
      ) : null}
      <div className={classes.layout}>
        <InfoCard title="Trace" subheader="source → Kustomization → HelmRelease → resource → workload → pod" noPadding>
          {trace.groups.length ? (
            <TraceGraph
              trace={trace}
              collapsed={collapsed}
              selected={selected}
              onSelect={id => setSelected(s => (s === id ? undefined : id))}
              onToggleGroup={onToggleGroup}
              onShowMore={onShowMore}
              focusRequest={focusRequest}
            />
          ) : (
            <Typography style={{ padding: 16 }}>Nothing to trace.</Typography>
          )}
        </InfoCard>
        {selectedNode ? <TraceNodeDetails trace={trace} node={selectedNode} onSelect={id => setSelected(id)} /> : null}
      </div>
    </div>
  );
}
