import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { WATCHED_KINDS } from '../kinds';
import { freeTextSchema } from './text';

/*
 * Request inputs of the MLOps HTTP API, shared by the backend router (which
 * validates every request) and MlopsClient (which refuses to send what the
 * router would reject). Name rules: Kubernetes object names and namespaces
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A string of at most `max` characters matching `pattern`. The pattern is
 * only tried on strings within the bound (zod would otherwise run every check
 * on any length), so no input makes a pattern do more than linear work on
 * `max` characters; an over-long value gets only the length message.
 */
function boundedPattern(max: number, pattern: RegExp, message: string, min = 1) {
  return z
    .string({ required_error: 'Required', invalid_type_error: 'must be a string' })
    .min(min, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine(v => v.length > max || v.length < min || pattern.test(v), { message });
}

/** The path segment that stands for "no namespace" (cluster-scoped objects). @public */
export const NO_NAMESPACE = '_';

/**
 * A configured cluster name: 1-63 characters of letters, digits, `.`, `_`,
 * `-` (DNS-1123 names and the names people give clusters in config).
 * @public
 */
export const clusterNameSchema = boundedPattern(
  63,
  /^[A-Za-z0-9._-]+$/,
  'must contain only letters, digits, ".", "_" and "-"',
);

/** A kind the portal watches ({@link WATCHED_KINDS}). @public */
export const watchedKindSchema = z
  .string({ required_error: 'Required', invalid_type_error: 'must be a string' })
  .refine(k => WATCHED_KINDS.some(w => w.kind === k), {
    message: `must be one of ${WATCHED_KINDS.map(w => w.kind).join(', ')}`,
  });

/** A namespace (DNS-1123 label) or `_` for none. @public */
export const namespaceSchema = boundedPattern(
  63,
  new RegExp(`^(?:${NO_NAMESPACE}|${DNS1123_LABEL.source.slice(1, -1)})$`),
  `must be a DNS-1123 label (lower case letters, digits, "-") or "${NO_NAMESPACE}"`,
);

/** An object name (DNS-1123 subdomain). @public */
export const objectNameSchema = boundedPattern(
  253,
  DNS1123_SUBDOMAIN,
  'must be a DNS-1123 subdomain (lower case letters, digits, "-", ".")',
);

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
  kind: boundedPattern(63, /^[a-zA-Z][a-zA-Z0-9]*$/, 'must be an entity kind'),
  namespace: boundedPattern(63, DNS1123_LABEL, 'must be a DNS-1123 label'),
  name: boundedPattern(
    63,
    /^[a-zA-Z0-9]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?$/,
    'must be a valid entity name',
  ),
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

/** Longest suspend reason, in characters. @public */
export const MAX_SUSPEND_REASON_LENGTH = 500;

/**
 * Body of POST …/suspend: why (shown to everyone and written on the object):
 * one line of at most {@link MAX_SUSPEND_REASON_LENGTH} characters without
 * control, format (bidi, zero-width) or line-break characters.
 * @public
 */
export const suspendRequestSchema = z
  .object({
    reason: freeTextSchema({ max: MAX_SUSPEND_REASON_LENGTH }),
  })
  .strict();

/**
 * A catalog entity reference as an input (`component:default/airflow`, or
 * `airflow` with the caller's defaults): at most 255 characters, one line.
 * The catalog's own parser checks the shape afterwards.
 * @public
 */
export const entityRefInputSchema = freeTextSchema({ max: 255 });

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
