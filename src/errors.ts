/**
 * The project's error family. Every error says what went wrong and what to do about it, carries a stable
 * `code`, and can be recognised across package copies with `isInstance` (a `Symbol.for` brand instead of
 * `instanceof`, which breaks when two copies of this package are loaded, as in a bundled CLI and a library).
 */
const ERROR_BRAND = Symbol.for("snyk-eventbridge.error");

/** Base class of every error this package throws on purpose. */
export class SnykEventBridgeError extends Error {
  /** Whether `value` is an error of this family, whichever copy of the package created it. */
  public static isInstance(value: unknown): value is SnykEventBridgeError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[ERROR_BRAND] === true;
  }

  /** A stable machine-readable code, for example `ValidationError`. */
  public readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
    Object.defineProperty(this, ERROR_BRAND, { value: true });
  }
}

/** Where a validation failure was found, so the message can name it. */
export interface ValidationIssue {
  /** The field, prop or flag at fault, as the user wrote it (for example `spec.accountId` or `--pattern`). */
  readonly field: string;
  /** The rule that was broken, phrased as the requirement (for example `must be 12 digits`). */
  readonly rule: string;
  /** The offending value, when it is safe and useful to show. */
  readonly value?: unknown;
}

/** Input (props, flags, spec files, event patterns, API responses) that breaks a rule. Never retryable. */
export class ValidationError extends SnykEventBridgeError {
  /** Whether `value` is a `ValidationError`, whichever copy of the package created it. */
  public static isValidationError(value: unknown): value is ValidationError {
    return SnykEventBridgeError.isInstance(value) && value.code === "ValidationError";
  }

  /** Builds one error from several issues, each on its own line. */
  public static fromIssues(subject: string, issues: readonly ValidationIssue[]): ValidationError {
    const lines = issues.map((issue) => `  - ${describeIssue(issue)}`);
    return new ValidationError(`${subject} is invalid:\n${lines.join("\n")}`, issues);
  }

  /** The individual problems found; at least one. */
  public readonly issues: readonly ValidationIssue[];

  constructor(message: string, issues: readonly ValidationIssue[] = [], options?: { cause?: unknown }) {
    super("ValidationError", message, options);
    this.issues = issues;
  }
}

/** What Snyk's API returned when a call failed. */
export interface SnykApiErrorDetails {
  /** HTTP status, or 0 when no response was received (connection failure, timeout). */
  readonly status: number;
  /** The `snyk-request-id` response header, to quote to Snyk support. */
  readonly requestId?: string;
  /** The JSON:API error `code` (for example `SNYK-0003`). */
  readonly snykCode?: string;
  /** The JSON:API error `detail`. */
  readonly detail?: string;
  /** Whether repeating the same request later can succeed (429, 5xx and transport failures). */
  readonly retryable: boolean;
  /** The method and path called, without query string or token. */
  readonly operation?: string;
}

/** A Snyk API call failed. */
export class SnykApiError extends SnykEventBridgeError implements SnykApiErrorDetails {
  /** Whether `value` is a `SnykApiError`, whichever copy of the package created it. */
  public static isSnykApiError(value: unknown): value is SnykApiError {
    return SnykEventBridgeError.isInstance(value) && value.code === "SnykApiError";
  }

  public readonly status: number;
  public readonly requestId?: string;
  public readonly snykCode?: string;
  public readonly detail?: string;
  public readonly retryable: boolean;
  public readonly operation?: string;

  constructor(message: string, details: SnykApiErrorDetails, options?: { cause?: unknown }) {
    super("SnykApiError", message, options);
    this.status = details.status;
    this.requestId = details.requestId;
    this.snykCode = details.snykCode;
    this.detail = details.detail;
    this.retryable = details.retryable;
    this.operation = details.operation;
  }
}

/** A wait or an operation ran past its deadline. */
export class TimeoutError extends SnykEventBridgeError {
  /** Whether `value` is a `TimeoutError`, whichever copy of the package created it. */
  public static isTimeoutError(value: unknown): value is TimeoutError {
    return SnykEventBridgeError.isInstance(value) && value.code === "TimeoutError";
  }

  /** How long was waited, in milliseconds. */
  public readonly waitedMs: number;

  constructor(message: string, waitedMs: number, options?: { cause?: unknown }) {
    super("TimeoutError", message, options);
    this.waitedMs = waitedMs;
  }
}

function describeIssue(issue: ValidationIssue): string {
  if (issue.value === undefined) {
    return `${issue.field} ${issue.rule}`;
  }
  return `${issue.field} ${issue.rule} (got ${formatValue(issue.value)})`;
}

function formatValue(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
