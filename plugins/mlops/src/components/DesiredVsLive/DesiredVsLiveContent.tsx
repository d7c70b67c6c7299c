import { makeStyles } from '@material-ui/core/styles';
import { EmptyState, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { EntityObjects } from '@mlops-portal/plugin-mlops-common';
import { mlopsApiRef } from '../../api';
import { useLiveData } from '../../hooks/useLiveData';
import { HelmReleaseDiffCard } from './HelmReleaseDiffCard';
import { KustomizationDriftCard } from './KustomizationDriftCard';

const useStyles = makeStyles(theme => ({
  list: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: theme.spacing(2) },
  error: { color: theme.palette.error.dark },
}));

/**
 * The entity "Desired vs live" tab: for each of the entity's HelmReleases
 * the current revision against an earlier one or Git, with drift detection
 * and its events; for each Kustomization what in the cluster differs from
 * Git. Each object loads on its own, so one failure degrades one card.
 * @public
 */
export function DesiredVsLiveContent() {
  const classes = useStyles();
  const api = useApi(mlopsApiRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { value, error, loading } = useLiveData<EntityObjects>(
    () => api.getEntityObjects(entityRef),
    [api, entityRef],
    s => s.entityRefs.includes(entityRef),
  );
  if (error) return <ResponseErrorPanel error={error} />;
  if (loading || !value) return <Progress />;
  const objects = value.objects.filter(
    o => o.namespace && (o.kind === 'HelmRelease' || o.kind === 'Kustomization'),
  );
  if (!objects.length && !value.errors.length) {
    return (
      <EmptyState
        missing="data"
        title="No HelmRelease or Kustomization is linked to this entity"
        description="Desired vs live compares Flux HelmReleases and Kustomizations with Git."
      />
    );
  }
  return (
    <div className={classes.list}>
      {value.errors.map(e => (
        <div key={e.cluster} role="alert" className={classes.error}>
          Cluster {e.cluster}: {e.message}. Its objects are not compared.
        </div>
      ))}
      {objects.map(o => {
        const ref = { cluster: o.cluster, namespace: o.namespace!, name: o.name };
        const key = `${o.cluster}/${o.kind}/${o.namespace}/${o.name}`;
        return o.kind === 'HelmRelease' ? (
          <HelmReleaseDiffCard key={key} object={ref} entityRef={entityRef} />
        ) : (
          <KustomizationDriftCard key={key} object={ref} entityRef={entityRef} />
        );
      })}
    </div>
  );
}
