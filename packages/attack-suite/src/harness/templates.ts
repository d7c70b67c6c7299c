import { waitFor, type Answer, type Portal, type UserName } from './Portal';

/** How a template run ended. */
export interface TemplateRun {
  /** Refused at creation (4xx) or the task failed. */
  refused: boolean;
  /** The refusal, or every log line of the task. */
  message: string;
  answer: Answer;
}

function withMarker(values: Record<string, unknown>, marker?: string): Record<string, unknown> {
  if (!marker) return values;
  return JSON.parse(JSON.stringify(values).replaceAll('{marker}', marker.replaceAll('"', '\\"')));
}

/** Runs a registered template as `user`, as the form does, and waits for it to end. */
export async function runTemplate(
  portal: Portal,
  user: UserName,
  template: string,
  values: Record<string, unknown>,
  marker?: string,
): Promise<TemplateRun> {
  const created = await portal.request(user, 'POST', '/api/scaffolder/v2/tasks', {
    templateRef: `template:default/${template}`,
    values: withMarker(values, marker),
  });
  if (created.status >= 400) {
    return { refused: true, message: created.text, answer: created };
  }
  if (created.status !== 201 || !created.json?.id) {
    throw new Error(`creating a task of ${template} answered ${created.status}: ${created.text}`);
  }
  const id = created.json.id as string;
  const task = await waitFor(async () => {
    const r = await portal.request(user, 'GET', `/api/scaffolder/v2/tasks/${id}`);
    return ['completed', 'failed', 'cancelled'].includes(r.json?.status) ? r : undefined;
  }, `task ${id} of ${template} to end`);
  const events = await portal.request(user, 'GET', `/api/scaffolder/v2/tasks/${id}/events`);
  const message = (Array.isArray(events.json) ? events.json : [])
    .map((e: any) => [e.body?.message, e.body?.error?.message].filter(Boolean).join(' '))
    .join('\n');
  return { refused: task.json.status !== 'completed', message, answer: { ...events, text: `${task.text}\n${events.text}` } };
}
