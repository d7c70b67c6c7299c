/**
 * Polls until `fn` stops throwing (state the watch caches reach
 * asynchronously), then returns; after `timeoutMs` rethrows its last error.
 */
export async function eventually(
  fn: () => void,
  timeoutMs = 5000,
  intervalMs = 10,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      fn();
      return;
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise(r => setTimeout(r, intervalMs));
    }
  }
}
