import { memo, useEffect, useMemo, useState } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import TextField from '@material-ui/core/TextField';
import Paper from '@material-ui/core/Paper';
import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { mlopsInsightsApiRef } from '../../insightsApi';
import type {
  DriftSummary,
  EntityRollup,
  LayerOverview,
  PlatformOverview,
  PlatformSettings,
} from '@mlops-portal/plugin-mlops-common';
import { mlopsApiRef } from '../../api';
import { useLiveData } from '../../hooks/useLiveData';
import {
  StatusChip,
  StatusChipWith,
  formatCounts,
  useStatusChipClasses,
} from '../StatusChip/StatusChip';
import { ClusterStates } from '../ClusterStates';
import { EntityLink } from '../EntityLink';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { PendingChanges } from '../PendingChanges';
import { changePreviewApiRef } from '../../changePreviewApi';
import { orderLayers } from './orderLayers';
import { TileLink, useTileLinkClick } from './tileLinks';

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  section: { marginBottom: theme.spacing(3) },
  band: {
    display: 'flex',
    gap: theme.spacing(2),
    padding: theme.spacing(1.5, 2),
    marginBottom: theme.spacing(1),
    borderLeft: `6px solid ${theme.palette.primary.main}`,
  },
  bandHead: { minWidth: 240, maxWidth: 280, flexShrink: 0 },
  bandTitle: { margin: 0, fontSize: '1.1rem' },
  entities: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))',
    gap: theme.spacing(1),
    listStyle: 'none',
    margin: 0,
    padding: 0,
    flexGrow: 1,
  },
  tile: {
    // Tiles below the fold are not laid out or painted until scrolled near
    // (https://developer.mozilla.org/docs/Web/CSS/content-visibility); the
    // size hint keeps the scrollbar stable. They stay in the DOM and the
    // accessibility tree, so search and screen readers still find them.
    contentVisibility: 'auto',
    containIntrinsicSize: 'auto 88px',
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(0.75, 1),
    display: 'flex',
    flexDirection: 'column',
    gap: 2,
  },
  link: {
    color: theme.palette.primary.main,
    // Always underlined: links sit inside text, where colour alone does not
    // set them apart (WCAG 1.4.1).
    textDecoration: 'underline',
  },
  problem: { color: theme.palette.error.dark, fontSize: '0.8rem' },
  muted: { color: theme.palette.text.primary, fontSize: '0.8rem' },
  settings: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    margin: 0,
    '& dt': { fontFamily: 'monospace', fontWeight: 600 },
    '& dd': { margin: 0, fontFamily: 'monospace' },
  },
}));

/**
 * What every tile takes from the page instead of computing itself: with
 * thousands of tiles, one style hook, route lookup or link hook per tile is
 * measurable (docs/benchmarks.md).
 */
interface TileContext {
  classes: ReturnType<typeof useStyles>;
  chipClasses: ReturnType<typeof useStatusChipClasses>;
  linkTo: (ref: { kind: string; namespace: string; name: string }) => string;
  basePath: string;
}

function EntityTileView(props: { entity: EntityRollup; ctx: TileContext }) {
  const { classes, chipClasses, linkTo, basePath } = props.ctx;
  const e = props.entity;
  return (
    <li className={classes.tile} data-testid={`entity-${e.entityRef}`}>
      <span>
        <TileLink
          linkTo={linkTo}
          basePath={basePath}
          className={classes.link}
          entityRef={e.entityRef}
          title={e.title}
        />
      </span>
      <StatusChipWith status={e.status} classes={chipClasses} />
      <span className={classes.muted}>
        {e.entityRef.split(':')[0]}
        {' · '}
        {e.owner ? (
          <>
            owner{' '}
            <TileLink
              linkTo={linkTo}
              basePath={basePath}
              className={classes.link}
              entityRef={e.owner}
            />
            {' · '}
          </>
        ) : null}
        {formatCounts(e.counts)}
        {e.failedRuns > 0 ? ` · ${e.failedRuns} failed runs` : ''}
      </span>
      {e.problems.slice(0, 3).map(p => (
        <span
          key={`${p.cluster}/${p.kind}/${p.namespace}/${p.name}`}
          className={classes.problem}
        >
          {p.status} on {p.cluster}: {p.kind} {p.namespace ? `${p.namespace}/` : ''}
          {p.name}: {p.reason}
          {p.message ? ` — ${p.message}` : ''}
        </span>
      ))}
    </li>
  );
}

/**
 * Every pushed update brings a fresh overview, so every object is new; a tile
 * re-renders only when what it shows changed. With thousands of tiles this
 * keeps an update to the one changed tile (see docs/benchmarks.md).
 */
