/**
 * Waiting for the partner event source Snyk creates after the integration exists: a waiter, not a sleep.
 * It polls with exponential backoff and jitter ({@link backoffDelay}), stops at an overall deadline or an
 * abort signal, reports progress, treats DELETED as final, and explains a timeout.
 *
 * Why not `@smithy/util-waiter`: it has no progress callback and no clock or sleep seam for tests, and
 * it ends at the first delay that would cross the deadline instead of polling once more at the deadline.
 * The schedule here is the same as its schedule.
 */
import { abortableSleep } from "../abortable-sleep";
import { partnerSourcePrefix } from "../consts";
import { ValidationError } from "../errors";
import { AwsApiError } from "./aws-api-error";
import { backoffDelay } from "./backoff";
import type { CallerIdentityLookup } from "./caller-identity";
import type { EventBridgeApi } from "./eventbridge-api";
import type { PartnerSource } from "./partner-source";
import { PartnerSourceDeletedError, PartnerSourceMismatchError } from "./partner-source-errors";
import { describePartnerSource, listPartnerSources } from "./partner-source-finder";
import { describeSourceMismatch, selectPartnerSource, type PartnerSourceExpectation } from "./partner-source-match";
import { diagnoseTimeout } from "./partner-source-diagnosis";

/** Default shortest pause between two polls. */
export const DEFAULT_MIN_DELAY_MS = 250;
/** Default longest pause between two polls. */
export const DEFAULT_MAX_DELAY_MS = 1_000;
/** Default overall deadline. */
export const DEFAULT_WAIT_TIMEOUT_MS = 300_000;

/** One step of a wait, for progress output. */
export type PartnerSourceWaitProgress =
  | {
      /** The source is not there yet (or not ACTIVE yet); the next poll follows after `nextDelayMs`. */
      readonly kind: "polling";
      readonly attempt: number;
      readonly elapsedMs: number;
      readonly nextDelayMs: number;
      /** The sources seen under the org prefix at this poll. */
      readonly seen: readonly PartnerSource[];
    }
  | {
      /** EventBridge throttled or failed transiently; the waiter backs off and polls again. */
      readonly kind: "throttled";
      readonly attempt: number;
      readonly elapsedMs: number;
      readonly nextDelayMs: number;
      readonly error: AwsApiError;
    }
  | {
      /** Sources exist under the prefix, but not the expected one (reported once). */
      readonly kind: "mismatch";
      readonly attempt: number;
      readonly elapsedMs: number;
      /** What is wrong and which setting to change. */
      readonly message: string;
      readonly seen: readonly PartnerSource[];
    }
  | {
      /** The wait is over. */
      readonly kind: "found";
      readonly attempt: number;
      readonly elapsedMs: number;
      readonly source: PartnerSource;
    };

/** Options of {@link waitForPartnerSource}. */
export interface PartnerSourceWaitOptions extends PartnerSourceExpectation {
  /** The EventBridge seam (production: `createEventBridgeApi()`). */
  readonly api: EventBridgeApi;
  /** The Snyk org ID; sources are looked for under `aws.partner/snyk.io/org_<orgId>/`. */
  readonly orgId: string;
  /**
   * The AWS account the integration targets, compared with the credentials' account on timeout.
   *
   * @default - not compared
   */
  readonly accountId?: string;
  /**
   * The region asked (the region of `api`), named on timeout.
   *
   * @default - not named
   */
  readonly region?: string;
  /**
   * Wait until the source exists (PENDING or ACTIVE), or until it is ACTIVE (a bus is associated).
   *
   * @default "exists"
   */
  readonly until?: "exists" | "active";
  /**
   * Shortest pause between polls, in ms.
   *
   * @default 250
   */
  readonly minDelayMs?: number;
  /**
   * Longest pause between polls, in ms.
   *
   * @default 1000
   */
  readonly maxDelayMs?: number;
  /**
   * Overall deadline, in ms.
   *
   * @default 300000 (5 minutes)
   */
  readonly timeoutMs?: number;
  /**
   * Fail with `PartnerSourceMismatchError` when, for this long, sources exist under the prefix but none is the
   * expected one. Leave it out when the org may have other integrations whose sources share the prefix.
   *
   * @default - a mismatch is only reported (progress, and in the timeout message)
   */
  readonly mismatchGraceMs?: number;
  /**
   * Cancels the wait; it rejects with the signal's reason.
   *
   * @default - not cancellable
   */
  readonly signal?: AbortSignal;
  /**
   * Called at every poll, for progress output.
   *
   * @default - no progress output
   */
  readonly onProgress?: (progress: PartnerSourceWaitProgress) => void;
  /**
   * Finds out which account the credentials belong to, for the timeout message
   * (production: `createCallerIdentityLookup()`).
   *
   * @default - the timeout message says the caller's account is unknown
   */
  readonly callerIdentity?: CallerIdentityLookup;
  /**
   * Clock seam for tests.
   *
   * @default Date.now
   */
  readonly now?: () => number;
  /**
   * Sleep seam for tests; must reject when `signal` aborts.
   *
   * @default - `abortableSleep`, a timer that the signal cancels
   */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Random source for the jitter, for tests.
   *
   * @default Math.random
   */
  readonly random?: () => number;
}

/** The source the wait ended with, and what else was seen. Usable wherever a `PartnerSource` is. */
export interface FoundPartnerSource extends PartnerSource {
  /** The sources seen under the org prefix at the last poll that listed them (at least the found one). */
  readonly seen: readonly PartnerSource[];
  /** Polls made. */
  readonly attempts: number;
  /** Time from the start of the wait to its end, in ms. */
  readonly waitedMs: number;
}

