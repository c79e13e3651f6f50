import type { Dispatcher } from "undici";
import { z } from "zod";
import { ENV } from "../consts";
import { SnykApiError, TimeoutError, ValidationError } from "../errors";
import { redactSecrets, registerSecret } from "../redact";
import { type AttemptOutcome, sendAttempt } from "./http-attempt";
import {
  DEFAULT_SNYK_API_VERSION,
  type SnykCallOptions,
  type SnykClientOptions,
  type SnykListRequest,
  type SnykMethod,
  type SnykQuery,
  type SnykRequest,
  type SnykResponse,
} from "./snyk-client-options";
import {
  authorizationHeader,
  resolveSnykCredential,
  type SnykCredential,
  type SnykTokenType,
} from "./snyk-credentials";
import { jsonApiCollectionDocumentSchema, linkHref, resolveNextLink } from "./json-api";
import { type RateLimit, SNYK_RATE_LIMIT, type SlidingWindowRateLimiter, sharedRateLimiter } from "./rate-limiter";
import { abortableSleep } from "../abortable-sleep";
import { backoffDelay, type ResolvedRetryOptions, resolveRetryOptions } from "./retry-policy";
import { assertSnykId } from "./snyk-ids";
import { orgResourceSchema, type SnykOrg, toSnykOrg } from "./snyk-org";
import { resolveSnykBaseUrl } from "./snyk-regions";

const VERSION_PATTERN = /^\d{4}-\d{2}-\d{2}(~(beta|experimental))?$/;

/** The state of one call (one request with its retries, or one whole listing). */
interface CallScope {
  readonly signal: AbortSignal;
  readonly userSignal?: AbortSignal;
  readonly deadlineSignal: AbortSignal;
  readonly startedAt: number;
  readonly deadlineMs: number;
  readonly dispose: () => void;
}

/**
 * A client of Snyk's REST API on undici. It resolves region and token from options or the environment,
 * follows Snyk's REST conventions (required `version`, `application/vnd.api+json`, cursor pagination through
 * `links.next`), validates every response with zod, and turns failures into `SnykApiError`s that carry the
 * HTTP status, the `snyk-request-id`, Snyk's error code and detail, and whether a retry can help.
 *
 * Retries cover 429, 5xx and transport failures only, with capped exponential backoff and jitter, honouring
 * `Retry-After` / `X-RateLimit-Reset`, bounded by a deadline and an `AbortSignal`. A POST is retried only
 * when the server cannot have acted on it (429, or no connection made); otherwise the retryable error is
 * returned so that an idempotent caller (the reconciler) re-observes before creating again.
 *
 * Retries are written here rather than with undici's `RetryAgent`: that handler is built to resume
 * downloads (Range requests), does not know JSON:API bodies (a 200 with a garbled body is not retried by it),
 * and a retry must wait for the shared rate limiter and the call's deadline. undici's `Agent` supplies the
 * connection pool and the connect, headers and body timeouts.
 *
 * The token is registered with `src/redact.ts` and never appears in errors or debug lines.
 */
export class SnykClient {
  /** The API base URL, without `/rest`. */
  public readonly baseUrl: string;
  /** How the token is presented. */
  public readonly tokenType: SnykTokenType;
  /** The default `version` parameter. */
  public readonly version: string;
  /** The client-side request budget, or `undefined` when turned off. */
  public readonly rateLimit?: RateLimit;

  private readonly credential: SnykCredential;
  private readonly retry: ResolvedRetryOptions;
  private readonly connectTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly deadlineMs: number;
  private readonly limiter?: SlidingWindowRateLimiter;
  private readonly onDebug?: (line: string) => void;
  private readonly random: () => number;
  private readonly maxPages: number;
  private readonly pageSize: number;
  private readonly injectedDispatcher?: Dispatcher;
  private ownedDispatcher?: Promise<Dispatcher>;

  /** @throws ValidationError when the token, base URL, version or limits are missing or malformed */
  constructor(options: SnykClientOptions = {}) {
    const env = options.env ?? process.env;
    this.credential = resolveSnykCredential({ token: options.token, tokenType: options.tokenType, env });
    registerSecret(this.credential.token);
    this.tokenType = this.credential.tokenType;
    this.baseUrl = resolveSnykBaseUrl({ baseUrl: options.baseUrl, region: options.region, env });
    this.version = options.version ?? DEFAULT_SNYK_API_VERSION;
    assertVersion("version", this.version);
    this.retry = resolveRetryOptions(options.retry);
    this.connectTimeoutMs = positive("connectTimeoutMs", options.connectTimeoutMs ?? 10_000);
    this.requestTimeoutMs = positive("requestTimeoutMs", options.requestTimeoutMs ?? 30_000);
    this.deadlineMs = positive("deadlineMs", options.deadlineMs ?? 120_000);
    if (options.rateLimit !== false) {
      this.limiter = sharedRateLimiter(this.credential.token, options.rateLimit ?? SNYK_RATE_LIMIT);
      this.rateLimit = this.limiter.limit;
    }
    this.onDebug = options.onDebug;
    this.random = options.random ?? Math.random;
    this.maxPages = options.maxPages ?? 1000;
    this.pageSize = options.pageSize ?? 100;
    this.injectedDispatcher = options.dispatcher;
  }

