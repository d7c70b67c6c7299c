import { z } from 'zod';

/**
 * Faults a simulated cluster can be told to show, at run time.
 * @public
 */
export interface Faults {
  /** Added delay before every API answer, in milliseconds. */
  latencyMs: number;
  /** Share (0..1) of API requests answered with an error instead. */
  errorRate: number;
  /** The codes those errors use, picked in turn. */
  errorCodes: (500 | 503)[];
  /** Close every open watch now, and close new ones after this many ms (0: off). */
  dropWatchesAfterMs: number;
  /** Answer every watch that names a resourceVersion with a 410 Gone ERROR event. */
  forceGone: boolean;
  /** Tokens that are suddenly refused with 403 Forbidden. */
  forbiddenTokens: string[];
  /** The cluster stops answering: `hang` keeps sockets open silently, `close` resets them. */
  unreachable: 'no' | 'hang' | 'close';
}

/** No faults. @public */
export const NO_FAULTS: Faults = {
  latencyMs: 0,
  errorRate: 0,
  errorCodes: [500, 503],
  dropWatchesAfterMs: 0,
  forceGone: false,
  forbiddenTokens: [],
  unreachable: 'no',
};

/**
 * Schema of a faults update (the admin endpoint's body and `setFaults`):
 * every field optional, merged over the current faults.
 * @public
 */
export const faultsUpdateSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(600_000),
    errorRate: z.number().min(0).max(1),
    errorCodes: z.array(z.union([z.literal(500), z.literal(503)])).min(1),
    dropWatchesAfterMs: z.number().int().min(0),
    forceGone: z.boolean(),
    forbiddenTokens: z.array(z.string()),
    unreachable: z.enum(['no', 'hang', 'close']),
    /** One-shot: close every open watch connection now. */
    dropWatchesNow: z.boolean(),
    /** One-shot: forget the watch history, so any older resourceVersion gets 410. */
    compactNow: z.boolean(),
  })
  .partial()
  .strict();

/** A faults update. @public */
export type FaultsUpdate = z.infer<typeof faultsUpdateSchema>;

/** Formats a zod error naming the fields, for a 400/422 message. @public */
export function describeZodError(err: z.ZodError): string {
  return err.issues
    .map(i => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
