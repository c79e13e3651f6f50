import { JSON_API, SIMULATOR_ERROR_CODES as CODES, errorResponse, type SimulatedResponse } from "./json-api-responses";

/**
 * Faults the Snyk API simulator injects on demand, to prove the client copes with what a real SaaS API does.
 */
export type SnykApiFault =
  /** Waits `ms` before handling the request normally. */
  | { readonly kind: "latency"; readonly ms: number }
  /**
   * Answers 429 with a JSON:API error. `Retry-After` carries `retryAfterSeconds` (as an HTTP date when
   * `retryAfterAsDate`); `resetSeconds` adds `X-RateLimit-Reset` (seconds until the reset) instead.
   */
  | {
      readonly kind: "rate-limit";
      /** Seconds in `Retry-After`. @default 1 (or no `Retry-After` when only `resetSeconds` is set) */
      readonly retryAfterSeconds?: number;
      /** Send `Retry-After` as an HTTP date. @default false */
      readonly retryAfterAsDate?: boolean;
      /** Seconds in `X-RateLimit-Reset`. @default - no `X-RateLimit-Reset` header */
      readonly resetSeconds?: number;
    }
  /** Answers a 5xx (500 unless `status` says otherwise) with a JSON:API error. */
  | {
      readonly kind: "server-error";
      /** The status. @default 500 */
      readonly status?: number;
    }
  /** Destroys the connection without answering. */
  | { readonly kind: "drop-connection" }
  /** Answers 200 with a body that is not valid JSON (a truncated document). */
  | { readonly kind: "malformed-body" }
  /** Answers 200 with valid JSON that breaks the resource's schema. */
  | { readonly kind: "schema-violation" }
  /** Handles the request normally but sends the body in `chunks` pieces, `chunkDelayMs` apart. */
  | {
      readonly kind: "slow-body";
      /** Pause between pieces. */
      readonly chunkDelayMs: number;
      /** Number of pieces. @default 5 */
      readonly chunks?: number;
    }
  /** Answers exactly this: any status, JSON body and headers. */
  | {
      readonly kind: "respond";
      /** The status. */
      readonly status: number;
      /** The body; strings are sent as they are, anything else as JSON. @default - no body */
      readonly body?: unknown;
      /** Extra headers. @default - only `content-type` and `snyk-request-id` */
      readonly headers?: Readonly<Record<string, string>>;
    };

/** Which requests a fault applies to, and how many times. */
export interface SnykApiFaultMatch {
  /** How many matching requests get the fault; `Infinity` for all. @default 1 */
  readonly times?: number;
  /** Only requests with this method. @default - any method */
  readonly method?: string;
  /** Only requests whose path (without query) contains this string or matches this pattern. @default - any path */
  readonly path?: string | RegExp;
}

/** A fault with its matching rule, as passed in the simulator's options. */
export interface SnykApiFaultRule extends SnykApiFaultMatch {
  /** The fault. */
  readonly fault: SnykApiFault;
}

interface ArmedFault {
  readonly rule: SnykApiFaultRule;
  remaining: number;
}

/** The armed faults, consumed first in, first out by matching requests. */
export class FaultQueue {
  private readonly armed: ArmedFault[] = [];

  /** Arms a fault. */
  public add(rule: SnykApiFaultRule): void {
    const times = rule.times ?? 1;
    if (!(times > 0)) {
      throw new RangeError(`fault times must be positive (got ${times})`);
    }
    this.armed.push({ rule, remaining: times });
  }

  /** The first armed fault matching the request, consumed once; `undefined` when none matches. */
  public take(method: string, path: string): SnykApiFault | undefined {
    const index = this.armed.findIndex(({ rule }) => matches(rule, method, path));
    if (index < 0) {
      return undefined;
    }
    const armed = this.armed[index];
    armed.remaining -= 1;
    if (armed.remaining <= 0) {
      this.armed.splice(index, 1);
    }
    return armed.rule.fault;
  }

  /** How many faults are still armed. */
  public get size(): number {
    return this.armed.length;
  }

  /** Disarms every fault. */
  public clear(): void {
    this.armed.length = 0;
  }
}

function matches(rule: SnykApiFaultMatch, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) {
    return false;
  }
  if (rule.path === undefined) {
    return true;
  }
  return typeof rule.path === "string" ? path.includes(rule.path) : rule.path.test(path);
}

/** The canned answer of a fault that replaces the response; `undefined` for faults that alter a real one. */
export function faultResponse(fault: SnykApiFault): SimulatedResponse | undefined {
  switch (fault.kind) {
    case "rate-limit": {
      const headers: Record<string, string> = {};
      if (fault.resetSeconds !== undefined) {
        headers["x-ratelimit-reset"] = String(fault.resetSeconds);
      }
      if (fault.retryAfterSeconds !== undefined || fault.resetSeconds === undefined) {
        const seconds = fault.retryAfterSeconds ?? 1;
        headers["retry-after"] = fault.retryAfterAsDate
          ? new Date(Date.now() + seconds * 1000).toUTCString()
          : String(seconds);
      }
      return errorResponse(
        429,
        CODES.RATE_LIMITED,
        "Too Many Requests",
        "Too many requests; retry after the time given.",
        { headers },
      );
    }
    case "server-error": {
      const status = fault.status ?? 500;
      return errorResponse(
        status,
        CODES.SERVER_ERROR,
        "Internal Server Error",
        "The simulator was told to fail this request.",
      );
    }
    case "respond":
      return {
        status: fault.status,
        headers: { "content-type": JSON_API, ...fault.headers },
        body:
          fault.body === undefined
            ? undefined
            : typeof fault.body === "string"
              ? fault.body
              : JSON.stringify(fault.body),
      };
    default:
      return undefined;
  }
}