function sameRollup(a: EntityRollup, b: EntityRollup): boolean {
  return (
    a.entityRef === b.entityRef &&
    a.status === b.status &&
    a.title === b.title &&
    a.owner === b.owner &&
    a.failedRuns === b.failedRuns &&
    a.counts.Ready === b.counts.Ready &&
    a.counts.Progressing === b.counts.Progressing &&
    a.counts.Failed === b.counts.Failed &&
    a.counts.Suspended === b.counts.Suspended &&
    a.counts.Unknown === b.counts.Unknown &&
    a.problems.length === b.problems.length &&
    a.problems.every((p, i) => {
      const q = b.problems[i];
      return p.cluster === q.cluster && p.kind === q.kind && p.name === q.name &&
        p.status === q.status && p.reason === q.reason && p.message === q.message;
    })
  );
}

const EntityTile = memo(
  EntityTileView,
  (prev, next) => prev.ctx === next.ctx && sameRollup(prev.entity, next.entity),
);

/** A layer's drift from GET /drift/summary, or why it is unknown. */
type LayerDrift =
  | {
      drifted: number;
      objects: DriftSummary['layers'][number]['objects'];
      corrected?: number;
      correctionFailed?: number;
      windowHours?: number;
    }
  | { error: string };

function DriftBadge(props: { drift?: LayerDrift; className: string }) {
  const { drift } = props;
  if (!drift) return null;
  if ('error' in drift) {
    return (
      <div className={props.className} data-testid="layer-drift">
        drift unknown: {drift.error}
      </div>
    );
  }
  const names = drift.objects.map(o => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} on ${o.cluster}`);
  return (
    <div className={props.className} data-testid="layer-drift" title={names.join('\n') || undefined}>
      {drift.drifted ? `${drift.drifted} drifted` : 'no drift'}
      {drift.corrected ? ` · ${drift.corrected} corrected` : ''}
      {drift.correctionFailed ? ` · ${drift.correctionFailed} failed corrections` : ''}
      {drift.corrected || drift.correctionFailed ? ` (${drift.windowHours ?? 24} h)` : ''}
    </div>
  );
}

function LayerBand(props: { layer: LayerOverview; ctx: TileContext; drift?: LayerDrift }) {
  const { ctx, layer } = props;
  const { classes } = ctx;
  const headingId = `mlops-layer-${layer.id}`;
  return (
    <Paper
      component="section"
      className={classes.band}
      aria-labelledby={headingId}
      data-testid={`layer-${layer.id}`}
    >
      <div className={classes.bandHead}>
        <h3 id={headingId} className={classes.bandTitle}>
          <EntityLink entityRef={layer.systemRef} title={layer.title} />
        </h3>
        <Typography variant="caption" component="div">
          namespace {layer.namespace}
        </Typography>
        <StatusChip status={layer.status} />
        <div className={classes.muted}>{formatCounts(layer.counts)}</div>
        <DriftBadge drift={props.drift} className={classes.muted} />
        {layer.dependsOn.length ? (
          <div className={classes.muted}>after {layer.dependsOn.join(', ')}</div>
        ) : null}
      </div>
      {layer.entities.length ? (
        <ul className={classes.entities} aria-label={`${layer.title} components and resources`}>
          {layer.entities.map(e => (
            <EntityTile key={e.entityRef} entity={e} ctx={ctx} />
          ))}
        </ul>
      ) : (
        <Typography variant="body2">
          No components or resources in this layer yet.
        </Typography>
      )}
    </Paper>
  );
}

function SettingsView(props: { settings: PlatformSettings[] }) {
  const classes = useStyles();
  if (!props.settings.length) {
    return (
      <Typography variant="body2">
        No platform settings ConfigMap was found on the selected clusters.
      </Typography>
    );
  }
  return (
    <>
      {props.settings.map(s => (
        <div key={`${s.cluster}/${s.namespace}/${s.name}`}>
          <Typography variant="subtitle2" component="h3">
            {s.cluster}: ConfigMap {s.namespace}/{s.name}
          </Typography>
          <dl className={classes.settings}>
            {Object.entries(s.values)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => (
                <div key={k} style={{ display: 'contents' }}>
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
          </dl>
        </div>
      ))}
    </>
  );
}

/**
 * The platform page's content: every layer as a band in dependency order,
 * each with its components and resources and their live status; a cluster
 * selector; each cluster's connection state; the platform settings.
 * Refreshes when the backend pushes a change, never on a timer.
 * @public
 */
export function PlatformPageContent() {
  const classes = useStyles();
  const chipClasses = useStatusChipClasses();
  const linkTo = useEntityRefLink();
  const { basePath, onClick: onTileLinkClick } = useTileLinkClick();
  const ctx = useMemo<TileContext>(
    () => ({ classes, chipClasses, linkTo, basePath }),
    [classes, chipClasses, linkTo, basePath],
  );
  const api = useApi(mlopsApiRef);
  const [cluster, setCluster] = useState('');
  const { value, error, loading } = useLiveData<PlatformOverview>(
    () => api.getOverview(cluster ? { cluster } : {}),
    [api, cluster],
    signal => !cluster || signal.clusters.includes(cluster),
  );

  // The selector lists every cluster seen in an unfiltered answer, so it keeps
  // its options while one cluster is selected.
  const [clusterNames, setClusterNames] = useState<string[]>([]);
  useEffect(() => {
    if (value && !value.cluster) {
      setClusterNames(value.clusters.map(c => c.name));
    }
  }, [value]);

  const layers = useMemo(() => (value ? orderLayers(value.layers) : []), [value]);

  // Drift per layer; the insights API is optional (legacy apps may not bind it).
  const insights = useApiHolder().get(mlopsInsightsApiRef);
  // Open change branches; optional too (the scaffolder module serves them).
  const changePreviews = useApiHolder().get(changePreviewApiRef);
  const drift = useLiveData<DriftSummary | undefined>(
    async () => (insights ? insights.getDriftSummary(cluster ? { cluster } : {}) : undefined),
    [insights, cluster],
    signal => !cluster || signal.clusters.includes(cluster),
  );
  const driftOf = (systemRef: string): LayerDrift | undefined => {
    if (!insights) return undefined;
    if (drift.error) return { error: drift.error.message };
    const l = drift.value?.layers.find(x => x.systemRef === systemRef);
    return l
      ? { drifted: l.drifted, objects: l.objects, corrected: l.corrected, correctionFailed: l.correctionFailed, windowHours: drift.value?.windowHours }
      : undefined;
  };

  return (
    <div data-testid="mlops-platform">
      <div className={classes.toolbar}>
        <TextField
          select
          label="Cluster"
          variant="outlined"
          size="small"
          value={cluster}
          onChange={e => setCluster(e.target.value as string)}
          SelectProps={{ native: true }}
          // The default label grey misses WCAG AA contrast on the page background.
          InputLabelProps={{ shrink: true, style: { color: 'inherit' } }}
          id="mlops-cluster-select"
        >
          <option value="">All clusters</option>
          {clusterNames.map(n => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </TextField>
        {value ? (
          <>
            <span>
              Platform: <StatusChip status={value.status} />
            </span>
            <span className={classes.muted}>{formatCounts(value.counts)}</span>
            <span className={classes.muted}>as of {value.generatedAt}</span>
          </>
        ) : null}
      </div>
      {error ? <ResponseErrorPanel error={error} /> : null}
      {loading && !value ? <Progress /> : null}
      {value ? (
        <>
          <section className={classes.section} aria-labelledby="mlops-clusters">
            <Typography variant="h6" component="h2" id="mlops-clusters">
              Clusters
            </Typography>
            <ClusterStates clusters={value.clusters} />
          </section>
          {/* One click handler for every tile link (see TileLink). */}
          {/* eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-noninteractive-element-interactions */}
          <section
            className={classes.section}
            aria-labelledby="mlops-layers"
            onClick={onTileLinkClick}
          >
            <Typography variant="h6" component="h2" id="mlops-layers">
              Layers
            </Typography>
            {layers.length ? (
              layers.map(l => <LayerBand key={l.id} layer={l} ctx={ctx} drift={driftOf(l.systemRef)} />)
            ) : (
              <Typography variant="body2">
                No layers found. The catalog has no System entities with the
                mlops-portal.io/layer annotation yet; check that the MLOps
                catalog module is installed and its GitOps location is set.
              </Typography>
            )}
          </section>
          {changePreviews ? (
            <section className={classes.section} aria-labelledby="mlops-pending-changes">
              <Typography variant="h6" component="h2" id="mlops-pending-changes">
                Pending changes
              </Typography>
              <PendingChanges />
            </section>
          ) : null}
          <section className={classes.section} aria-labelledby="mlops-settings">
            <Typography variant="h6" component="h2" id="mlops-settings">
              Platform settings
            </Typography>
            <SettingsView settings={value.settings} />
          </section>
        </>
      ) : null}
    </div>
  );
}

/**
 * The platform page with its own header, for apps on the old frontend system
 * (the new system's page blueprint draws the header itself).
 * @public
 */
export function PlatformPage() {
  return (
    <Page themeId="tool">
      <Header title="MLOps platform" subtitle="Every layer, live from the clusters" />
      <Content>
        <PlatformPageContent />
      </Content>
    </Page>
  );
}