  /** Closes the connection pool the client created (a dispatcher passed in is left open). */
  public async close(): Promise<void> {
    const owned = this.ownedDispatcher;
    this.ownedDispatcher = undefined;
    if (owned !== undefined) {
      await (await owned).close();
    }
  }

  /**
   * Reads one org (`GET /rest/orgs/{org_id}`).
   * @throws SnykApiError with status 404 when the org does not exist or the token cannot see it
   */
  public async getOrg(orgId: string, options?: SnykCallOptions): Promise<SnykOrg> {
    assertSnykId("orgId", orgId);
    const response = await this.request(
      { method: "GET", path: `/orgs/${encodeURIComponent(orgId)}`, schema: z.looseObject({ data: orgResourceSchema }) },
      options,
    );
    return toSnykOrg(response.data.data);
  }

  /** Lists every org of a group (`GET /rest/groups/{group_id}/orgs`, all pages). */
  public async listGroupOrgs(groupId: string, options?: SnykCallOptions): Promise<SnykOrg[]> {
    assertSnykId("groupId", groupId);
    const orgs = await this.listAll(
      { path: `/groups/${encodeURIComponent(groupId)}/orgs`, resource: orgResourceSchema },
      options,
    );
    return orgs.map(toSnykOrg);
  }

  /** Sends one request (with retries) and validates the response with `request.schema`. */
  public async request<T>(request: SnykRequest<T>, options: SnykCallOptions = {}): Promise<SnykResponse<T>> {
    const version = request.version ?? this.version;
    assertVersion("version", version);
    const url = this.urlFor(request.path, version, request.query);
    const scope = this.openScope(options);
    try {
      return await this.execute(request.method, url, request.body, request.schema, scope);
    } finally {
      scope.dispose();
    }
  }

  /**
   * Reads every page of a collection, following `links.next`, and returns all resources. The whole listing
   * shares one deadline.
   */
  public async listAll<R>(request: SnykListRequest<R>, options: SnykCallOptions = {}): Promise<R[]> {
    const version = request.version ?? this.version;
    assertVersion("version", version);
    const schema = jsonApiCollectionDocumentSchema(request.resource);
    let url: string | undefined = this.urlFor(request.path, version, {
      limit: request.pageSize ?? this.pageSize,
      ...request.query,
    });
    const seen = new Set<string>();
    const items: R[] = [];
    const scope = this.openScope(options);
    try {
      while (url !== undefined) {
        if (seen.size >= this.maxPages || seen.has(url)) {
          throw new SnykApiError(
            `Snyk API listing ${operationOf("GET", url)} did not end after ${seen.size} pages (links.next ${seen.has(url) ? "repeats a page" : "keeps going"}). Raise maxPages if the collection is really that large.`,
            { status: 200, retryable: false, operation: operationOf("GET", url) },
          );
        }
        seen.add(url);
        const page: SnykResponse<z.infer<typeof schema>> = await this.execute("GET", url, undefined, schema, scope);
        items.push(...(page.data.data as R[]));
        url = this.nextUrl(linkHref(page.data.links?.next), version, url);
      }
      return items;
    } finally {
      scope.dispose();
    }
  }

  private nextUrl(next: string | undefined, version: string, current: string): string | undefined {
    let resolved: string | undefined;
    try {
      resolved = resolveNextLink(this.baseUrl, next);
    } catch (error) {
      throw new SnykApiError(
        redactSecrets(
          `Snyk API listing ${operationOf("GET", current)} returned an unusable links.next: ${(error as Error).message}. The token is not sent there; report this to Snyk with the request.`,
        ),
        { status: 200, retryable: false, operation: operationOf("GET", current) },
        { cause: error },
      );
    }
    if (resolved === undefined) {
      return undefined;
    }
    const url = new URL(resolved);
    if (!url.searchParams.has("version")) {
      url.searchParams.set("version", version);
    }
    return url.toString();
  }

