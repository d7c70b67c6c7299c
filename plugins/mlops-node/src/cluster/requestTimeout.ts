import {
  Observable,
  type ConfigurationOptions,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import { ClusterTimeoutError } from './errors';

/**
 * client-node options that attach `signal` to the request, so aborting it
 * closes the socket (node-fetch destroys the request, also while the body is
 * still being read). client-node 1.x has no per-call timeout of its own.
 */
export function signalOptions(signal: AbortSignal): ConfigurationOptions {
  return {
    middleware: [
      {
        pre: (ctx: RequestContext) => {
          ctx.setSignal(signal);
          return new Observable(Promise.resolve(ctx));
        },
        post: (res: ResponseContext) => new Observable(Promise.resolve(res)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

/**
 * Runs one cluster call with a deadline: after `timeoutMs` the request is
 * aborted (its socket closed) and the call rejects with a
 * {@link ClusterTimeoutError} naming `what`, even if the client library
 * would not settle. `stop` aborts it too (then the library's own error).
 *
 * @public
 */
export async function withRequestTimeout<T>(
  timeoutMs: number,
  what: string,
  stop: AbortSignal | undefined,
  call: (options: ConfigurationOptions) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const onStop = () => controller.abort();
  stop?.addEventListener('abort', onStop, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new ClusterTimeoutError(timeoutMs, what));
    }, timeoutMs);
  });
  try {
    return await Promise.race([call(signalOptions(controller.signal)), deadline]);
  } finally {
    clearTimeout(timer);
    stop?.removeEventListener('abort', onStop);
  }
}
