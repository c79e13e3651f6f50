import { createHash } from "node:crypto";
import { ValidationError } from "../errors";

/** A request budget: at most `requests` request starts in any window of `intervalMs`. */
export interface RateLimit {
  /** Requests allowed per window. */
  readonly requests: number;
  /** The window length in milliseconds. */
  readonly intervalMs: number;
}

/**
 * Snyk's documented REST API limit: 1,620 requests a minute per API token.
 * @see https://docs.snyk.io/snyk-api/rest-api/about-the-rest-api
 */
export const SNYK_RATE_LIMIT: RateLimit = { requests: 1620, intervalMs: 60_000 };

/** Ends a granted request's slot: call it when the response is complete (or the attempt failed). */
export type ReleaseSlot = () => void;

interface Waiter {
  readonly resolve: (release: ReleaseSlot) => void;
  readonly reject: (reason: unknown) => void;
  readonly signal?: AbortSignal;
  readonly onAbort: () => void;
}

interface Slot {
  /** When the request finished; `undefined` while it is in flight. */
  finishedAt?: number;
}

/**
 * A sliding-window limiter: a new request may start only when fewer than `requests` requests were in flight
 * or finished within the past `intervalMs`. Unlike a token bucket it never allows more than the budget in any
 * window, which is what a server counting per minute enforces.
 *
 * A slot's window is measured from when its request *finished*, not when it was granted: the server counts a
 * request when it arrives, which lies somewhere between the two, so counting from the end is the only choice
 * that stays under the server's count whatever the network latency (measured: counting from the grant let
 * 2 of 20 requests of a burst through into the server's previous window). Waiters are served first come, first
 * served.
 */
export class SlidingWindowRateLimiter {
  /** The budget this limiter enforces. */
  public readonly limit: RateLimit;
  private slots: Slot[] = [];
  private readonly waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  /**
   * @param limit the budget
   * @param now the clock, for tests @default - `Date.now`
   */
  constructor(limit: RateLimit, now: () => number = Date.now) {
    if (!Number.isInteger(limit.requests) || limit.requests < 1 || !(limit.intervalMs > 0)) {
      throw ValidationError.fromIssues("rate limit", [
        { field: "rateLimit", rule: "needs requests >= 1 (an integer) and intervalMs > 0", value: limit },
      ]);
    }
    this.limit = { requests: limit.requests, intervalMs: limit.intervalMs };
    this.now = now;
  }

  /** How many callers are waiting for a slot. */
  public get pending(): number {
    return this.waiters.length;
  }

  /**
   * Resolves when the caller may start one request, with the function to call when that request is over.
   * Rejects with `signal.reason` when the signal aborts first.
   */
  public acquire(signal?: AbortSignal): Promise<ReleaseSlot> {
    if (signal?.aborted) {
      return Promise.reject(signal.reason);
    }
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) {
            this.waiters.splice(index, 1);
            reject(signal?.reason);
            this.schedule();
          }
        },
      };
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      this.waiters.push(waiter);
      this.drain();
    });
  }

  private drain(): void {
    const horizon = this.now() - this.limit.intervalMs;
    this.slots = this.slots.filter((slot) => slot.finishedAt === undefined || slot.finishedAt > horizon);
    while (this.waiters.length > 0 && this.slots.length < this.limit.requests) {
      const waiter = this.waiters.shift() as Waiter;
      waiter.signal?.removeEventListener("abort", waiter.onAbort);
      const slot: Slot = {};
      this.slots.push(slot);
      let released = false;
      waiter.resolve(() => {
        if (!released) {
          released = true;
          slot.finishedAt = this.now();
          this.schedule();
        }
      });
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const finished = this.slots
      .filter((slot) => slot.finishedAt !== undefined)
      .map((slot) => slot.finishedAt as number);
    if (this.waiters.length === 0 || finished.length === 0) {
      // Nothing waits, or every slot is in flight: a release schedules the next drain.
      return;
    }
    const wait = Math.max(0, Math.min(...finished) + this.limit.intervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, wait + 1);
  }
}

const SHARED_KEY = Symbol.for("snyk-eventbridge.rate-limiters");

/**
 * The process-wide limiter for one token and budget: every client using the same token shares it, so a
 * process as a whole stays under Snyk's per-token limit. Only a hash of the token is kept.
 */
export function sharedRateLimiter(token: string, limit: RateLimit): SlidingWindowRateLimiter {
  const holder = globalThis as unknown as Record<symbol, Map<string, SlidingWindowRateLimiter> | undefined>;
  let limiters = holder[SHARED_KEY];
  if (limiters === undefined) {
    limiters = new Map();
    holder[SHARED_KEY] = limiters;
  }
  const key = `${createHash("sha256").update(token).digest("hex")}:${limit.requests}/${limit.intervalMs}`;
  let limiter = limiters.get(key);
  if (limiter === undefined) {
    limiter = new SlidingWindowRateLimiter(limit);
    limiters.set(key, limiter);
  }
  return limiter;
}
