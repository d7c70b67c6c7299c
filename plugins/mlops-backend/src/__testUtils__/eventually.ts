/**
 * Polls `fn` until it stops throwing (state the watch caches and the
 * notifier reach asynchronously) and returns its value; after `timeoutMs`
 * rethrows its last error. Readiness waits in `beforeAll` throw rather than
 * `expect`, since expectations belong in tests.
 */
export async function eventually<T>(
  fn: () => Promise<T> | T,
  timeoutMs = 20000,
  intervalMs = 50,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise(r => setTimeout(r, intervalMs));
    }
  }
}
