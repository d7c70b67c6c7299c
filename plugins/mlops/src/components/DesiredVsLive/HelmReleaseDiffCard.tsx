import { useState } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { InfoCard, Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { HelmReleaseDiff, HelmRevisionSummary, NamespacedObjectRef } from '@mlops-portal/plugin-mlops-common';
import { mlopsInsightsApiRef } from '../../insightsApi';
import { useLiveData } from '../../hooks/useLiveData';
import { LineDiff } from './LineDiff';
import { ObjectChangeList } from './ObjectChangeList';

const useStyles = makeStyles(theme => ({
  bar: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2), alignItems: 'center', marginBottom: theme.spacing(2) },
  select: { font: 'inherit', padding: theme.spacing(0.5) },
  section: { marginTop: theme.spacing(2) },
  drifted: { color: theme.palette.error.dark, fontWeight: 600 },
}));

const describeRevision = (r?: HelmRevisionSummary) =>
  r ? `revision ${r.revision} (${r.status}${r.chartVersion ? `, chart ${r.chartVersion}` : ''})` : 'none';

type Mode = 'previous' | 'git';

/**
 * One HelmRelease: the current revision against an earlier one or against
 * Git (values and rendered manifest), and its drift detection with the
 * drift events helm-controller recorded.
 */
export function HelmReleaseDiffCard(props: { object: NamespacedObjectRef; entityRef: string }) {
  const classes = useStyles();
  const api = useApi(mlopsInsightsApiRef);
  const { cluster, namespace, name } = props.object;
  const [mode, setMode] = useState<Mode>('previous');
  const [from, setFrom] = useState<number>();
  const { value, error, loading } = useLiveData<HelmReleaseDiff>(
    () => api.getHelmReleaseDiff({ cluster, namespace, name }, from === undefined ? undefined : { from }),
    [api, cluster, namespace, name, from],
    s => s.entityRefs.includes(props.entityRef),
  );
  const title = `HelmRelease ${namespace}/${name}`;
  const subheader = `on ${cluster}`;
  if (error) {
    return (
      <InfoCard title={title} subheader={subheader}>
        <WarningPanel severity="error" title={`Could not compare ${namespace}/${name}`} message={error.message} defaultExpanded />
      </InfoCard>
    );
  }
  if (loading || !value) {
    return (
      <InfoCard title={title} subheader={subheader}>
        <Progress />
      </InfoCard>
    );
  }
  const current = value.current?.revision;
  const earlier = value.history.filter(h => current === undefined || h.revision < current);
  const id = `${cluster}-${namespace}-${name}`;
  return (
    <InfoCard title={title} subheader={`${subheader} · Helm release ${value.storageNamespace}/${value.release}`}>
      <div className={classes.bar}>
        <label htmlFor={`mode-${id}`}>
          Compare current {describeRevision(value.current)} with{' '}
          <select
            id={`mode-${id}`}
            className={classes.select}
            value={mode}
            onChange={e => setMode(e.target.value as Mode)}
          >
            <option value="previous">an earlier revision</option>
            <option value="git">Git</option>
          </select>
        </label>
        {mode === 'previous' && earlier.length > 0 ? (
          <label htmlFor={`from-${id}`}>
            Earlier revision{' '}
            <select
              id={`from-${id}`}
              className={classes.select}
              value={from ?? value.previous?.revision ?? ''}
              onChange={e => setFrom(Number(e.target.value))}
            >
              {earlier.map(h => (
                <option key={h.revision} value={h.revision}>
                  {describeRevision(h)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>

      {/* eslint-disable-next-line no-nested-ternary -- three outcomes: earlier revision, none, Git */}
      {mode === 'previous' ? (
        value.previous ? (
          <>
            <div className={classes.section}>
              <LineDiff
                label={`Values, revision ${value.previous.revision} → ${current}`}
                diff={value.values?.diff ?? ''}
                empty="The values are the same in both revisions."
              />
            </div>
            <div className={classes.section}>
              <LineDiff
                label={`Rendered manifest, revision ${value.previous.revision} → ${current}`}
                diff={value.manifest?.diff ?? ''}
                empty="The rendered manifest is the same in both revisions."
              />
              <ObjectChangeList title="Objects changed by the upgrade" objects={value.manifest?.objects ?? []} />
            </div>
          </>
        ) : (
          <Typography variant="body2">There is no earlier revision in Helm's storage to compare with.</Typography>
        )
      ) : value.git ? (
        <div className={classes.section}>
          <Typography variant="body2">
            Git file {value.git.file}; chart version in Git {value.git.chartVersion.git ?? 'not set'}, live{' '}
            {value.git.chartVersion.live ?? 'unknown'}
            {value.git.substituted ? '; Flux variables filled from the cluster settings' : ''}.
          </Typography>
          <LineDiff
            label="Values, Git → live"
            diff={value.git.values.diff}
            empty="The live values are the values in Git."
          />
        </div>
      ) : (
        <Typography variant="body2">This HelmRelease was not found in the GitOps checkout.</Typography>
      )}

      <div className={classes.section}>
        <Typography variant="subtitle2" component="h4">
          Drift detection
        </Typography>
        <Typography variant="body2">
          Mode: {value.drift.mode ?? 'not set (disabled)'} ·{' '}
          {value.drift.drifted ? (
            <span className={classes.drifted}>drifted</span>
          ) : (
            'no drift reported'
          )}
          {value.drift.condition ? ` · ${value.drift.condition.reason}: ${value.drift.condition.message ?? ''}` : ''}
        </Typography>
        {value.drift.windowHours !== undefined ? (
          <Typography variant="body2" data-testid="drift-event-counts">
            In the last {value.drift.windowHours} h: drift corrected {value.drift.corrected ?? 0}×, correction failed{' '}
            {value.drift.correctionFailed ? (
              <span className={classes.drifted}>{value.drift.correctionFailed}×</span>
            ) : (
              '0×'
            )}
          </Typography>
        ) : null}
        {value.drift.events.length ? (
          <ul aria-label="Drift events">
            {value.drift.events.map((e, i) => (
              <li key={i}>
                {e.lastTimestamp ? `${e.lastTimestamp} ` : ''}
                <strong>{e.reason}</strong> ({e.type}
                {e.count && e.count > 1 ? `, ${e.count}×` : ''}): {e.message}
              </li>
            ))}
          </ul>
        ) : (
          <Typography variant="body2">No drift events.</Typography>
        )}
      </div>
      {value.notes.length ? (
        <ul aria-label="Notes">
          {value.notes.map(n => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </InfoCard>
  );
}
