import type { Dispatcher } from "undici";
import type { z } from "zod";
import type { SnykApiError } from "../errors";
import { JSON_API_MEDIA_TYPE } from "./json-api";
import { isRetryableStatus, serverRequestedDelay } from "./retry-policy";
import {
  errorFromInvalidBody,
  errorFromResponse,
  errorFromTransport,
  type FailureContext,
  requestIdOf,
} from "./snyk-api-errors";
import type { SnykMethod, SnykResponse } from "./snyk-client-options";

/** Transport failures where the request never reached the server, so even a POST can be sent again. */
const CONNECT_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
]);

/** One HTTP attempt of a Snyk call. */
export interface AttemptRequest<T> {
  /** The undici dispatcher the request goes through. */
  readonly dispatcher: Dispatcher;
  /** The `Authorization` header value; never logged. */
  readonly authorization: string;
  /** The HTTP method; POST is the only non-idempotent one. */
  readonly method: SnykMethod;
  /** The absolute URL, query included. */
  readonly url: string;
  /** The JSON:API document to send. */
  readonly body: unknown;
  /** Validates a 2xx body; without it the body is ignored. */
  readonly schema: z.ZodType<T> | undefined;
  /** The call's signal (user abort and deadline); when it fires, the attempt rejects with its reason. */
  readonly signal: AbortSignal;
  /** Time allowed for this attempt, request sent to last body byte. */
  readonly requestTimeoutMs: number;
  /** Operation, base URL and attempt number, for error messages. */
  readonly context: FailureContext;
  /** Receives one line about the attempt (redacted by the caller). */
  readonly debug: (line: string) => void;
}

/** What one attempt came to: a validated response, or a typed failure and whether to try again. */
export type AttemptOutcome<T> =
  | { readonly kind: "ok"; readonly response: SnykResponse<T> }
  | {
      readonly kind: "failed";
      readonly error: SnykApiError;
      /** Whether another attempt is safe and may help. */
      readonly retry: boolean;
      /** The wait the server asked for (`Retry-After`, `X-RateLimit-Reset`). @default - the server named none */
      readonly serverDelayMs?: number;
    };

/**
 * Sends one request and classifies the result. A POST is marked for retry only when the server cannot have
 * acted on it: a 429, or a connection that was never made. Everything else that is retryable (5xx, a dropped
 * connection, a timeout, a garbled body) is left to an idempotent caller, which re-reads before writing again.
 * @throws the call signal's reason when the call was aborted or passed its deadline
 */
export async function sendAttempt<T>(request: AttemptRequest<T>): Promise<AttemptOutcome<T>> {
  const { context, method } = request;
  const idempotent = method !== "POST";
  const attemptTimeout = new AbortController();
  const timer = setTimeout(() => attemptTimeout.abort(new Error("attempt timeout")), request.requestTimeoutMs);
  const signal = AbortSignal.any([request.signal, attemptTimeout.signal]);
  const started = Date.now();
  const target = new URL(request.url);
  const prefix = `${context.operation} attempt ${context.attempts}`;
  try {
    let status: number;
    let headers: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const response = await request.dispatcher.request({
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method,
        headers: {
          authorization: request.authorization,
          accept: JSON_API_MEDIA_TYPE,
          "user-agent": "snyk-eventbridge",
          ...(request.body !== undefined ? { "content-type": JSON_API_MEDIA_TYPE } : {}),
        },
        body: request.body !== undefined ? JSON.stringify(request.body) : undefined,
        signal,
        headersTimeout: request.requestTimeoutMs,
        bodyTimeout: request.requestTimeoutMs,
      });
      status = response.statusCode;
      headers = response.headers;
      text = await response.body.text();
    } catch (error) {
      if (request.signal.aborted) {
        throw error;
      }
      const code = (error as { code?: unknown } | null)?.code;
      const connectFailure = typeof code === "string" && CONNECT_ERROR_CODES.has(code);
      const failure = errorFromTransport(error, {
        ...context,
        retryable: true,
        reason: attemptTimeout.signal.aborted
          ? `no complete response within requestTimeoutMs (${request.requestTimeoutMs} ms)`
          : undefined,
      });
      request.debug(`${prefix}: ${failure.detail ?? "transport failure"} (${Date.now() - started} ms)`);
      return { kind: "failed", error: failure, retry: idempotent || connectFailure };
    }
    const requestId = requestIdOf(headers);
    const shownId = requestId !== undefined ? ` (snyk-request-id ${requestId})` : "";
    request.debug(`${prefix}: HTTP ${status} in ${Date.now() - started} ms${shownId}`);
    if (status < 200 || status >= 300) {
      const failure = errorFromResponse({ status, headers, bodyText: text }, context);
      const retry = isRetryableStatus(status) && (idempotent || status === 429);
      return {
        kind: "failed",
        error: failure,
        retry,
        serverDelayMs: retry ? serverRequestedDelay(headers) : undefined,
      };
    }
    if (request.schema === undefined) {
      return { kind: "ok", response: { status, requestId, data: undefined as T, attempts: context.attempts } };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      const failure = errorFromInvalidBody(
        { status, headers },
        `not JSON (${(error as Error).message})`,
        context,
        error,
      );
      return { kind: "failed", error: failure, retry: idempotent };
    }
    const parsed = request.schema.safeParse(json);
    if (!parsed.success) {
      const problem = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
        .join("; ");
      return { kind: "failed", error: errorFromInvalidBody({ status, headers }, problem, context), retry: idempotent };
    }
    return { kind: "ok", response: { status, requestId, data: parsed.data, attempts: context.attempts } };
  } finally {
    clearTimeout(timer);
  }
}
