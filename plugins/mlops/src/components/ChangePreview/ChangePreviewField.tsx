import { useEffect, useMemo, useState } from 'react';
import { Box, LinearProgress, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useApiHolder } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import type { TemplateChangePreview } from '@mlops-portal/plugin-mlops-common';
import { changePreviewApiRef } from '../../changePreviewApi';
import { ChangePreviewView } from './ChangePreviewView';

/** Wait after the last change of the form before asking for a preview. */
export const PREVIEW_DEBOUNCE_MS = 400;

/** `ui:options` of the field. */
export interface ChangePreviewFieldOptions {
  /** The template to preview; default: the one of the page (`/create/templates/:namespace/:name`). */
  templateRef?: string;
}

/** The template of the scaffolder page the form is on. */
export function templateRefFromPath(pathname: string): string | undefined {
  const m = pathname.match(/\/templates\/([^/]+)\/([^/?#]+)/);
  return m ? `template:${decodeURIComponent(m[1])}/${decodeURIComponent(m[2])}` : undefined;
}

function errorMessage(e: unknown): string {
  if (e instanceof ResponseError) return e.body?.error?.message ?? e.message;
  return (e as Error)?.message ?? String(e);
}

/**
 * Scaffolder field `MlopsChangePreview`: on a template's last page, shows
 * what the change will do to the platform (objects added, changed, removed;
 * layers affected) before Create is pressed. It reads the whole form
 * (`formContext.formData`), asks the backend to run the template's GitOps
 * steps on a throw-away checkout, and never sets a value or blocks the form:
 * a problem is shown inline, naming the field.
 */
export function ChangePreviewField(
  props: FieldExtensionComponentProps<unknown, ChangePreviewFieldOptions>,
) {
  const api = useApiHolder().get(changePreviewApiRef);
  const formData = (props.formContext as { formData?: Record<string, unknown> } | undefined)?.formData;
  const templateRef =
    props.uiSchema?.['ui:options']?.templateRef ?? templateRefFromPath(window.location.pathname);
  // Only what the template reads: the form's values without this field's own.
  const valuesJson = useMemo(() => {
    const { [props.name]: _self, ...values } = formData ?? {};
    return JSON.stringify(values);
  }, [formData, props.name]);
  const [state, setState] = useState<{
    loading: boolean;
    result?: TemplateChangePreview;
    error?: string;
  }>({ loading: true });

  useEffect(() => {
    if (!api || !templateRef) return undefined;
    const controller = new AbortController();
    setState(s => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      api
        .previewTemplate({ templateRef, values: JSON.parse(valuesJson) }, { signal: controller.signal })
        .then(result => setState({ loading: false, result }))
        .catch(e => {
          if (controller.signal.aborted) return;
          setState({ loading: false, error: errorMessage(e) });
        });
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, templateRef, valuesJson]);

  const title = props.schema?.title ?? 'What this change does to the platform';
  return (
    <Box data-testid="mlops-change-preview-field" mb={2}>
      <Typography variant="h6" component="h3" gutterBottom>
        {title}
      </Typography>
      {!api ? (
        <Alert severity="info">The change preview API is not installed in this app.</Alert>
      ) : null}
      {api && !templateRef ? (
        <Alert severity="info">No template to preview: set ui:options.templateRef.</Alert>
      ) : null}
      {api && templateRef && state.loading ? (
        <Box aria-label="Computing the preview">
          <LinearProgress />
          <Typography variant="body2">Computing the preview…</Typography>
        </Box>
      ) : null}
      {state.error && !state.loading ? (
        <Alert severity="warning" data-testid="mlops-change-preview-error">
          No preview: {state.error}
        </Alert>
      ) : null}
      {/* The last preview stays while the next is computed (no flicker while typing). */}
      {state.result && !state.error ? (
        <>
          <ChangePreviewView preview={state.result.preview} />
          {state.result.skipped.length ? (
            <Typography variant="caption" display="block">
              Not run for the preview:{' '}
              {state.result.skipped.map(s => `${s.step} (${s.reason})`).join('; ')}
            </Typography>
          ) : null}
        </>
      ) : null}
    </Box>
  );
}
