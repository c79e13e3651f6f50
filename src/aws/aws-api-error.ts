import { SnykEventBridgeError } from "../errors";

/** What AWS returned when a call failed. */
export interface AwsApiErrorDetails {
  /** The API operation, for example `DescribeEventSource`. */
  readonly operation: string;
  /** The AWS error code (`__type`), for example `AccessDeniedException`; `NetworkError` when no response came. */
  readonly awsCode: string;
  /** HTTP status, or 0 when no response was received. */
  readonly status: number;
  /** The `x-amzn-RequestId` response header, to quote to AWS support. */
  readonly requestId?: string;
  /** Whether repeating the same call later can succeed (throttling, 5xx, transport failures). */
  readonly retryable: boolean;
}

/** An AWS API call (EventBridge or STS) failed. Credentials never appear in it. */
export class AwsApiError extends SnykEventBridgeError implements AwsApiErrorDetails {
  /** Whether `value` is an `AwsApiError`, whichever copy of the package created it. */
  public static isAwsApiError(value: unknown): value is AwsApiError {
    return SnykEventBridgeError.isInstance(value) && value.code === "AwsApiError";
  }

  public readonly operation: string;
  public readonly awsCode: string;
  public readonly status: number;
  public readonly requestId?: string;
  public readonly retryable: boolean;

  constructor(message: string, details: AwsApiErrorDetails, options?: { cause?: unknown }) {
    super("AwsApiError", message, options);
    this.operation = details.operation;
    this.awsCode = details.awsCode;
    this.status = details.status;
    this.requestId = details.requestId;
    this.retryable = details.retryable;
  }
}

/** Error codes that mean "slow down": the call can succeed later. */
const THROTTLING_CODES = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "ConcurrentModificationException",
]);

const CREDENTIAL_CODES = new Set([
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "MissingAuthenticationTokenException",
  "CredentialsProviderError",
]);

/** Whether `error` is an {@link AwsApiError} with the AWS error code `awsCode`. */
export function isAwsErrorCode(error: unknown, awsCode: string): boolean {
  return AwsApiError.isAwsApiError(error) && error.awsCode === awsCode;
}

/**
 * Turns whatever the AWS SDK threw into an {@link AwsApiError} whose message names the operation, the AWS
 * code and what to check. An `AbortError` (the caller cancelled) is returned unchanged.
 */
export function toAwsApiError(operation: string, error: unknown): unknown {
  if (AwsApiError.isAwsApiError(error)) {
    return error;
  }
  if (error instanceof Error && error.name === "AbortError") {
    return error;
  }
  const record = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>;
  const metadata = (record.$metadata ?? {}) as { httpStatusCode?: number; requestId?: string };
  const status = typeof metadata.httpStatusCode === "number" ? metadata.httpStatusCode : 0;
  const name = typeof record.name === "string" && record.name !== "Error" ? record.name : undefined;
  const awsCode = name ?? (status === 0 ? "NetworkError" : `Http${status}`);
  const detail =
    typeof record.message === "string" && record.message !== "" ? record.message.replace(/\.$/, "") : "no message";
  const retryable = THROTTLING_CODES.has(awsCode) || status >= 500 || status === 0 || record.$retryable !== undefined;
  const where = status === 0 ? "no response" : `HTTP ${status}`;
  const requestId = metadata.requestId ? `, request id ${metadata.requestId}` : "";
  return new AwsApiError(
    `AWS ${operation} failed with ${awsCode} (${where}${requestId}): ${detail}. ${advice(operation, awsCode, status)}`,
    { operation, awsCode, status, requestId: metadata.requestId, retryable },
    { cause: error },
  );
}

function advice(operation: string, awsCode: string, status: number): string {
  if (THROTTLING_CODES.has(awsCode)) {
    return "AWS is throttling this account; the call can be repeated after a pause.";
  }
  if (CREDENTIAL_CODES.has(awsCode)) {
    return "Check the AWS credentials in use (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or the role) and that they are not expired.";
  }
  if (awsCode === "AccessDeniedException" || awsCode === "AccessDenied" || status === 403) {
    return `Grant the credentials in use permission for events:${operation}.`;
  }
  if (status === 0) {
    return "Check the network and the endpoint (AWS_ENDPOINT_URL_EVENTBRIDGE, AWS_REGION).";
  }
  if (status >= 500) {
    return "AWS had an internal error; the call can be repeated later.";
  }
  return "Check the request values named in the message.";
}
