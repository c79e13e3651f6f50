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
  rateLimitKeyOf,
  resolveSnykCredential,
  secretsOf,
  type SnykCredential,
  type SnykCredentialKind,
  type SnykTokenType,
} from "./snyk-credentials";
import { OAuthTokenSource } from "./oauth-token-source";
import { jsonApiCollectionDocumentSchema, linkHref, resolveNextLink } from "./json-api";
import { type RateLimit, SNYK_RATE_LIMIT, type SlidingWindowRateLimiter, sharedRateLimiter } from "./rate-limiter";
import { abortableSleep } from "../abortable-sleep";
import { backoffDelay, type ResolvedRetryOptions, resolveRetryOptions } from "./retry-policy";
import { assertSnykId } from "./snyk-ids";
import { orgResourceSchema, type SnykOrg, toSnykOrg } from "./snyk-org";
import { principalResourceSchema, type SnykPrincipal } from "./snyk-principal";
import { resolveSnykBaseUrl } from "./snyk-regions";

const VERSION_PATTERN = /^\d{4}-\d{2}-\d{2}(~(beta|experimental|wip|work-in-progress))?$/;

/** Snyk's `limit`: 10 to 100, a multiple of 10 (the REST specification). */
const PAGE_SIZE = { min: 10, max: 100, step: 10 } as const;

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
 * Credentials: an API token (`Authorization: token`), an OAuth access token (`bearer`), or a service account's
 * OAuth client ID and secret, for which the client gets short-lived access tokens from `POST /oauth2/token`
 * and refreshes them before they expire ({@link OAuthTokenSource}).
 *
 * Every secret (token, client secret, access token) is registered with `src/redact.ts` and never appears in
 * errors or debug lines.
 */
export class SnykClient {
  /** The API base URL, without `/rest`. */
  public readonly baseUrl: string;
  /** How the token is presented (`bearer` for both kinds of OAuth credential). */
  public readonly tokenType: SnykTokenType;
  /** Which kind of credential the client uses. */
  public readonly credentialKind: SnykCredentialKind;
  /** Where the credential was read from (an option or variable name; never the secret). */
  public readonly credentialSource: string;
  /** The default `version` parameter. */
  public readonly version: string;
  /** The client-side request budget, or `undefined` when turned off. */
  public readonly rateLimit?: RateLimit;

  private readonly credential: SnykCredential;
  private readonly oauth?: OAuthTokenSource;
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
    this.credential = resolveSnykCredential({
      token: options.token,
      tokenType: options.tokenType,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      env,
    });
    secretsOf(this.credential).forEach(registerSecret);
    this.credentialKind = this.credential.kind;
    this.credentialSource = this.credential.source;
    this.tokenType = this.credential.kind === "oauth-client-credentials" ? "bearer" : this.credential.tokenType;
    this.baseUrl = resolveSnykBaseUrl({ baseUrl: options.baseUrl, region: options.region, env });
    this.version = options.version ?? DEFAULT_SNYK_API_VERSION;
    assertVersion("version", this.version);
    this.retry = resolveRetryOptions(options.retry);
    this.connectTimeoutMs = positive("connectTimeoutMs", options.connectTimeoutMs ?? 10_000);
    this.requestTimeoutMs = positive("requestTimeoutMs", options.requestTimeoutMs ?? 30_000);
    this.deadlineMs = positive("deadlineMs", options.deadlineMs ?? 120_000);
    if (options.rateLimit !== false) {
      this.limiter = sharedRateLimiter(rateLimitKeyOf(this.credential), options.rateLimit ?? SNYK_RATE_LIMIT);
      this.rateLimit = this.limiter.limit;
    }
    this.onDebug = options.onDebug;
    this.random = options.random ?? Math.random;
    this.maxPages = options.maxPages ?? 1000;
    this.pageSize = assertPageSize("pageSize", options.pageSize ?? PAGE_SIZE.max);
    this.injectedDispatcher = options.dispatcher;
    if (this.credential.kind === "oauth-client-credentials") {
      this.oauth = new OAuthTokenSource({
        credentials: this.credential,
        baseUrl: this.baseUrl,
        requestTimeoutMs: this.requestTimeoutMs,
        onDebug: (line) => this.debug(line),
        now: options.now,
      });
    }
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

