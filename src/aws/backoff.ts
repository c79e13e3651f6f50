/**
 * Exponential backoff with full jitter between a minimum and a cap, the schedule of the AWS SDK's own
 * waiters (`@smithy/util-waiter`): attempt 1 waits exactly `minDelayMs`, attempt n waits a random time
 * between `minDelayMs` and `min(maxDelayMs, minDelayMs * 2^(n-1))`. The jitter spreads many waiters (a
 * fleet of integrations applied at once) so they do not poll EventBridge in lockstep.
 */
export function backoffDelay(attempt: number, minDelayMs: number, maxDelayMs: number, random: () => number): number {
  if (attempt <= 1 || maxDelayMs <= minDelayMs) {
    return Math.min(minDelayMs, maxDelayMs);
  }
  const ceiling = Math.min(maxDelayMs, minDelayMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(minDelayMs + random() * (ceiling - minDelayMs));
}
