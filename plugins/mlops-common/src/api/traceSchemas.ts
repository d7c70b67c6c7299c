import { z } from 'zod';
import { WATCHED_KINDS } from '../kinds';
import { TRACE_LEVELS } from '../trace/types';
import {
  clusterNameSchema,
  namespaceSchema,
  objectNameSchema,
} from './schemas';

/*
 * Inputs of the trace routes, shared by the router and MlopsInsightsClient
 * (see schemas.ts for the object name rules).
 */

/** Most groups one trace request may expand. @public */
export const MAX_EXPANDED_GROUPS = 50;
/** Most nodes of one group a trace answer lists. @public */
export const MAX_GROUP_LIMIT = 5000;
/** Nodes listed for an expanded group unless a limit is given. @public */
export const DEFAULT_GROUP_LIMIT = 100;

const GROUP_ID = new RegExp(
  `^(${TRACE_LEVELS.join('|')}):[A-Za-z][A-Za-z0-9]{0,62}:([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?|_)$`,
);

/** One `expand` entry: a group id, optionally `*<limit>`. @public */
export const traceExpandSchema = z
  .string()
  .max(200, 'must be at most 200 characters')
  .transform((s, ctx) => {
    const star = s.lastIndexOf('*');
    const id = star >= 0 ? s.slice(0, star) : s;
    const limitText = star >= 0 ? s.slice(star + 1) : undefined;
    if (!GROUP_ID.test(id)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `'${id.slice(0, 80)}' is not a group id (<level>:<Kind>:<namespace or _>)` });
      return z.NEVER;
    }
    let limit = DEFAULT_GROUP_LIMIT;
    if (limitText !== undefined) {
      if (!/^[0-9]{1,5}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > MAX_GROUP_LIMIT) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `limit must be a whole number from 1 to ${MAX_GROUP_LIMIT}` });
        return z.NEVER;
      }
      limit = Number(limitText);
    }
    return { groupId: id, limit };
  });

/**
 * Query of GET /entities/:kind/:namespace/:name/trace: `cluster` (one
 * cluster only) and `expand` (group ids whose nodes to list, comma-separated
 * or repeated, each optionally `*<limit>`).
 * @public
 */
export const traceQuerySchema = z.object({
  cluster: clusterNameSchema.optional(),
  expand: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform(v => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap(s => s.split(',')).filter(Boolean)))
    .pipe(z.array(traceExpandSchema).max(MAX_EXPANDED_GROUPS, `must name at most ${MAX_EXPANDED_GROUPS} groups`)),
});

/** @public */
export type TraceQuery = z.output<typeof traceQuerySchema>;

/** Kinds an object trace can start from: every watched kind, and pods. @public */
export const TRACEABLE_KINDS = [...WATCHED_KINDS.map(k => k.kind), 'Pod'];

/** Path parameters of `/trace/objects/:cluster/:kind/:namespace/:name`. @public */
export const traceObjectParamsSchema = z.object({
  cluster: clusterNameSchema,
  kind: z
    .string({ required_error: 'Required' })
    .refine(k => TRACEABLE_KINDS.includes(k), { message: `must be one of ${TRACEABLE_KINDS.join(', ')}` }),
  namespace: namespaceSchema,
  name: objectNameSchema,
});

/** Query of the text routes: `format=text` answers text/plain. @public */
export const traceTextQuerySchema = z.object({
  compact: z.enum(['true', 'false']).optional().transform(v => v === 'true'),
});
