import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import {
  TRACE_LEVELS,
  type EntityTrace,
  type TraceEdge,
  type TraceGroup,
  type TraceLevel,
  type TraceNode,
} from '@mlops-portal/plugin-mlops-common';
import { StatusChip, formatCounts } from '../StatusChip';
import { NAV_KEYS, moveFocus, type NavKey } from './keyboard';

/** Column titles, upstream first. */
export const LEVEL_TITLES: Record<TraceLevel, string> = {
  source: 'Sources',
  kustomization: 'Kustomizations',
  helmrelease: 'HelmReleases',
  resource: 'Resources',
  workload: 'Workloads',
  pod: 'Pods',
};

const useStyles = makeStyles(theme => ({
  graph: {
    position: 'relative',
    display: 'grid',
    gridAutoFlow: 'column',
    gridAutoColumns: 'minmax(220px, 1fr)',
    columnGap: theme.spacing(6),
    alignItems: 'start',
    overflowX: 'auto',
    padding: theme.spacing(1, 1, 2),
  },
  edges: { position: 'absolute', top: 0, left: 0, pointerEvents: 'none', overflow: 'visible' },
  column: { display: 'flex', flexDirection: 'column', gap: theme.spacing(1.5), position: 'relative', zIndex: 1, minWidth: 0 },
  columnTitle: { fontSize: '0.75rem', fontWeight: 700, textTransform: 'uppercase', letterSpacing: '0.08em', margin: 0, color: theme.palette.text.primary },
  group: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: 6,
    background: theme.palette.background.paper,
  },
  groupFailed: { borderColor: theme.palette.error.main, borderWidth: 2 },
  groupButton: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: theme.spacing(0.5),
    width: '100%',
    padding: theme.spacing(1),
    border: 0,
    background: 'transparent',
    color: theme.palette.text.primary,
    font: 'inherit',
    textAlign: 'left',
    cursor: 'pointer',
    borderRadius: 6,
    '&:focus-visible': { outline: `3px solid ${theme.palette.primary.main}`, outlineOffset: 1 },
  },
  groupTitle: { display: 'flex', gap: theme.spacing(1), alignItems: 'baseline', flexWrap: 'wrap', fontWeight: 600 },
  small: { fontSize: '0.8rem', color: theme.palette.text.primary },
  tag: {
    display: 'inline-block',
    padding: theme.spacing(0, 0.75),
    borderRadius: 8,
    fontSize: '0.75rem',
    border: `1px solid ${theme.palette.text.secondary}`,
  },
  firstTag: { borderColor: theme.palette.error.main, fontWeight: 700 },
  nodes: { listStyle: 'none', margin: 0, padding: theme.spacing(0, 0.5, 0.5) },
  nodeButton: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: 2,
    width: '100%',
    padding: theme.spacing(0.5, 0.75),
    border: '1px solid transparent',
    borderRadius: 4,
    background: 'transparent',
    color: theme.palette.text.primary,
    font: 'inherit',
    textAlign: 'left',
    cursor: 'pointer',
    '&:focus-visible': { outline: `3px solid ${theme.palette.primary.main}` },
  },
  nodeSelected: { borderColor: theme.palette.primary.main, background: theme.palette.action.selected },
  nodeFirst: { borderColor: theme.palette.error.main, borderStyle: 'solid' },
  nodeDependency: { opacity: 0.85, fontStyle: 'italic' },
  nodeName: { fontSize: '0.85rem', wordBreak: 'break-all' },
  /** Shown above the name, read after it. */
  nodeStatus: { order: -1 },
  /** Read by screen readers, not shown: context the columns give sighted users. */
  visuallyHidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    margin: -1,
    padding: 0,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
  edge: { fill: 'none', stroke: theme.palette.text.secondary, strokeOpacity: 0.55 },
  edgeDim: { strokeOpacity: 0.2 },
  edgeFailing: { stroke: theme.palette.error.main },
  edgeSelected: { fill: 'none', stroke: theme.palette.primary.main, strokeWidth: 2.5 },
  more: { margin: theme.spacing(0, 1, 1), font: 'inherit', fontSize: '0.8rem', cursor: 'pointer', color: theme.palette.primary.main, background: 'none', border: 0, textDecoration: 'underline', padding: 0 },
}));

