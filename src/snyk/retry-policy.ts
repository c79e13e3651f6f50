/** How failed Snyk calls are retried. Only 429, 5xx and transport failures are ever retried. */
export interface RetryOptions {
  /** Attempts in total, the first one included; 1 disables retries. @default 5 */
  readonly maxAttempts?: number;
  /** The first backoff delay, doubled on each retry. @default 500 */
  readonly baseDelayMs?: number;
  /** The cap of the exponential backoff. @default 8000 */
  readonly maxDelayMs?: number;
  /**
   * The longest server-requested wait (`Retry-After`, `X-RateLimit-Reset`) that is honoured; a longer one ends
   * the call with a retryable error instead of blocking. Snyk's rate-limit window is one minute.
   * @default 60000
   */
  readonly maxServerDelayMs?: number;
}

/** {@link RetryOptions} with every default applied. */
export type ResolvedRetryOptions = Required<RetryOptions>;

/** Applies the defaults of {@link RetryOptions}. */
export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  return {
    maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? 5)),
    baseDelayMs: Math.max(0, options.baseDelayMs ?? 500),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? 8000),
    maxServerDelayMs: Math.max(0, options.maxServerDelayMs ?? 60_000),
  };
}

/** Whether an HTTP status is worth retrying: 429 (rate limited) and 5xx. Every other 4xx is final. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * The backoff before retry number `retry` (1 for the first retry): exponential from `baseDelayMs`, capped at
 * `maxDelayMs`, with "equal jitter" (half fixed, half random) so that many clients do not retry in lockstep
 * while each still waits at least half the nominal delay.
 * @param random a number in [0, 1), for tests @default - `Math.random()`
 */
export function backoffDelay(retry: number, options: ResolvedRetryOptions, random: number = Math.random()): number {
  const nominal = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(nominal / 2 + (nominal / 2) * random);
}

/**
 * The wait the server asked for, in milliseconds, from `Retry-After` (seconds or an HTTP date) or else
 * `X-RateLimit-Reset` (seconds until the reset, or an epoch time in seconds when the value is that large;
 * Snyk does not document this header, so both readings are accepted). `undefined` when neither is usable.
 */
export function serverRequestedDelay(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  now: number = Date.now(),
): number | undefined {
  const retryAfter = firstHeader(headers["retry-after"]);
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (retryAfter.trim() !== "" && Number.isFinite(seconds)) {
      return Math.max(0, seconds * 1000);
    }
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) {
      return Math.max(0, date - now);
    }
  }
  const reset = firstHeader(headers["x-ratelimit-reset"]);
  if (reset !== undefined && reset.trim() !== "" && Number.isFinite(Number(reset))) {
    const value = Number(reset);
    // Values this large can only be epoch seconds (1e9 s is 2001-09-09); smaller ones are a delta.
    return Math.max(0, value > 1e9 ? value * 1000 - now : value * 1000);
  }
  return undefined;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
