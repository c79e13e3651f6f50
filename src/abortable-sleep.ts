/**
 * Resolves after `ms` milliseconds, or rejects with `signal.reason` as soon as `signal` aborts (at once when
 * it is already aborted). The timer and the abort listener are always removed, so an aborted or finished
 * wait leaves nothing behind that would keep the process alive. Every pause between polls and retries in
 * this package goes through it, so that each one can be cancelled.
 *
 * @param ms how long to wait, in milliseconds
 * @param signal cancels the wait @default - the wait cannot be cancelled
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) {
    return Promise.reject(signal.reason);
  }
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
