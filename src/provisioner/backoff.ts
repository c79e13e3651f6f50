import type { WaitLimits } from "./integration-spec";

/**
 * The delay before poll number `attempt + 1`: full jitter between `minDelayMs` and an exponential ceiling
 * capped at `maxDelayMs`, so concurrent waiters do not poll in lockstep, and never past `remainingMs`.
 */
export function nextDelay(attempt: number, limits: WaitLimits, remainingMs: number, random: () => number): number {
  const ceiling = Math.min(limits.maxDelayMs, limits.minDelayMs * 2 ** Math.min(attempt - 1, 20));
  const delay = limits.minDelayMs + random() * Math.max(0, ceiling - limits.minDelayMs);
  return Math.max(0, Math.min(remainingMs, delay));
}

/** Waits `ms`, or rejects with the abort reason as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
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
