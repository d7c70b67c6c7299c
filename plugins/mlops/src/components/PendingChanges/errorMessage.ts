import { ResponseError } from '@backstage/errors';

/** The backend's message of a failed request, else the error's. */
export function errorMessage(e: unknown): string {
  if (e instanceof ResponseError) return e.body?.error?.message ?? e.message;
  return (e as Error)?.message ?? String(e);
}
