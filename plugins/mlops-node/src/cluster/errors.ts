import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/**
 * A cluster call that got no answer in time (the API server accepted the
 * connection, or not even that, but did not answer). Its message names what
 * was asked; {@link mapKubeError} adds the cluster and the object.
 * @public
 */
export class ClusterTimeoutError extends Error {
  constructor(
    readonly timeoutMs: number,
    what: string,
  ) {
    super(`no answer within ${timeoutMs} ms (${what})`);
    this.name = 'ClusterTimeoutError';
  }
}

/** True for a {@link ClusterTimeoutError}. @public */
export function isClusterTimeout(err: unknown): err is ClusterTimeoutError {
  return err instanceof ClusterTimeoutError;
}

/** HTTP status of a client-node error (ApiException.code or Watch's statusCode). @public */
export function kubeErrorStatus(err: unknown): number | undefined {
  const e = err as { code?: unknown; statusCode?: unknown };
  if (typeof e?.code === 'number') return e.code;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  return undefined;
}

/**
 * The message a Kubernetes Status body carries, else the error's own. Never
 * includes request headers (client-node's ApiException message may list
 * response headers, which we drop).
 */
export function kubeErrorMessage(err: unknown): string {
  const e = err as { body?: unknown; message?: unknown; code?: unknown };
  let body = e?.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      // not JSON: fall through to the error's message
    }
  }
  const fromBody = (body as { message?: unknown })?.message;
  if (typeof fromBody === 'string' && fromBody) return fromBody;
  const status = kubeErrorStatus(err);
  const msg = typeof e?.message === 'string' ? e.message.split('\n')[0] : String(err);
  return status ? `HTTP ${status}: ${msg}` : msg;
}

/**
 * Maps a Kubernetes API error to a Backstage error that names the cluster and
 * object: 404 → NotFoundError, 403 → NotAllowedError, 409 → ConflictError,
 * 400/422 → InputError, anything else (network, 5xx) → ServiceUnavailableError.
 * @public
 */
export function mapKubeError(
  err: unknown,
  cluster: string,
  object: string,
): Error {
  const status = kubeErrorStatus(err);
  const where = `${object} on cluster '${cluster}'`;
  const msg = kubeErrorMessage(err);
  switch (status) {
    case 404:
      return new NotFoundError(`${where} not found: ${msg}`);
    case 403:
    case 401:
      return new NotAllowedError(
        `the portal's credentials may not access ${where}: ${msg}`,
      );
    case 409:
      return new ConflictError(`conflict updating ${where}: ${msg}`);
    case 400:
    case 422:
      return new InputError(`cluster rejected the change to ${where}: ${msg}`);
    default:
      return new ServiceUnavailableError(
        `cluster '${cluster}' did not answer for ${object}: ${msg}`,
      );
  }
}
