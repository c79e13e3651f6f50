import type { Dispatcher } from "undici";
import type { ZodType } from "zod";
import type { CallOptions } from "./integration-profile";
import type { RateLimit } from "./rate-limiter";
import type { RetryOptions } from "./retry-policy";
import type { BaseUrlSources } from "./snyk-regions";
import type { CredentialSources } from "./snyk-credentials";

/**
 * The API version sent to Snyk's GA endpoints (orgs) when a request names none. Snyk versions every endpoint
 * by date; any version at or after an endpoint's release serves it.
 */
export const DEFAULT_SNYK_API_VERSION = "2024-10-15";

/** Options of {@link SnykClient}. Every one is optional: a client built from the environment alone works. */
export interface SnykClientOptions extends CredentialSources, BaseUrlSources {
  /**
   * Version sent with requests that do not name their own.
   * @default - {@link DEFAULT_SNYK_API_VERSION}
   */
  readonly version?: string;
  /** How failures are retried. @default - 5 attempts, 500 ms doubling to 8 s, server waits up to 60 s */
  readonly retry?: RetryOptions;
  /** Time allowed to open a connection (TCP and TLS). @default 10000 */
  readonly connectTimeoutMs?: number;
  /** Time allowed for one attempt, from sending the request to the last byte of the body. @default 30000 */
  readonly requestTimeoutMs?: number;
  /**
   * Time allowed for one call as a whole: every attempt, backoff and rate-limit wait (a listing counts as one
   * call). Past it the call ends with a `TimeoutError`.
   * @default 120000
   */
  readonly deadlineMs?: number;
  /**
   * The client-side request budget, shared by every client in the process that uses the same token; `false`
   * turns the limiter off (the server's 429s are still honoured).
   * @default - Snyk's documented 1,620 requests a minute per token
   */
  readonly rateLimit?: RateLimit | false;
  /**
   * The undici dispatcher requests go through: the network seam (tests can pass a `MockAgent`; a proxy can be
   * set with a `ProxyAgent`). A dispatcher passed in is not closed by {@link SnykClient.close}.
   * @default - an undici `Agent` owned by the client, with the connect timeout applied
   */
  readonly dispatcher?: Dispatcher;
  /** Receives one redacted line per attempt and retry decision. @default - no debug output */
  readonly onDebug?: (line: string) => void;
  /** The random source of backoff jitter, for tests. @default - `Math.random` */
  readonly random?: () => number;
  /** The clock OAuth access token lifetimes are measured with, for tests. @default - `Date.now` */
  readonly now?: () => number;
  /** Page size (`limit`) of listings that do not set their own: 10 to 100, a multiple of 10. @default 100 (Snyk's maximum) */
  readonly pageSize?: number;
  /** Upper bound on pages read by one listing, against a server that never stops paging. @default 1000 */
  readonly maxPages?: number;
}

/** Per-call controls of the client. */
export interface SnykCallOptions extends CallOptions {
  /** Overrides the client's `deadlineMs` for this call. @default - the client's `deadlineMs` */
  readonly deadlineMs?: number;
}

/** HTTP methods the Snyk REST API uses. */
export type SnykMethod = "GET" | "POST" | "PATCH" | "DELETE";

/** Query parameters; `undefined` values are left out. */
export type SnykQuery = Readonly<Record<string, string | number | boolean | undefined>>;

/** One REST call. */
export interface SnykRequest<T> {
  /** The HTTP method. */
  readonly method: SnykMethod;
  /** The path under `/rest`, for example `/orgs/<id>`; path parameters must already be encoded. */
  readonly path: string;
  /** The `version` parameter. @default - the client's version */
  readonly version?: string;
  /** Further query parameters. @default - none */
  readonly query?: SnykQuery;
  /** A JSON:API document to send as `application/vnd.api+json`. @default - no body */
  readonly body?: unknown;
  /**
   * Validates the response body. Without it the body is ignored (for `204 No Content`).
   * @default - the body is not read as data
   */
  readonly schema?: ZodType<T>;
}

/** A successful call. */
export interface SnykResponse<T> {
  /** The HTTP status (2xx). */
  readonly status: number;
  /** The `snyk-request-id` header. @default - the response carried none */
  readonly requestId?: string;
  /** The validated body, or `undefined` when the request had no schema. */
  readonly data: T;
  /** How many attempts the call took. */
  readonly attempts: number;
}

/** A paginated listing: follows `links.next` until the last page. */
export interface SnykListRequest<R> {
  /** The collection path under `/rest`. */
  readonly path: string;
  /** The `version` parameter. @default - the client's version */
  readonly version?: string;
  /** Further query parameters of the first page. @default - none */
  readonly query?: SnykQuery;
  /** Page size (`limit`): 10 to 100, a multiple of 10. @default - the client's `pageSize` */
  readonly pageSize?: number;
  /** Validates one resource object of `data`. */
  readonly resource: ZodType<R>;
}