  /**
   * Who the credential belongs to (`GET /rest/self`): a user, a service account or an app instance. The
   * cheapest call that proves a credential is accepted.
   * @throws SnykApiError with status 401 when Snyk does not accept the credential
   */
  public async getSelf(options?: SnykCallOptions): Promise<SnykPrincipal> {
    const response = await this.request(
      { method: "GET", path: "/self", schema: z.looseObject({ data: principalResourceSchema }) },
      options,
    );
    const { type, id, attributes } = response.data.data;
    return { type, id, name: attributes.name ?? attributes.username ?? id };
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
      limit: request.pageSize === undefined ? this.pageSize : assertPageSize("pageSize", request.pageSize),
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
          const dispatcher = await this.dispatcher();
          const authorization = await this.authorization(dispatcher, scope.signal);
          outcome =
            typeof authorization !== "string"
              ? authorization
              : await sendAttempt({
                  dispatcher,
                  authorization,
                  method,
                  url,
                  body,
                  schema,
                  signal: scope.signal,
                  requestTimeoutMs: this.requestTimeoutMs,
                  context: { operation, baseUrl: this.baseUrl, attempts: attempt, credential: this.credentialKind },
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

  /**
   * The `Authorization` header of the next attempt, or, when an OAuth access token could not be had, the failed
   * outcome to treat like any other (retried when retryable, within the call's deadline).
   */
  private async authorization(
    dispatcher: Dispatcher,
    signal: AbortSignal,
  ): Promise<string | { readonly kind: "failed"; readonly error: SnykApiError; readonly retry: boolean }> {
    if (this.oauth === undefined) {
      return authorizationHeader(this.credential as Exclude<SnykCredential, { kind: "oauth-client-credentials" }>);
    }
    try {
      return `bearer ${await this.oauth.accessToken(dispatcher, signal)}`;
    } catch (error) {
      if (SnykApiError.isSnykApiError(error)) {
        return { kind: "failed", error, retry: error.retryable };
      }
      throw error;
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
    this.onDebug?.(redactSecrets(line, secretsOf(this.credential)));
  }
}

function operationOf(method: string, url: string): string {
  return `${method} ${new URL(url).pathname}`;
}

function withNote(error: SnykApiError, note: string): SnykApiError {
  return new SnykApiError(`${error.message}${note}`, error, { cause: error.cause });
}

function assertPageSize(field: string, value: number): number {
  if (!Number.isInteger(value) || value < PAGE_SIZE.min || value > PAGE_SIZE.max || value % PAGE_SIZE.step !== 0) {
    throw ValidationError.fromIssues("Snyk client options", [
      {
        field,
        rule: `must be a multiple of ${PAGE_SIZE.step} from ${PAGE_SIZE.min} to ${PAGE_SIZE.max} (Snyk's limit parameter)`,
        value,
      },
    ]);
  }
  return value;
}

function assertVersion(field: string, version: string): void {
  if (!VERSION_PATTERN.test(version)) {
    throw ValidationError.fromIssues("Snyk API version", [
      {
        field,
        rule: "must be a date with an optional stability (~beta, ~experimental, ~wip), like 2024-10-15 or 2023-01-25~experimental",
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
export const SNYK_CLIENT_ENV = [
  ENV.SNYK_TOKEN,
  ENV.SNYK_TOKEN_TYPE,
  ENV.SNYK_OAUTH_TOKEN,
  ENV.SNYK_CLIENT_ID,
  ENV.SNYK_CLIENT_SECRET,
  ENV.SNYK_API_URL,
] as const;
