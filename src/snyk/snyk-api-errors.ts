import { SnykApiError } from "../errors";
import { redactSecrets } from "../redact";
import { jsonApiErrorDocumentSchema } from "./json-api";
import { isRetryableStatus } from "./retry-policy";
import type { SnykCredentialKind } from "./snyk-credentials";

/** What is known about a failed call when the error is built. */
export interface FailureContext {
  /** `METHOD /rest/path`, without query string. */
  readonly operation: string;
  /** The API base URL, to name the region in messages. */
  readonly baseUrl: string;
  /** How many attempts were made. */
  readonly attempts: number;
  /** The kind of credential sent, for the advice on a 401. @default - an API token */
  readonly credential?: SnykCredentialKind;
}

/** The parts of an HTTP response an error is built from. */
export interface FailedResponse {
  /** The HTTP status. */
  readonly status: number;
  /** The response headers (lower-case names). */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The raw response body. */
  readonly bodyText: string;
}

const MAX_DETAIL_LENGTH = 300;

/** The `snyk-request-id` header of a response, if any. */
export function requestIdOf(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const value = headers["snyk-request-id"];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Maps an error response (a JSON:API error document or anything else) to a {@link SnykApiError} whose message
 * says what failed and what to do. The message and detail are redacted.
 */
export function errorFromResponse(response: FailedResponse, context: FailureContext): SnykApiError {
  const requestId = requestIdOf(response.headers);
  const parsed = parseErrorBody(response.bodyText);
  const first = parsed?.errors[0];
  const rawDetail = first
    ? [first.title, first.detail].filter((part): part is string => part !== undefined && part !== "").join(": ")
    : response.bodyText.trim();
  const detail = truncate(redactSecrets(rawDetail));
  const retryable = isRetryableStatus(response.status);
  const advice = adviceFor(response.status, context);
  const parts = [
    `Snyk API call ${context.operation} failed with HTTP ${response.status}`,
    first?.code !== undefined ? ` (${first.code})` : "",
    detail !== "" ? `: ${detail.replace(/[.\s]+$/, "")}` : "",
    `. ${advice}`,
    context.attempts > 1 ? ` Gave up after ${context.attempts} attempts.` : "",
    requestId !== undefined ? ` Snyk request ID: ${requestId}.` : "",
  ];
  return new SnykApiError(redactSecrets(parts.join("")), {
    status: response.status,
    requestId,
    snykCode: first?.code,
    detail: detail === "" ? undefined : detail,
    retryable,
    operation: context.operation,
  });
}

/** A call that got no usable HTTP response: connection refused or dropped, timeouts, TLS failures. */
export function errorFromTransport(
  cause: unknown,
  context: FailureContext & { readonly retryable: boolean; readonly reason?: string },
): SnykApiError {
  const code = (cause as { code?: unknown } | null)?.code;
  const what = context.reason ?? (cause instanceof Error ? cause.message : String(cause));
  const message = [
    `Snyk API call ${context.operation} got no response from ${context.baseUrl}: ${what}`,
    typeof code === "string" ? ` (${code})` : "",
    ". Check network access to the Snyk API host and the base URL (SNYK_API_URL); this failure is retryable.",
    context.attempts > 1 ? ` Gave up after ${context.attempts} attempts.` : "",
  ].join("");
  return new SnykApiError(
    redactSecrets(message),
    {
      status: 0,
      retryable: context.retryable,
      operation: context.operation,
      detail: redactSecrets(what),
    },
    { cause },
  );
}

/**
 * A successful status whose body is not what the API contract promises (not JSON, or failing the schema).
 * Retryable: a truncated or garbled body is usually transient.
 */
export function errorFromInvalidBody(
  response: { readonly status: number; readonly headers: FailedResponse["headers"] },
  problem: string,
  context: FailureContext,
  cause?: unknown,
): SnykApiError {
  const requestId = requestIdOf(response.headers);
  const message = [
    `Snyk API call ${context.operation} returned HTTP ${response.status} with a body that does not match the expected shape: ${truncate(problem)}.`,
    " The API may have changed (check the version parameter) or the response was damaged in transit.",
    context.attempts > 1 ? ` Gave up after ${context.attempts} attempts.` : "",
    requestId !== undefined ? ` Snyk request ID: ${requestId}.` : "",
  ].join("");
  return new SnykApiError(
    redactSecrets(message),
    {
      status: response.status,
      requestId,
      retryable: true,
      operation: context.operation,
      detail: redactSecrets(truncate(problem)),
    },
    { cause },
  );
}

function parseErrorBody(text: string) {
  try {
    const result = jsonApiErrorDocumentSchema.safeParse(JSON.parse(text));
    return result.success ? result.data : undefined;
  } catch (error) {
    // Not JSON: the raw text becomes the detail instead.
    void error;
    return undefined;
  }
}

function adviceFor(status: number, context: FailureContext): string {
  switch (status) {
    case 400:
      return "Snyk rejected the request: fix the value named in the detail (IDs must be UUIDs; the version parameter must be valid).";
    case 401:
      return unauthorizedAdvice(context);
    case 403:
      return "The token's user or service account lacks permission for this call: grant it the needed role (Group Admin for group registrations, Org access for org reads).";
    case 404:
      return `Snyk found nothing there: check the org or group ID, the region of ${context.baseUrl}, and that the API version serves this endpoint.`;
    case 409:
      return "The resource conflicts with an existing one: look it up and adopt it instead of creating it again.";
    case 406:
    case 415:
      return "The media type was refused: requests must use application/vnd.api+json.";
    case 429:
      return "Snyk's rate limit (1,620 requests a minute per token) was hit: wait a minute, and run fewer operations in parallel with this token.";
    default:
      return isRetryableStatus(status)
        ? "This is a server-side failure and is retryable: try again later (see https://status.snyk.io)."
        : "Check the request against the Snyk API reference for this version.";
  }
}

function unauthorizedAdvice(context: FailureContext): string {
  switch (context.credential) {
    case "oauth-client-credentials":
      return `Snyk did not accept the access token it issued for SNYK_CLIENT_ID: check that the service account still exists and belongs to the Snyk region of ${context.baseUrl}.`;
    case "oauth-bearer":
      return `Snyk did not accept the OAuth access token: access tokens expire within the hour and are per region (${context.baseUrl}); get a new one, or set SNYK_CLIENT_ID and SNYK_CLIENT_SECRET so that the tool gets and refreshes its own.`;
    default:
      return `Snyk did not accept the token. Check that SNYK_TOKEN holds a current API token for ${context.baseUrl} (tokens are per region); an OAuth access token goes in SNYK_OAUTH_TOKEN (or set SNYK_TOKEN_TYPE=bearer).`;
  }
}

function truncate(text: string): string {
  return text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH - 3)}...` : text;
}
