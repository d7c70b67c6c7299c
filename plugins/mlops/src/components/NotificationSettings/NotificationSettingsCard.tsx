import { useEffect, useState } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type {
  EntityNotificationSettings,
  MlopsNotificationEvent,
  NotificationMode,
} from '@mlops-portal/plugin-mlops-common';
import { mlopsInsightsApiRef } from '../../insightsApi';

const useStyles = makeStyles(theme => ({
  table: { width: '100%', borderCollapse: 'collapse', '& td, & th': { padding: theme.spacing(0.75, 1), textAlign: 'left', borderBottom: `1px solid ${theme.palette.divider}` } },
  select: { font: 'inherit', padding: theme.spacing(0.5) },
  small: { fontSize: '0.85rem' },
}));

const LABELS: Record<MlopsNotificationEvent, string> = {
  failed: 'Turns Failed',
  drifted: 'Drifts from Git',
  suspended: 'Stays suspended too long',
  recovered: 'Recovers',
};

/**
 * "Notifications" card on an entity page: for each event (failed, drifted,
 * suspended too long, recovered) whether the signed-in user is told, with
 * the choice to subscribe (not an owner) or mute (an owner). Stored by the
 * backend per user; the user is the signed-in one, never chosen here.
 * @public
 */
export function NotificationSettingsCard() {
  const classes = useStyles();
  const api = useApi(mlopsInsightsApiRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const [settings, setSettings] = useState<EntityNotificationSettings>();
  const [error, setError] = useState<Error>();
  const [saving, setSaving] = useState<MlopsNotificationEvent>();

  useEffect(() => {
    let live = true;
    setSettings(undefined);
    api.getNotificationSettings(entityRef).then(
      s => live && setSettings(s),
      e => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [api, entityRef]);

  const change = async (event: MlopsNotificationEvent, mode: NotificationMode) => {
    setSaving(event);
    try {
      setSettings(await api.setNotificationSetting({ entityRef, event, mode }));
      setError(undefined);
    } catch (e) {
      setError(e as Error);
    } finally {
      setSaving(undefined);
    }
  };

  if (error && !settings) return <ResponseErrorPanel error={error} />;
  if (!settings) return <Progress />;
  const defaultWord = settings.owner ? 'on (you own it)' : 'off (not an owner)';
  return (
    <InfoCard title="Notifications" subheader="What you are told about this entity">
      <table className={classes.table} data-testid="mlops-notification-settings">
        <thead>
          <tr>
            <th scope="col">When it…</th>
            <th scope="col">You</th>
            <th scope="col">Setting</th>
          </tr>
        </thead>
        <tbody>
          {settings.events.map(e => (
            <tr key={e.event}>
              <th scope="row">{LABELS[e.event]}</th>
              <td>{e.notified ? 'are told' : 'are not told'}</td>
              <td>
                <select
                  className={classes.select}
                  aria-label={`Notifications when ${entity.metadata.name} ${LABELS[e.event].toLocaleLowerCase('en-US')}`}
                  value={e.mode}
                  disabled={saving === e.event}
                  onChange={ev => change(e.event, ev.target.value as NotificationMode)}
                >
                  <option value="default">Default: {defaultWord}</option>
                  <option value="subscribe">Notify me</option>
                  <option value="mute">Mute</option>
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error ? <Typography role="alert" className={classes.small}>Could not save: {error.message}</Typography> : null}
    </InfoCard>
  );
}
