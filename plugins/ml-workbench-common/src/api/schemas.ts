import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { mlNameRules } from '../annotations';

/*
 * Request inputs of the workbench HTTP API, shared by the backend router
 * (which validates every request) and the client (which refuses to send what
 * the router would reject). Errors name the field and the rule.
 */

const rule = (r: { re: RegExp; rule: string }) =>
  z.string({ required_error: 'Required' }).regex(r.re, `must be ${r.rule}`);

/** Path of an entity: `/entities/:kind/:namespace/:name`. @public */
export const mlEntityPathSchema = z.object({
  kind: z
    .string({ required_error: 'Required' })
    .max(63, 'must be at most 63 characters')
    .regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'must be an entity kind'),
  namespace: z
    .string({ required_error: 'Required' })
    .max(63, 'must be at most 63 characters')
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 label'),
  name: z
    .string({ required_error: 'Required' })
    .max(63, 'must be at most 63 characters')
    .regex(/^[a-zA-Z0-9]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?$/, 'must be a valid entity name'),
});

/** `/entities/:kind/:namespace/:name/airflow/dags/:dagId/...` @public */
export const dagPathSchema = mlEntityPathSchema.extend({ dagId: rule(mlNameRules.dag) });

/** `/entities/…/mlflow/models/:model/versions/:version/promotion` @public */
export const modelVersionPathSchema = mlEntityPathSchema.extend({
  model: rule(mlNameRules.mlflow),
  version: z
    .string({ required_error: 'Required' })
    .regex(/^[1-9][0-9]{0,9}$/, 'must be a model version number (1, 2, …)'),
});

/** Query of the promotion preview. @public */
export const promotionQuerySchema = z
  .object({
    environment: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a DNS-1123 label')
      .default('production'),
  })
  .strict();

/**
 * Body of a DAG trigger. No `conf`: what a run does is decided by the DAG's
 * code, not by whoever presses the button. The note is shown in Airflow next to
 * the portal user who asked.
 * @public
 */
export const triggerDagRequestSchema = z
  .object({
    note: z
      .string()
      .max(200, 'must be at most 200 characters')
      // eslint-disable-next-line no-control-regex -- control characters are what it refuses
      .regex(/^[^\u0000-\u001f\u007f]*$/, 'must be one line of printable text')
      .optional(),
  })
  .strict();

/** @public */
export type TriggerDagRequest = z.infer<typeof triggerDagRequestSchema>;

/** Body of pause / unpause: empty. @public */
export const pauseDagRequestSchema = z.object({}).strict();

/**
 * Parses `value` or throws an InputError naming each bad field as
 * `<where>.<path>: <rule>`.
 * @public
 */
export function parseMlInput<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
  where: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(issue => {
    const path = [where, ...issue.path.map(String)].filter(Boolean).join('.');
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown field(s) ${issue.keys.map(k => `'${k}'`).join(', ')}`
        : issue.message;
    return `${path}: ${message}`;
  });
  throw new InputError(problems.join('; '));
}
