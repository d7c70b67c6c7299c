import { Box, Chip, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import type { ChangePreview, PreviewObject } from '@mlops-portal/plugin-mlops-common';

const useStyles = makeStyles(theme => ({
  list: { margin: theme.spacing(0.5, 0, 1, 0), paddingLeft: theme.spacing(3) },
  code: { fontFamily: 'monospace', fontSize: '0.85em' },
  warning: { color: theme.palette.warning.dark },
}));

const objectName = (o: PreviewObject) =>
  `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;

function ObjectList(props: { title: string; objects: PreviewObject[]; testId: string }) {
  const classes = useStyles();
  if (!props.objects.length) return null;
  return (
    <Box data-testid={props.testId}>
      <Typography variant="subtitle2" component="h4">
        {props.title} ({props.objects.length})
      </Typography>
      <ul className={classes.list}>
        {props.objects.map(o => (
          <li key={`${o.path}|${objectName(o)}`}>
            {objectName(o)} <span className={classes.code}>({o.path})</span>
          </li>
        ))}
      </ul>
    </Box>
  );
}

/** One line: counts of objects and layers. */
export function summarizePreview(p: ChangePreview): string {
  return `${p.added.length} added, ${p.changed.length} changed, ${p.removed.length} removed; ${p.affectedLayers.length} layers affected`;
}

/**
 * What a GitOps change does to the platform: objects added, changed (with
 * old → new fields) and removed, the layers it reaches, and warnings.
 */
export function ChangePreviewView(props: { preview: ChangePreview }) {
  const { preview } = props;
  const classes = useStyles();
  const nothing =
    !preview.added.length && !preview.changed.length && !preview.removed.length;
  return (
    <Box data-testid="mlops-change-preview">
      <Typography variant="body2" gutterBottom>
        <strong>{summarizePreview(preview)}</strong>
        {preview.filesChanged.length ? ` — ${preview.filesChanged.length} files` : ''}
      </Typography>
      {nothing && !preview.filesChanged.length ? (
        <Typography variant="body2">No change: the repository already has this.</Typography>
      ) : null}
      <ObjectList title="Added" objects={preview.added} testId="mlops-preview-added" />
      {preview.changed.length ? (
        <Box data-testid="mlops-preview-changed">
          <Typography variant="subtitle2" component="h4">
            Changed ({preview.changed.length})
          </Typography>
          <ul className={classes.list}>
            {preview.changed.map(o => (
              <li key={`${o.path}|${objectName(o)}`}>
                {objectName(o)} <span className={classes.code}>({o.path})</span>
                <ul>
                  {o.fields.map(f => (
                    <li key={f.field} className={classes.code}>
                      {f.field}: {f.op === 'changed' && (f.from !== undefined || f.to !== undefined)
                        ? `${f.from ?? '…'} → ${f.to ?? '…'}`
                        : `${f.op}${f.to !== undefined ? ` ${f.to}` : ''}`}
                    </li>
                  ))}
                  {o.moreFields ? <li>… and {o.moreFields} more fields</li> : null}
                </ul>
              </li>
            ))}
          </ul>
        </Box>
      ) : null}
      <ObjectList title="Removed" objects={preview.removed} testId="mlops-preview-removed" />
      {preview.affectedLayers.length ? (
        <Box data-testid="mlops-preview-layers">
          <Typography variant="subtitle2" component="h4">
            Layers affected ({preview.affectedLayers.length})
          </Typography>
          <Box display="flex" flexWrap="wrap" style={{ gap: 4 }} mt={0.5} mb={1}>
            {preview.affectedLayers.map(l => (
              <Chip
                key={`${l.namespace}/${l.name}`}
                size="small"
                label={`${l.name}${l.reason === 'dependsOn' ? ' (depends on a changed layer)' : ''}`}
                title={`${l.namespace}/${l.name} — ${l.path} — ${l.reason}: ${l.via.join(', ')}`}
              />
            ))}
          </Box>
        </Box>
      ) : null}
      {preview.warnings.map(w => (
        <Typography key={w} variant="body2" className={classes.warning} role="alert">
          Warning: {w}
        </Typography>
      ))}
    </Box>
  );
}