interface Props {
  trace: EntityTrace;
  /** Groups the user folded (client-side). */
  collapsed: Set<string>;
  selected?: string;
  onSelect: (nodeId: string) => void;
  onToggleGroup: (group: TraceGroup) => void;
  onShowMore: (group: TraceGroup) => void;
  /** An item to move the keyboard focus to (e.g. from the first-failure banner). */
  focusRequest?: { id: string; at: number };
}

interface Rect {
  left: number;
  right: number;
  top: number;
  bottom: number;
  column: number;
}

const NodeItem = memo(function NodeItemButton(props: {
  node: TraceNode;
  selected: boolean;
  focused: boolean;
  multiCluster: boolean;
  classes: ReturnType<typeof useStyles>;
  register: (id: string, el: HTMLElement | null) => void;
  onSelect: (id: string) => void;
}) {
  const { node: n, classes } = props;
  const className = [
    classes.nodeButton,
    props.selected ? classes.nodeSelected : '',
    n.firstFailure ? classes.nodeFirst : '',
    n.dependencyOnly ? classes.nodeDependency : '',
  ].join(' ');
  return (
    <li>
      <button
        type="button"
        ref={el => props.register(n.id, el)}
        className={className}
        data-nav-id={n.id}
        data-testid={`trace-node-${n.id}`}
        tabIndex={props.focused ? 0 : -1}
        aria-pressed={props.selected}
        onClick={() => props.onSelect(n.id)}
      >
        {/* The accessible name is the visible text (no aria-label that could
            disagree with it, WCAG 2.5.3), with the kind, namespace and
            cluster the column and group show sighted users. */}
        <span className={classes.nodeName}>
          <span className={classes.visuallyHidden}>{n.kind}</span>{' '}
          <span className={classes.visuallyHidden}>{n.namespace ? `${n.namespace}/` : ''}</span>
          {n.name}
          {props.multiCluster ? null : (
            <>
              {' '}
              <span className={classes.visuallyHidden}>on {n.cluster}</span>
            </>
          )}
        </span>
        {props.multiCluster ? (
          <>
            {' '}
            <span className={classes.small}>
              <span className={classes.visuallyHidden}>on</span> {n.cluster}
            </span>
          </>
        ) : null}{' '}
        <span className={classes.nodeStatus}>
          {n.status ? <StatusChip status={n.status} badges={n.badges} /> : <span className={classes.tag}>not watched</span>}
          {n.firstFailure ? <span className={`${classes.tag} ${classes.firstTag}`}> first failure</span> : null}
          {n.root ? <span className={classes.tag}> this entity</span> : null}
          {n.dependencyOnly ? <span className={classes.tag}> dependency</span> : null}
        </span>
      </button>
    </li>
  );
});

/**
 * The trace as a graph that stays readable at thousands of objects: one
 * column per level (sources → Kustomizations → HelmReleases → resources →
 * workloads → pods), objects grouped by kind and namespace into boxes that
 * expand on demand, lines between groups (thicker for more relations,
 * dashed for dependsOn) and, for the selected object, its own relations.
 * One tab stop; arrow keys move between groups and objects, Enter opens a
 * group or selects an object.
 */
