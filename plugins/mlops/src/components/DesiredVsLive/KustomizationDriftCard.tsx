import Typography from '@material-ui/core/Typography';
import { InfoCard, Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { KustomizationDrift, NamespacedObjectRef } from '@mlops-portal/plugin-mlops-common';
import { mlopsInsightsApiRef } from '../../insightsApi';
import { useLiveData } from '../../hooks/useLiveData';
import { ObjectChangeList } from './ObjectChangeList';

/** One Kustomization: what in the cluster differs from the build of its path in Git. */
export function KustomizationDriftCard(props: { object: NamespacedObjectRef; entityRef: string }) {
  const api = useApi(mlopsInsightsApiRef);
  const { cluster, namespace, name } = props.object;
  const { value, error, loading } = useLiveData<KustomizationDrift>(
    () => api.getKustomizationDrift({ cluster, namespace, name }),
    [api, cluster, namespace, name],
    s => s.entityRefs.includes(props.entityRef),
  );
  const title = `Kustomization ${namespace}/${name}`;
  const subheader = `on ${cluster}`;
  if (error) {
    return (
      <InfoCard title={title} subheader={subheader}>
        <WarningPanel severity="error" title={`Could not compare ${namespace}/${name} with Git`} message={error.message} defaultExpanded />
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
  const inSync = !value.missing.length && !value.extra.length && !value.changed.length;
  return (
    <InfoCard
      title={title}
      subheader={`${subheader}${value.path ? ` · path ${value.path}` : ''}${value.revision ? ` · ${value.revision}` : ''}`}
    >
      <Typography variant="body2">
        {value.desired} object{value.desired === 1 ? '' : 's'} in Git, {value.live} applied.{' '}
        {inSync ? 'The cluster matches Git.' : ''}
      </Typography>
      <ObjectChangeList title="In Git, not applied" objects={value.missing} />
      <ObjectChangeList title="Applied, no longer in Git" objects={value.extra} />
      <ObjectChangeList title="Changed in the cluster" objects={value.changed} />
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