  private urlFor(path: string, version: string, query: SnykQuery = {}): string {
    const url = new URL(`${this.baseUrl}/rest${path.startsWith("/") ? path : `/${path}`}`);
    url.searchParams.set("version", version);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) {
        url.searchParams.set(key, String(value));
      }
    }
    return url.toString();
  }

  private openScope(options: SnykCallOptions): CallScope {
    const deadlineMs = positive("deadlineMs", options.deadlineMs ?? this.deadlineMs);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new Error("deadline")), deadlineMs);
    const signals = options.signal !== undefined ? [options.signal, deadline.signal] : [deadline.signal];
    return {
      signal: AbortSignal.any(signals),
      userSignal: options.signal,
      deadlineSignal: deadline.signal,
      startedAt: Date.now(),
      deadlineMs,
      dispose: () => clearTimeout(timer),
    };
  }

  private async execute<T>(
    method: SnykMethod,
    url: string,
    body: unknown,
    schema: z.ZodType<T> | undefined,
    scope: CallScope,
  ): Promise<SnykResponse<T>> {
    const operation = operationOf(method, url);
    let lastError: SnykApiError | undefined;
    for (let attempt = 1; ; attempt++) {
      let outcome: AttemptOutcome<T>;
      try {
        const release = await this.limiter?.acquire(scope.signal);
        try {
          outcome = await sendAttempt({
            dispatcher: await this.dispatcher(),
            authorization: authorizationHeader(this.credential),
            method,
            url,
            body,
            schema,
            signal: scope.signal,
            requestTimeoutMs: this.requestTimeoutMs,
            context: { operation, baseUrl: this.baseUrl, attempts: attempt },
            debug: (line: string) => this.debug(line),
          });
        } finally {
          release?.();
        }
      } catch (error) {
        throw this.abortError(scope, operation, attempt, lastError, error);
      }
      if (outcome.kind === "ok") {
        return outcome.response;
      }
      lastError = outcome.error;
      if (!outcome.retry || attempt >= this.retry.maxAttempts) {
        throw outcome.error;
      }
      const backoff = backoffDelay(attempt, this.retry, this.random());
      const server = outcome.serverDelayMs;
      if (server !== undefined && server > this.retry.maxServerDelayMs) {
        throw withNote(
          outcome.error,
          ` Snyk asked to wait ${Math.ceil(server / 1000)} s, more than maxServerDelayMs (${this.retry.maxServerDelayMs} ms); try again later.`,
        );
      }
      const jitter = Math.round(this.random() * Math.min(250, this.retry.baseDelayMs));
      const delay = server !== undefined ? Math.max(server + jitter, backoff) : backoff;
      const remaining = scope.startedAt + scope.deadlineMs - Date.now();
      if (delay >= remaining) {
        throw withNote(
          outcome.error,
          ` The next retry (in ${delay} ms) would pass the ${scope.deadlineMs} ms deadline, so the call stops here.`,
        );
      }
      this.debug(
        `${operation} retry ${attempt} of ${this.retry.maxAttempts - 1} in ${delay} ms after ${outcome.error.status || "transport failure"}`,
      );
      try {
        await abortableSleep(delay, scope.signal);
      } catch (error) {
        throw this.abortError(scope, operation, attempt, lastError, error);
      }
    }
  }

  private abortError(
    scope: CallScope,
    operation: string,
    attempts: number,
    lastError: SnykApiError | undefined,
    error: unknown,
  ): unknown {
    if (scope.userSignal?.aborted) {
      return scope.userSignal.reason;
    }
    if (scope.deadlineSignal.aborted) {
      const last = lastError !== undefined ? ` Last failure: ${lastError.message}` : "";
      return new TimeoutError(
        redactSecrets(
          `Snyk API call ${operation} did not complete within its ${scope.deadlineMs} ms deadline (${attempts} attempt${attempts === 1 ? "" : "s"}). Raise deadlineMs or check the network path to ${this.baseUrl}.${last}`,
        ),
        Date.now() - scope.startedAt,
        { cause: lastError },
      );
    }
    return error;
  }

  private dispatcher(): Promise<Dispatcher> {
    if (this.injectedDispatcher !== undefined) {
      return Promise.resolve(this.injectedDispatcher);
    }
    // undici is loaded on first use so that importing the package stays cheap.
    this.ownedDispatcher ??= import("undici").then(
      ({ Agent }) => new Agent({ connect: { timeout: this.connectTimeoutMs }, keepAliveTimeout: 4_000 }),
    );
    return this.ownedDispatcher;
  }

  private debug(line: string): void {
    this.onDebug?.(redactSecrets(line, [this.credential.token]));
  }
}

function operationOf(method: string, url: string): string {
  return `${method} ${new URL(url).pathname}`;
}

function withNote(error: SnykApiError, note: string): SnykApiError {
  return new SnykApiError(`${error.message}${note}`, error, { cause: error.cause });
}

function assertVersion(field: string, version: string): void {
  if (!VERSION_PATTERN.test(version)) {
    throw ValidationError.fromIssues("Snyk API version", [
      {
        field,
        rule: "must be a date with an optional stability, like 2024-10-15 or 2023-01-25~experimental",
        value: version,
      },
    ]);
  }
}

function positive(field: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw ValidationError.fromIssues("Snyk client options", [
      { field, rule: "must be a positive number of milliseconds", value },
    ]);
  }
  return value;
}

/** The environment variables the client reads, for help texts. */
export const SNYK_CLIENT_ENV = [ENV.SNYK_TOKEN, ENV.SNYK_TOKEN_TYPE, ENV.SNYK_API_URL] as const;
