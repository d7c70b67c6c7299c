import { useMemo } from 'react';
import { Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { InfoCard, Progress } from '@backstage/core-components';
import type { Entity } from '@backstage/catalog-model';
import { ANNOTATION_OBJECTS, parseObjectsAnnotation } from '@mlops-portal/plugin-mlops-common';
import { useChangeBranches } from '../../hooks/useChangeBranches';
import { ChangeBranchRow, errorMessage } from '../PendingChanges';
import { describeTouch, entityChangeBranches } from './entityChangeBranches';
import { useEntityLayer } from './useEntityLayer';

/**
 * "Pending changes" of one entity: the open change branches whose preview
 * touches it (its objects, its Kustomization, or its layer, also through
 * `dependsOn`), each saying how, with the full preview when opened. Follows
 * the backend's pushes like the platform page's list.
 */
export function EntityPendingChanges(props: { entity: Entity }) {
  const { entity } = props;
  const { available, value, error, loading } = useChangeBranches();
  const layer = useEntityLayer(entity);
  const objectsAnnotation = entity.metadata.annotations?.[ANNOTATION_OBJECTS];
  const matches = useMemo(
    () =>
      value
        ? entityChangeBranches(value.branches, { objects: parseObjectsAnnotation(objectsAnnotation).refs, layer })
        : [],
    [value, objectsAnnotation, layer],
  );
  if (!available) return null;

  let body;
  if (loading && !value) body = <Progress />;
  else if (error && !value) body = <Alert severity="info">Pending changes unavailable: {errorMessage(error)}</Alert>;
  else if (value?.message) body = <Alert severity="info">{value.message}</Alert>;
  else if (!matches.length) {
    body = (
      <Typography variant="body2" data-testid="mlops-entity-pending-empty">
        No open change branch touches this entity{layer ? ` or its layer ${layer}` : ''}.
      </Typography>
    );
  } else {
    body = matches.map(({ branch, touches }) => (
      <ChangeBranchRow key={branch.name} branch={branch}>
        <ul aria-label={`How ${branch.name} touches this entity`} style={{ margin: 0, paddingLeft: 16 }}>
          {touches.map(t => (
            <Typography component="li" variant="caption" key={describeTouch(t)}>
              {describeTouch(t)}
            </Typography>
          ))}
        </ul>
      </ChangeBranchRow>
    ));
  }
  return (
    <InfoCard title="Pending changes" subheader="Open change branches that touch this entity, and how">
      <div data-testid="mlops-entity-pending-changes">{body}</div>
    </InfoCard>
  );
}