/**
 * Waits until the Snyk partner event source exists (or is ACTIVE) in the account and region of `api`.
 *
 * Rejects with `PartnerSourceTimeoutError` (a `TimeoutError`) at the deadline, `PartnerSourceDeletedError`
 * when the source is DELETED, `PartnerSourceMismatchError` when the expectation matches several sources
 * (or none for longer than `mismatchGraceMs`), `AwsApiError` for failures a retry cannot fix (credentials,
 * permissions), and the signal's reason when aborted.
 */
export async function waitForPartnerSource(options: PartnerSourceWaitOptions): Promise<FoundPartnerSource> {
  validateOptions(options);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const minDelayMs = options.minDelayMs ?? DEFAULT_MIN_DELAY_MS;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const prefix = partnerSourcePrefix(options.orgId);
  const start = now();
  const deadline = start + timeoutMs;
  let mismatchSince: number | undefined;
  let seen: readonly PartnerSource[] = [];

  for (let attempt = 1; ; attempt += 1) {
    options.signal?.throwIfAborted();
    let failure: AwsApiError | undefined;
    try {
      const poll = await pollOnce(options, prefix, deadline - now());
      seen = poll.seen;
      const elapsedMs = now() - start;
      if (poll.found?.state === "DELETED") {
        throw new PartnerSourceDeletedError(poll.found);
      }
      if (poll.found !== undefined && (options.until !== "active" || poll.found.state === "ACTIVE")) {
        options.onProgress?.({ kind: "found", attempt, elapsedMs, source: poll.found });
        return { ...poll.found, seen: poll.seen, attempts: attempt, waitedMs: elapsedMs };
      }
      const mismatch = poll.found === undefined ? describeSourceMismatch(poll.seen, options) : undefined;
      if (mismatch !== undefined) {
        if (mismatchSince === undefined) {
          mismatchSince = now();
          options.onProgress?.({ kind: "mismatch", attempt, elapsedMs, message: mismatch, seen: poll.seen });
        } else if (options.mismatchGraceMs !== undefined && now() - mismatchSince >= options.mismatchGraceMs) {
          throw new PartnerSourceMismatchError(
            mismatch,
            options.expectedName !== undefined ? "expectedName" : "expectedSuffix",
            options.expectedName ?? options.expectedSuffix,
            poll.seen,
          );
        }
      } else {
        mismatchSince = undefined;
      }
    } catch (error) {
      if (!AwsApiError.isAwsApiError(error) || !error.retryable) {
        throw rethrowable(error, options.signal);
      }
      failure = error;
    }

    const remaining = deadline - now();
    if (remaining <= 0) {
      throw await diagnoseTimeout(options, prefix, now() - start, seen);
    }
    const nextDelayMs = Math.min(backoffDelay(attempt, minDelayMs, maxDelayMs, random), remaining);
    const elapsedMs = now() - start;
    options.onProgress?.(
      failure === undefined
        ? { kind: "polling", attempt, elapsedMs, nextDelayMs, seen }
        : { kind: "throttled", attempt, elapsedMs, nextDelayMs, error: failure },
    );
    await sleep(nextDelayMs, options.signal);
  }
}

/** One poll: the expected source by name (or by listing), and what exists under the prefix. */
async function pollOnce(
  options: PartnerSourceWaitOptions,
  prefix: string,
  remainingMs: number,
): Promise<{ found?: PartnerSource; seen: readonly PartnerSource[] }> {
  // A call that hangs must not hold the waiter far past its deadline.
  const callSignal = withTimeout(options.signal, Math.max(remainingMs, 0) + 5_000);
  if (options.expectedName !== undefined) {
    const found = await describePartnerSource(options.api, options.expectedName, { signal: callSignal });
    if (found !== undefined) {
      return { found, seen: [found] };
    }
  }
  const seen = await listPartnerSources(options.api, prefix, { signal: callSignal });
  return { found: selectPartnerSource(seen, options), seen };
}

function validateOptions(options: PartnerSourceWaitOptions): void {
  const issues = [];
  if (!/^[A-Za-z0-9._-]+$/.test(options.orgId)) {
    issues.push({ field: "orgId", rule: "must be a Snyk org ID (letters, digits, - and _)", value: options.orgId });
  }
  if (options.expectedName !== undefined && options.expectedSuffix !== undefined) {
    issues.push({ field: "expectedSuffix", rule: "must not be set together with expectedName" });
  }
  const prefix = partnerSourcePrefix(options.orgId);
  if (options.expectedName !== undefined && !options.expectedName.startsWith(prefix)) {
    issues.push({ field: "expectedName", rule: `must start with ${prefix}`, value: options.expectedName });
  }
  for (const field of ["minDelayMs", "maxDelayMs", "timeoutMs", "mismatchGraceMs"] as const) {
    const value = options[field];
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
      issues.push({ field, rule: "must be a finite number of milliseconds >= 0", value });
    }
  }
  if ((options.minDelayMs ?? DEFAULT_MIN_DELAY_MS) > (options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS)) {
    issues.push({ field: "minDelayMs", rule: "must not exceed maxDelayMs", value: options.minDelayMs });
  }
  if (issues.length > 0) {
    throw ValidationError.fromIssues("The partner source wait options", issues);
  }
}

function rethrowable(error: unknown, signal: AbortSignal | undefined): unknown {
  // An aborted SDK call surfaces as the SDK's own AbortError; the caller expects the signal's reason.
  if (signal?.aborted) {
    return signal.reason;
  }
  return error;
}

function withTimeout(signal: AbortSignal | undefined, ms: number): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  return signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
}
