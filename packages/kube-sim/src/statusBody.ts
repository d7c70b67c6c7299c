/**
 * `Status` bodies exactly as the API server writes them
 * (https://kubernetes.io/docs/reference/using-api/api-concepts/#response-status-kind).
 * The simulator has to write these by hand: they are the Kubernetes wire
 * format that clients parse, not a Backstage error response.
 */

/** Reasons used by the API server (metav1.StatusReason). @public */
export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout'
  | 'TooManyRequests';

/** A `Status` failure body. @public */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: StatusReason;
  details?: { name?: string; group?: string; kind?: string };
  code: number;
}

/** Builds a `Status` failure body. @public */
export function statusBody(
  code: number,
  reason: StatusReason,
  message: string,
  details?: { name?: string; group?: string; kind?: string },
): StatusBody {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

/** An error carrying a `Status` body; the server writes it as the answer. @public */
export class KubeStatusError extends Error {
  constructor(readonly body: StatusBody) {
    super(body.message);
    this.name = 'KubeStatusError';
  }
}

/** Shorthand for throwing a {@link KubeStatusError}. @public */
export function kubeError(
  code: number,
  reason: StatusReason,
  message: string,
  details?: { name?: string; group?: string; kind?: string },
): KubeStatusError {
  return new KubeStatusError(statusBody(code, reason, message, details));
}
