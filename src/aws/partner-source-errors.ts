/**
 * Errors specific to waiting for a partner event source. They extend the project's error family, so
 * `TimeoutError.isTimeoutError` and `ValidationError.isValidationError` recognise them.
 */
import { SnykEventBridgeError, TimeoutError, ValidationError } from "../errors";
import type { PartnerSource } from "./partner-source";

/** What was found out when a wait for a partner event source ended without one. */
export interface PartnerSourceDiagnosis {
  /** The org prefix searched, `aws.partner/snyk.io/org_<orgId>/`. */
  readonly prefix: string;
  /**
   * The name or suffix that was expected.
   *
   * @default - any source under the prefix was accepted
   */
  readonly expected?: string;
  /**
   * The account the integration targets.
   *
   * @default - not given to the waiter
   */
  readonly expectedAccountId?: string;
  /**
   * The account the AWS credentials belong to (STS GetCallerIdentity).
   *
   * @default - unknown (no identity lookup, or it failed)
   */
  readonly callerAccountId?: string;
  /**
   * The region asked.
   *
   * @default - not given to the waiter
   */
  readonly region?: string;
  /** The partner sources that exist under the prefix (empty when none, or when listing failed). */
  readonly seen: readonly PartnerSource[];
}

/** The partner event source did not appear before the deadline. */
export class PartnerSourceTimeoutError extends TimeoutError {
  /** What the waiter found out, also spelled out in the message. */
  public readonly diagnosis: PartnerSourceDiagnosis;

  constructor(message: string, waitedMs: number, diagnosis: PartnerSourceDiagnosis) {
    super(message, waitedMs);
    this.diagnosis = diagnosis;
  }
}

/** The partner deleted the event source (state DELETED): it never becomes usable again. */
export class PartnerSourceDeletedError extends SnykEventBridgeError {
  /** Whether `value` is a `PartnerSourceDeletedError`, whichever copy of the package created it. */
  public static isPartnerSourceDeletedError(value: unknown): value is PartnerSourceDeletedError {
    return SnykEventBridgeError.isInstance(value) && value.code === "PartnerSourceDeleted";
  }

  /** The deleted source. */
  public readonly source: PartnerSource;

  constructor(source: PartnerSource) {
    super(
      "PartnerSourceDeleted",
      `The partner event source ${source.name} (${source.arn}) is DELETED: the partner removed it, which happens when ` +
        `the Snyk integration is deleted or re-created. A deleted source never becomes usable again. Delete the ` +
        `partner event bus named ${source.name}, then re-create the Snyk integration (run reconcile again) so that ` +
        `Snyk creates a new source.`,
    );
    this.source = source;
  }
}

/**
 * Partner sources exist under the org prefix, but none is the one expected, or several match and the
 * expectation does not say which one.
 */
export class PartnerSourceMismatchError extends ValidationError {
  /** The sources that exist under the prefix. */
  public readonly seen: readonly PartnerSource[];

  constructor(message: string, field: string, expected: string | undefined, seen: readonly PartnerSource[]) {
    super(message, [{ field, rule: "must select exactly one partner event source Snyk created", value: expected }]);
    this.seen = seen;
  }
}
