import { useMemo } from 'react';
import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { EntityRollup, PlatformOverview } from '@mlops-portal/plugin-mlops-common';
import { STATUS_SEVERITY } from '@mlops-portal/plugin-mlops-common';
import { mlopsApiRef } from '../../api';
import { useLiveData } from '../../hooks/useLiveData';
import { RollupTable } from '../LayerHealthCard';
import { formatCounts } from '../StatusChip';

/**
 * "Platform components you own", for a Group: every entity of the platform
 * overview whose owner is this group (direct ownership, as the catalog's
 * ownedBy relation says), worst status first.
 * @public
 */
export function OwnedComponentsCard() {
  const api = useApi(mlopsApiRef);
  const { entity } = useEntity();
  const groupRef = stringifyEntityRef(entity).toLowerCase();
  const { value, error, loading } = useLiveData<PlatformOverview>(() => api.getOverview({}), [api]);
  const owned = useMemo(() => {
    const out: Array<EntityRollup & { layer: string }> = [];
    for (const l of value?.layers ?? []) {
      for (const e of l.entities) {
        if (e.owner?.toLowerCase() === groupRef) out.push({ ...e, layer: l.title });
      }
    }
    // Worst first, in the roll-up order of mlops-common.
    return out.sort((a, b) => STATUS_SEVERITY[b.status] - STATUS_SEVERITY[a.status]);
  }, [value, groupRef]);

  const title = 'Platform components you own';
  if (error) return <InfoCard title={title}><ResponseErrorPanel error={error} /></InfoCard>;
  if (loading || !value) return <InfoCard title={title}><Progress /></InfoCard>;
  if (!owned.length) {
    return (
      <InfoCard title={title}>
        <Typography variant="body2">This group owns no platform components or resources.</Typography>
      </InfoCard>
    );
  }
  const counts = { Ready: 0, Progressing: 0, Failed: 0, Suspended: 0, Unknown: 0 };
  owned.forEach(e => (counts[e.status] += 1));
  return (
    <InfoCard title={title} subheader={formatCounts(counts)}>
      <RollupTable
        entities={owned}
        label={title}
        showOwner={false}
        extra={e => (e as EntityRollup & { layer: string }).layer}
      />
    </InfoCard>
  );
}
