import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { WATCHED_KINDS } from '../kinds';

/*
 * Request inputs of the MLOps HTTP API, shared by the backend router (which
 * validates every request) and MlopsClient (which refuses to send what the
 * router would reject). Name rules: Kubernetes object names and namespaces
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The path segment that stands for "no namespace" (cluster-scoped objects). @public */
export const NO_NAMESPACE = '_';

/**
 * A configured cluster name: 1-63 characters of letters, digits, `.`, `_`,
 * `-` (DNS-1123 names and the names people give clusters in config).
 * @public
 */
export const clusterNameSchema = z
  .string({ required_error: 'Required' })
  .min(1, 'must not be empty')
  .max(63, 'must be at most 63 characters')
  .regex(/^[A-Za-z0-9._-]+$/, 'must contain only letters, digits, ".", "_" and "-"');

/** A kind the portal watches ({@link WATCHED_KINDS}). @public */
export const watchedKindSchema = z
  .string({ required_error: 'Required' })
  .refine(k => WATCHED_KINDS.some(w => w.kind === k), {
    message: `must be one of ${WATCHED_KINDS.map(w => w.kind).join(', ')}`,
  });

/** A namespace (DNS-1123 label) or `_` for none. @public */
export const namespaceSchema = z
  .string({ required_error: 'Required' })
  .max(63, 'must be at most 63 characters')
  .refine(n => n === NO_NAMESPACE || DNS1123_LABEL.test(n), {
    message: `must be a DNS-1123 label (lower case letters, digits, "-") or "${NO_NAMESPACE}"`,
  });

/** An object name (DNS-1123 subdomain). @public */
export const objectNameSchema = z
  .string({ required_error: 'Required' })
  .min(1, 'must not be empty')
  .max(253, 'must be at most 253 characters')
  .regex(DNS1123_SUBDOMAIN, 'must be a DNS-1123 subdomain (lower case letters, digits, "-", ".")');

/** Path parameters of `/objects/:cluster/:kind/:namespace/:name[/…]`. @public */
export const objectPathParamsSchema = z.object({
  cluster: clusterNameSchema,
  kind: watchedKindSchema,
  namespace: namespaceSchema,
  name: objectNameSchema,
});

/** @public */
export type ObjectPathParams = z.infer<typeof objectPathParamsSchema>;

/**
 * Path parameters of `/entities/:kind/:namespace/:name/objects` (a catalog
 * entity ref, after the catalog's own naming rules).
 * @public
 */
export const entityPathParamsSchema = z.object({
  kind: z
    .string({ required_error: 'Required' })
    .regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'must be an entity kind')
    .max(63, 'must be at most 63 characters'),
  namespace: z
    .string({ required_error: 'Required' })
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 label')
    .max(63, 'must be at most 63 characters'),
  name: z
    .string({ required_error: 'Required' })
    .regex(/^[a-zA-Z0-9]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?$/, 'must be a valid entity name')
    .max(63, 'must be at most 63 characters'),
});

/** @public */
export type EntityPathParams = z.infer<typeof entityPathParamsSchema>;

/** Query of `/overview` (other query keys are ignored). @public */
export const overviewQuerySchema = z.object({
  cluster: clusterNameSchema.optional(),
});

/** Body of POST …/reconcile; an absent body means `{}`. Unknown keys are refused. @public */
export const reconcileRequestSchema = z
  .object({
    withSource: z.boolean().optional(),
    force: z.boolean().optional(),
    reset: z.boolean().optional(),
  })
  .strict()
  .default({});

/** Body of POST …/suspend: why (shown to everyone and written on the object). @public */
export const suspendRequestSchema = z
  .object({
    reason: z
      .string({ required_error: 'Required' })
      .trim()
      .min(1, 'must not be empty')
      .max(500, 'must be at most 500 characters'),
  })
  .strict();

/** Body of POST …/resume: nothing, or an empty object. @public */
export const resumeRequestSchema = z.object({}).strict().default({});

/**
 * Parses `value` with `schema`, or throws an `InputError` whose message names
 * each failing field with `where` as prefix, e.g. `body.reason: Required`.
 * @public
 */
export function parseOrThrow<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
  where: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(issue => {
    const path = [where, ...issue.path.map(String)].filter(Boolean).join('.');
    return `${path}: ${issue.message}`;
  });
  throw new InputError(problems.join('; '));
}
