import { z } from 'zod';
import { clusterNameSchema, objectNameSchema } from './schemas';

/*
 * Inputs of the diff and drift routes, shared by router and client.
 */

const namespace = z
  .string({ required_error: 'Required' })
  .max(63, 'must be at most 63 characters')
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 label (lower case letters, digits, "-")');

/** Path parameters of `/diff/helmreleases/…` and `/drift/kustomizations/…` (namespaced Flux objects). @public */
export const namespacedObjectParamsSchema = z.object({
  cluster: clusterNameSchema,
  namespace,
  name: objectNameSchema,
});

const revision = z
  .string()
  .regex(/^[1-9][0-9]{0,6}$/, 'must be a revision number (1 or more)')
  .transform(Number);

/** Query of `/diff/helmreleases/…`: the revisions to compare (default: the current one and the one before). @public */
export const helmDiffQuerySchema = z.object({
  from: revision.optional(),
  to: revision.optional(),
});

/** Query of `/drift/summary`. @public */
export const driftSummaryQuerySchema = z.object({
  cluster: clusterNameSchema.optional(),
});
