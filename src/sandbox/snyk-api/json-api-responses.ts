import { randomUUID } from "node:crypto";

/** A response the simulator has decided on, before it is written (so faults can delay or trickle it). */
export interface SimulatedResponse {
  /** The HTTP status. */
  readonly status: number;
  /** Response headers. @default - none beyond those the server adds */
  readonly headers?: Readonly<Record<string, string>>;
  /** The body text. @default - no body (204) */
  readonly body?: string;
}

/** The media type of every Snyk REST document. */
export const JSON_API = "application/vnd.api+json";

/** A JSON:API document response. */
export function documentResponse(status: number, document: Record<string, unknown>): SimulatedResponse {
  return {
    status,
    headers: { "content-type": JSON_API },
    body: JSON.stringify({ jsonapi: { version: "1.0" }, ...document }),
  };
}

/** A JSON:API error response in Snyk's shape (one error object with id, status, code, title, detail). */
export function errorResponse(
  status: number,
  code: string,
  title: string,
  detail: string,
  extra: { readonly headers?: Readonly<Record<string, string>>; readonly source?: Record<string, string> } = {},
): SimulatedResponse {
  const error = {
    id: randomUUID(),
    status: String(status),
    code,
    title,
    detail,
    ...(extra.source ? { source: extra.source } : {}),
  };
  return {
    status,
    headers: { "content-type": JSON_API, ...extra.headers },
    body: JSON.stringify({ jsonapi: { version: "1.0" }, errors: [error] }),
  };
}

/**
 * The error codes the simulator uses. They follow the shape of Snyk's error catalogue (`SNYK-…`) but are the
 * simulator's own: do not match on them against the real API.
 */
export const SIMULATOR_ERROR_CODES = {
  BAD_REQUEST: "SNYK-SIM-0400",
  UNAUTHORIZED: "SNYK-SIM-0401",
  NOT_FOUND: "SNYK-SIM-0404",
  METHOD_NOT_ALLOWED: "SNYK-SIM-0405",
  CONFLICT: "SNYK-SIM-0409",
  RATE_LIMITED: "SNYK-SIM-0429",
  SERVER_ERROR: "SNYK-SIM-0500",
} as const;
