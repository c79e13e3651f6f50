import type { Dispatcher } from "undici";
import { z } from "zod";
import { SnykApiError } from "../errors";
import { redactSecrets, registerSecret } from "../redact";
import { isRetryableStatus } from "./retry-policy";
import { errorFromTransport, requestIdOf } from "./snyk-api-errors";
import type { SnykClientCredentials } from "./snyk-credentials";

/** The path of Snyk's OAuth 2.0 token endpoint, at the API root (not under `/rest`). */
export const OAUTH_TOKEN_PATH = "/oauth2/token";

/** An access token may be used until this long before it expires, at most (a refresh then comes first). */
const MAX_REFRESH_MARGIN_MS = 60_000;

/** RFC 6749 section 5.1: the successful token response. */
const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().refine((type) => type.toLowerCase() === "bearer", { message: "must be bearer" }),
  expires_in: z.number().positive(),
});

/** RFC 6749 section 5.2, or a JSON:API error document: what a refused token request may answer. */
const tokenErrorSchema = z.union([
  z.looseObject({ error: z.string(), error_description: z.string().optional() }),
  z.looseObject({ errors: z.array(z.looseObject({ detail: z.string().optional(), title: z.string().optional() })) }),
]);

/** Options of {@link OAuthTokenSource}. */
export interface OAuthTokenSourceOptions {
  /** The service account's client ID and secret. */
  readonly credentials: SnykClientCredentials;
  /** The API base URL (without `/rest`); the token endpoint is `<baseUrl>/oauth2/token`. */
  readonly baseUrl: string;
  /** Time allowed for one token request, in milliseconds. */
  readonly requestTimeoutMs: number;
  /** Receives one redacted line per token request. @default - no debug output */
  readonly onDebug?: (line: string) => void;
  /** The clock, for tests. @default - `Date.now` */
  readonly now?: () => number;
}

interface CachedToken {
  readonly value: string;
  /** When to get a new one: some time before it expires. */
  readonly refreshAt: number;
}

/**
 * Short-lived OAuth access tokens for a service account (`grant_type=client_credentials`, the client ID and
 * secret in a form-encoded body, as Snyk documents it): one token is cached and shared, and a new one is
 * requested before the cached one expires (a tenth of its lifetime before, at most a minute). Concurrent
 * callers share one request; a caller that gives up (abort, deadline) does not fail the others. The secret and
 * every access token are registered for redaction.
 */
export class OAuthTokenSource {
  /** The token endpoint. */
  public readonly tokenUrl: string;
  private cached?: CachedToken;
  private pending?: Promise<CachedToken>;
  private readonly now: () => number;

  constructor(private readonly options: OAuthTokenSourceOptions) {
    this.tokenUrl = `${options.baseUrl}${OAUTH_TOKEN_PATH}`;
    this.now = options.now ?? Date.now;
    registerSecret(options.credentials.clientSecret);
  }

  /**
   * A current access token, from the cache or a new token request.
   * @throws SnykApiError when Snyk refuses the client credentials (not retryable) or cannot be reached
   *   (retryable); the caller's signal reason when it aborts
   */
  public async accessToken(dispatcher: Dispatcher, signal: AbortSignal): Promise<string> {
    signal.throwIfAborted();
    const cached = this.cached;
    if (cached !== undefined && this.now() < cached.refreshAt) {
      return cached.value;
    }
    this.pending ??= this.request(dispatcher).finally(() => {
      this.pending = undefined;
    });
    const token = await untilAborted(this.pending, signal);
    return token.value;
  }

  /** Forgets the cached token, so that the next call requests a new one. */
  public invalidate(): void {
    this.cached = undefined;
  }

  private async request(dispatcher: Dispatcher): Promise<CachedToken> {
    const { credentials } = this.options;
    const url = new URL(this.tokenUrl);
    const operation = `POST ${url.pathname}`;
    const context = { operation, baseUrl: this.options.baseUrl, attempts: 1 };
    const started = this.now();
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
    });
    let status: number;
    let headers: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const response = await dispatcher.request({
        origin: url.origin,
        path: url.pathname,
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
          "user-agent": "snyk-eventbridge",
        },
        body: form.toString(),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
        headersTimeout: this.options.requestTimeoutMs,
        bodyTimeout: this.options.requestTimeoutMs,
      });
      status = response.statusCode;
      headers = response.headers;
      text = await response.body.text();
    } catch (error) {
      this.debug(`${operation}: no response (${this.now() - started} ms)`);
      throw errorFromTransport(error, { ...context, retryable: true });
    }
    const requestId = requestIdOf(headers);
    this.debug(`${operation}: HTTP ${status} in ${this.now() - started} ms`);
    if (status < 200 || status >= 300) {
      throw this.refused(status, text, operation, requestId);
    }
    const parsed = tokenResponseSchema.safeParse(parseJson(text));
    if (!parsed.success) {
      throw new SnykApiError(
        `Snyk's token endpoint ${this.tokenUrl} answered HTTP ${status} without a usable bearer token ` +
          `(${parsed.error.issues.map((issue) => `${issue.path.join(".") || "(body)"} ${issue.message}`).join("; ")}).`,
        { status, requestId, retryable: true, operation },
      );
    }
    registerSecret(parsed.data.access_token);
    const lifetimeMs = parsed.data.expires_in * 1000;
    const margin = Math.min(MAX_REFRESH_MARGIN_MS, lifetimeMs / 10);
    const token = { value: parsed.data.access_token, refreshAt: started + lifetimeMs - margin };
    this.cached = token;
    return token;
  }

  private refused(status: number, text: string, operation: string, requestId: string | undefined): SnykApiError {
    const body = tokenErrorSchema.safeParse(parseJson(text));
    let detail = text.trim().slice(0, 200);
    if (body.success) {
      detail =
        "error" in body.data
          ? [body.data.error, body.data.error_description].filter((part) => part !== undefined).join(": ")
          : body.data.errors.map((error) => [error.title, error.detail].filter(Boolean).join(": ")).join("; ");
    }
    const retryable = isRetryableStatus(status);
    const { source } = this.options.credentials;
    const advice = retryable
      ? "This is a server-side failure and is retryable: try again later."
      : `Check the service account's client ID and secret (${source}; Snyk shows the secret once, so rotate it if it was lost) and that the service account belongs to the Snyk region of ${this.options.baseUrl}.`;
    const message =
      `Snyk did not issue an OAuth access token for the client credentials in ${source}: ${operation} answered HTTP ${status}` +
      `${detail === "" ? "" : ` (${detail.replace(/[.\s]+$/, "")})`}. ${advice}` +
      (requestId === undefined ? "" : ` Snyk request ID: ${requestId}.`);
    return new SnykApiError(redactSecrets(message), {
      status,
      requestId,
      detail: redactSecrets(detail),
      retryable,
      operation,
    });
  }

  private debug(line: string): void {
    this.options.onDebug?.(redactSecrets(line));
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // Not JSON: the schemas then fail and the raw text is reported instead.
    void error;
    return undefined;
  }
}

/** `promise`, or the signal's reason as soon as it aborts (the shared request itself goes on for the others). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