export function TraceGraph(props: Props) {
  const { trace, collapsed, selected } = props;
  const classes = useStyles();
  const containerRef = useRef<HTMLDivElement>(null);
  const elements = useRef(new Map<string, HTMLElement>());
  const register = useCallback((id: string, el: HTMLElement | null) => {
    if (el) elements.current.set(id, el);
    else elements.current.delete(id);
  }, []);

  const levels = useMemo(() => TRACE_LEVELS.filter(l => trace.groups.some(g => g.level === l)), [trace.groups]);
  const nodesByGroup = useMemo(() => {
    const m = new Map<string, TraceNode[]>();
    for (const n of trace.nodes) {
      const list = m.get(n.groupId);
      if (list) list.push(n);
      else m.set(n.groupId, [n]);
    }
    return m;
  }, [trace.nodes]);
  const isOpen = useCallback((g: TraceGroup) => g.expanded && !collapsed.has(g.id), [collapsed]);
  const columns = useMemo(
    () =>
      levels.map(l =>
        trace.groups
          .filter(g => g.level === l)
          .flatMap(g => [g.id, ...(isOpen(g) ? (nodesByGroup.get(g.id) ?? []).map(n => n.id) : [])]),
      ),
    [levels, trace.groups, isOpen, nodesByGroup],
  );
  const neighbours = useMemo(() => {
    const m = new Map<string, string[]>();
    const link = (a: string, b: string) => {
      const list = m.get(a);
      if (list) list.push(b);
      else m.set(a, [b]);
    };
    for (const e of [...trace.edges, ...trace.groupEdges]) {
      link(e.from, e.to);
      link(e.to, e.from);
    }
    return m;
  }, [trace.edges, trace.groupEdges]);

  // Roving tab stop.
  const [focusId, setFocusId] = useState<string>();
  /** An item to move the DOM focus to once it is the tab stop. */
  const pendingFocus = useRef<string>();
  const current = focusId && columns.some(c => c.includes(focusId)) ? focusId : columns.find(c => c.length)?.[0];
  useEffect(() => {
    if (props.focusRequest) {
      setFocusId(props.focusRequest.id);
      pendingFocus.current = props.focusRequest.id;
    }
  }, [props.focusRequest]);
  useEffect(() => {
    if (pendingFocus.current && pendingFocus.current === current) {
      pendingFocus.current = undefined;
      elements.current.get(current)?.focus();
    }
  });
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!(NAV_KEYS as readonly string[]).includes(e.key)) return;
    const from = (e.target as HTMLElement).getAttribute('data-nav-id') ?? current;
    if (!from) return;
    e.preventDefault();
    const next = moveFocus(columns, from, e.key as NavKey, id => neighbours.get(id) ?? []);
    setFocusId(next);
    pendingFocus.current = next;
  };

  // Geometry of what is drawn, for the lines (measured after each layout).
  const [rects, setRects] = useState<Map<string, Rect>>(new Map());
  const measure = useCallback(() => {
    const box = containerRef.current?.getBoundingClientRect();
    if (!box || !containerRef.current) return;
    const scrollLeft = containerRef.current.scrollLeft;
    const next = new Map<string, Rect>();
    for (const [id, el] of elements.current) {
      const r = el.getBoundingClientRect();
      const column = Number(el.closest('[data-column]')?.getAttribute('data-column') ?? 0);
      next.set(id, {
        left: r.left - box.left + scrollLeft,
        right: r.right - box.left + scrollLeft,
        top: r.top - box.top,
        bottom: r.bottom - box.top,
        column,
      });
    }
    setRects(next);
  }, []);
  useLayoutEffect(measure, [measure, trace, collapsed, selected]);
  useEffect(() => {
    const el = containerRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(() => measure());
    observer.observe(el);
    return () => observer.disconnect();
  }, [measure]);

  const failingGroups = useMemo(() => new Set(trace.groups.filter(g => g.firstFailures > 0).map(g => g.id)), [trace.groups]);
  const groupOf = useMemo(() => new Map(trace.nodes.map(n => [n.id, n.groupId])), [trace.nodes]);
  const anchor = (id: string): Rect | undefined => {
    const direct = rects.get(id);
    if (direct) return direct;
    const g = groupOf.get(id);
    return g ? rects.get(g) : undefined;
  };
  const path = (a: Rect, b: Rect): string => {
    const ay = (a.top + a.bottom) / 2;
    const by = (b.top + b.bottom) / 2;
    if (a.column === b.column) {
      // Same column: an arc on the right-hand side.
      const x = Math.max(a.right, b.right);
      return `M ${a.right} ${ay} C ${x + 36} ${ay}, ${x + 36} ${by}, ${b.right} ${by}`;
    }
    const [from, to, fy, ty] = a.column < b.column ? [a, b, ay, by] : [b, a, by, ay];
    const mid = (from.right + to.left) / 2;
    return `M ${from.right} ${fy} C ${mid} ${fy}, ${mid} ${ty}, ${to.left} ${ty}`;
  };
  const selectedEdges: TraceEdge[] = selected ? trace.edges.filter(e => e.from === selected || e.to === selected) : [];
  const width = containerRef.current?.scrollWidth ?? 0;
  const height = containerRef.current?.scrollHeight ?? 0;

  return (
    // Arrow keys bubble up from the buttons inside (one roving tab stop).
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
    <div
      ref={containerRef}
      className={classes.graph}
      role="group"
      aria-label="Trace graph: arrow keys move between groups and objects, Enter opens a group or selects an object"
      onKeyDown={onKeyDown}
      data-testid="trace-graph"
    >
      <svg className={classes.edges} width={width} height={height} aria-hidden="true" data-testid="trace-edges">
        {trace.groupEdges.map(e => {
          const a = rects.get(e.from);
          const b = rects.get(e.to);
          if (!a || !b || (e.from === e.to)) return null;
          const failing = failingGroups.has(e.to) || failingGroups.has(e.from);
          return (
            <path
              key={`${e.from}>${e.to}>${e.type}`}
              d={path(a, b)}
              className={`${classes.edge} ${failing ? classes.edgeFailing : ''} ${selected ? classes.edgeDim : ''}`}
              strokeWidth={1 + Math.log10(e.count ?? 1)}
              strokeDasharray={e.type === 'dependsOn' ? '5 4' : undefined}
            />
          );
        })}
        {selectedEdges.map(e => {
          const a = anchor(e.from);
          const b = anchor(e.to);
          if (!a || !b) return null;
          return (
            <path
              key={`sel-${e.from}>${e.to}>${e.type}`}
              d={path(a, b)}
              className={classes.edgeSelected}
              strokeDasharray={e.type === 'dependsOn' ? '5 4' : undefined}
              data-testid="trace-selected-edge"
            />
          );
        })}
      </svg>
      {levels.map((level, column) => (
        <section key={level} className={classes.column} aria-label={LEVEL_TITLES[level]} data-column={column}>
          <h3 className={classes.columnTitle}>{LEVEL_TITLES[level]}</h3>
          {trace.groups
            .filter(g => g.level === level)
            .map(g => {
              const open = isOpen(g);
              const members = open ? nodesByGroup.get(g.id) ?? [] : [];
              return (
                <div key={g.id} className={`${classes.group} ${g.firstFailures ? classes.groupFailed : ''}`} data-testid={`trace-group-${g.id}`}>
                  <button
                    type="button"
                    ref={el => register(g.id, el)}
                    className={classes.groupButton}
                    data-nav-id={g.id}
                    tabIndex={current === g.id ? 0 : -1}
                    aria-expanded={open}
                    onClick={() => props.onToggleGroup(g)}
                  >
                    {/* Named by its visible text (no aria-label, WCAG 2.5.3);
                        aria-expanded says whether it is open. */}
                    <span className={classes.groupTitle}>
                      <span>{g.kind}</span>{' '}
                      <span className={classes.small}>
                        {g.namespace ? <span className={classes.visuallyHidden}>in</span> : null}{' '}
                        {g.namespace ?? 'cluster-wide'}
                      </span>
                    </span>{' '}
                    <span>
                      {g.size > g.notWatched ? (
                        <StatusChip status={g.status} />
                      ) : (
                        <span className={classes.tag} data-not-watched>
                          not watched
                        </span>
                      )}
                      {g.firstFailures ? <span className={`${classes.tag} ${classes.firstTag}`}> first failure</span> : null}
                      {g.root ? <span className={classes.tag}> this entity</span> : null}
                    </span>{' '}
                    <span className={classes.small} data-testid={`trace-group-counts-${g.id}`}>
                      {g.size}
                      {g.size > g.notWatched ? ` · ${formatCounts(g.counts)}` : ''}
                      {g.notWatched ? ` · ${g.notWatched} not watched` : ''}
                      {g.clusters.length > 1 ? ` · ${g.clusters.length} clusters` : ''}
                    </span>
                  </button>
                  {open ? (
                    <>
                      <ul className={classes.nodes}>
                        {members.map(n => (
                          <NodeItem
                            key={n.id}
                            node={n}
                            selected={n.id === selected}
                            focused={n.id === current}
                            multiCluster={trace.clusters.length > 1}
                            classes={classes}
                            register={register}
                            onSelect={props.onSelect}
                          />
                        ))}
                      </ul>
                      {g.shown < g.size ? (
                        <button type="button" className={classes.more} onClick={() => props.onShowMore(g)}>
                          Show more ({g.shown} of {g.size} shown)
                        </button>
                      ) : null}
                    </>
                  ) : null}
                </div>
              );
            })}
        </section>
      ))}
    </div>
  );
}
