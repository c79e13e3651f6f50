/**
 * The HTTP side of the simulator: AWS JSON 1.1 as EventBridge speaks it. A request is
 * `POST /` with `Content-Type: application/x-amz-json-1.1`, `X-Amz-Target: AWSEvents.<Operation>`, a SigV4
 * `Authorization` header (its access key and signing region select the caller's account and region; the
 * signature itself is not checked) and a JSON body. Answers are JSON with epoch-second timestamps; errors
 * are HTTP 400/500 with `x-amzn-ErrorType` and `{"__type", "message"}`.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { AwsServiceError } from "./service-error";
import { callerIdentityXml, queryErrorXml } from "./sts-responder";

/** Largest request body accepted. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Who is calling, from the SigV4 credential scope. */
export interface Caller {
  readonly accessKeyId: string;
  readonly accountId: string;
  readonly region: string;
}

/** One request as the simulator saw it, for tests. */
export interface RequestRecord {
  readonly operation: string;
  readonly accountId: string;
  readonly region: string;
  /** HTTP status answered. */
  readonly status: number;
  /** The `__type` answered, for errors. */
  readonly errorType?: string;
}

/** What the protocol layer needs from the simulator. */
export interface WireHandlers {
  /** Maps an access key to its account. */
  accountOf(accessKeyId: string): string;
  /** Delay and error injected for `operation`. */
  fault(operation: string): { delayMs: number; error?: AwsServiceError };
  /** Runs `operation` for `caller`; throws AwsServiceError for AWS errors. */
  run(operation: string, input: unknown, caller: Caller): Record<string, unknown>;
  /** Records the outcome of a request. */
  record(request: RequestRecord): void;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/** Answers one HTTP request. Never rejects: every failure becomes an AWS error response. */
export async function handleRequest(
  request: IncomingMessage,
  response: ServerResponse,
  handlers: WireHandlers,
): Promise<void> {
  const requestId = randomUUID();
  let operation = "Unknown";
  let caller: Caller | undefined;
  try {
    const body = await readBody(request);
    const credential = CREDENTIAL.exec(request.headers.authorization ?? "");
    if (credential === null) {
      throw new AwsServiceError("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
    }
    caller = { accessKeyId: credential[1], accountId: handlers.accountOf(credential[1]), region: credential[2] };
    if (credential[3] === "sts") {
      operation = "GetCallerIdentity";
      answerSts(body, caller, requestId, response);
      handlers.record({ operation, accountId: caller.accountId, region: caller.region, status: response.statusCode });
      return;
    }
    operation = parseTarget(request);
    const contentType = request.headers["content-type"] ?? "";
    if (request.method !== "POST" || !contentType.startsWith("application/x-amz-json-1.1")) {
      throw new AwsServiceError(
        "SerializationException",
        `Expected POST with Content-Type application/x-amz-json-1.1, got ${request.method} ${contentType || "(none)"}`,
      );
    }
    const input = parseJson(body);
    const fault = handlers.fault(operation);
    if (fault.delayMs > 0) {
      // Unreferenced: a delayed answer must not keep a test process alive after the simulator closed.
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs).unref());
    }
    if (fault.error !== undefined) {
      throw fault.error;
    }
    const output = handlers.run(operation, input, caller);
    send(response, 200, requestId, JSON.stringify(output));
    handlers.record({ operation, accountId: caller.accountId, region: caller.region, status: 200 });
  } catch (error) {
    const failure =
      error instanceof AwsServiceError
        ? error
        : new AwsServiceError("InternalException", `The simulator failed: ${(error as Error).message}`, 500);
    response.setHeader("x-amzn-ErrorType", failure.type);
    send(response, failure.status, requestId, JSON.stringify({ __type: failure.type, message: failure.message }));
    handlers.record({
      operation,
      accountId: caller?.accountId ?? "unknown",
      region: caller?.region ?? "unknown",
      status: failure.status,
      errorType: failure.type,
    });
  }
}

function parseTarget(request: IncomingMessage): string {
  const target = request.headers["x-amz-target"];
  const value = Array.isArray(target) ? target[0] : target;
  if (value === undefined || !value.startsWith("AWSEvents.")) {
    throw new AwsServiceError("UnknownOperationException", `Unknown operation ${value ?? "(no X-Amz-Target header)"}`);
  }
  return value.slice("AWSEvents.".length);
}

function parseJson(body: string): unknown {
  if (body.trim() === "") {
    return {};
  }
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new AwsServiceError(
      "SerializationException",
      `The request body is not valid JSON: ${(error as Error).message}`,
    );
  }
}

function answerSts(body: string, caller: Caller, requestId: string, response: ServerResponse): void {
  const action = new URLSearchParams(body).get("Action");
  response.setHeader("Content-Type", "text/xml");
  if (action !== "GetCallerIdentity") {
    send(
      response,
      400,
      requestId,
      queryErrorXml("InvalidAction", `The sandbox STS only answers GetCallerIdentity, not ${action}.`, requestId),
      "text/xml",
    );
    return;
  }
  send(response, 200, requestId, callerIdentityXml(caller.accountId, caller.accessKeyId, requestId), "text/xml");
}

function send(
  response: ServerResponse,
  status: number,
  requestId: string,
  body: string,
  contentType = "application/x-amz-json-1.1",
): void {
  response.statusCode = status;
  response.setHeader("Content-Type", contentType);
  response.setHeader("x-amzn-RequestId", requestId);
  response.setHeader("Content-Length", Buffer.byteLength(body));
  response.end(body);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and discarded, so the error response can still be sent.
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
      }
    });
    request.on("end", () => {
      if (size > MAX_BODY_BYTES) {
        reject(new AwsServiceError("ValidationException", `Request body exceeds ${MAX_BODY_BYTES} bytes.`, 413));
      } else {
        resolve(Buffer.concat(chunks).toString("utf8"));
      }
    });
    request.on("error", reject);
  });
}
