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

/** `Status.details` (metav1.StatusDetails): `group` is left out for the core group, as the real server does. @public */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: Array<{ reason: string; message: string; field: string }>;
}

/** A `Status` failure body. @public */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** Builds a `Status` failure body. @public */
export function statusBody(
  code: number,
  reason: StatusReason,
  message: string,
  details?: StatusDetails,
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
  details?: StatusDetails,
): KubeStatusError {
  return new KubeStatusError(statusBody(code, reason, message, details));
}

/**
 * The details the real server gives an error about one object of a
 * resource: its name, the group (left out for the core group) and, as
 * kube-apiserver does, the resource's plural as `kind`.
 */
export function resourceDetails(t: { group: string; plural: string }, name?: string): StatusDetails {
  return { ...(name ? { name } : {}), ...(t.group ? { group: t.group } : {}), kind: t.plural };
}

/**
 * What DELETE answers for an object that is gone at once (kube-apiserver's
 * generic store without ReturnDeletedObject): `Status` Success with details.
 */
export function deletedStatus(t: { group: string; plural: string }, name: string, uid: string | undefined) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { ...resourceDetails(t, name), ...(uid ? { uid } : {}) },
  };
}
